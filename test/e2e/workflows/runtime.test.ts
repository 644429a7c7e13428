import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startTestApp, stopTestApps } from '../../helpers/app.js';
import { removeTempDirs, tempPacksDir } from '../../helpers/temp-pack.js';
import { childOf, workflowFiles } from './helpers.js';

afterEach(() => stopTestApps());
afterAll(() => removeTempDirs());

const YAQL = `
version: 1.0
input:
  - who
vars:
  - greeting: <% st2kv('system.greeting') %>
  - fallback: <% st2kv('system.missing', default => 'none') %>
tasks:
  first:
    action: core.local cmd="echo <% ctx().greeting %> <% ctx().who %>"
    next:
      - when: <% succeeded() and result().return_code = 0 %>
        publish:
          - line: <% result().stdout %>
        do: second
  second:
    action: core.noop
    next:
      - publish: first_status=<% task(first).status %> first_route=<% task('first', route => 0).route %> self=<% task().status %>
output:
  - line: <% ctx().line %>
  - fallback: <% ctx().fallback %>
  - first_status: <% ctx().first_status %>
  - first_route: <% ctx().first_route %>
  - user: <% ctx().st2.user %>
  - runner: <% ctx().st2.runner %>
  - self: <% ctx().self %>
`;

const SECRET_INPUT = {
  version: 1.0,
  input: ['token'],
  tasks: { check: { action: 'core.local', input: { cmd: '[ "$(echo {{ ctx().token }} | rev)" = "terces" ] && echo ok' }, next: [{ publish: [{ ok: '{{ result().stdout }}' }] }] } },
  output: [{ ok: '{{ ctx().ok }}' }],
};

const RUNTIME_FAILURES = {
  version: 1.0,
  input: ['which'],
  tasks: { dynamic: { action: '{{ ctx().which }}', next: [{ when: '{{ failed() }}', publish: [{ why: '{{ result().error }}' }], do: 'noop' }] } },
  output: [{ why: '{{ ctx().why }}' }],
};

const BAD_VARS = { version: 1.0, vars: [{ x: '{{ 1 / 0 }}' }], tasks: { never: { action: 'core.noop' } } };

describe('the runtime around a workflow', () => {
  it('evaluates YAQL, st2kv(), task() and ctx().st2', async () => {
    const { app } = await startTestApp({ packsDir: tempPacksDir({ wf: workflowFiles({ yaql: { definition: YAQL, parameters: { who: { type: 'string' } } } }) }) });
    app.kv.set('greeting', 'howdy');
    const done = await app.executor.wait(app.executor.request({ ref: 'wf.yaql', parameters: { who: 'partner' }, context: { user: 'carol' } }).id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ output: { line: 'howdy partner', fallback: 'none', first_status: 'succeeded', first_route: 0, user: 'carol', runner: 'orquesta', self: 'succeeded' } });
    // The children run as the workflow's user.
    expect(childOf(app, done.id, 'first')?.context.user).toBe('carol');
  });

  it('keeps the checkpoint of a workflow with secret input encrypted', async () => {
    const packsDir = tempPacksDir({ wf: workflowFiles({ secret: { definition: SECRET_INPUT, parameters: { token: { type: 'string', secret: true } } } }) });
    const { app } = await startTestApp({ packsDir });
    const done = await app.executor.wait(app.executor.request({ ref: 'wf.secret', parameters: { token: 'secret' } }).id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ output: { ok: 'ok' } });
    const doc = app.store.collection('workflows').get(done.id) as { encrypted?: boolean; conductor: string } | undefined;
    expect(doc?.encrypted).toBe(true);
    expect(JSON.stringify(doc)).not.toContain('secret');
    expect(done.parameters.token).not.toBe('secret');
  });

  it('fails the task whose action cannot be requested, with the reason as its result', async () => {
    const packsDir = tempPacksDir({ wf: workflowFiles({ dyn: { definition: RUNTIME_FAILURES, parameters: { which: { type: 'string' } } } }) });
    const { app } = await startTestApp({ packsDir });
    const done = await app.executor.wait(app.executor.request({ ref: 'wf.dyn', parameters: { which: 'nosuch.action' } }).id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ output: { why: 'action nosuch.action not found' } });
    expect(done.children).toEqual([]);
    const ok = await app.executor.wait(app.executor.request({ ref: 'wf.dyn', parameters: { which: 'core.noop' } }).id);
    // The action given by an expression runs when it exists.
    expect(childOf(app, ok.id, 'dynamic')).toMatchObject({ action: { ref: 'core.noop' }, status: 'succeeded' });
  });

  it('a workflow whose vars cannot be evaluated fails before any task, with the error', async () => {
    const { app } = await startTestApp({ packsDir: tempPacksDir({ wf: workflowFiles({ bad: { definition: BAD_VARS } }) }) });
    const done = await app.executor.wait(app.executor.request({ ref: 'wf.bad' }).id);
    expect(done.status).toBe('failed');
    const result = done.result as { output: unknown; errors: { message: string }[] };
    expect(result.output).toBeNull();
    expect(result.errors[0]?.message).toMatch(/^JinjaEvaluationException: Unable to evaluate expression '\{\{ 1 \/ 0 \}\}'\. ZeroDivisionError/);
    expect(done.children).toEqual([]);
  });

  it("gives the tasks named in the runner's `notify` the workflow's notify section", async () => {
    const definition = { version: 1.0, tasks: { loud: { action: 'core.noop', next: [{ do: 'quiet' }] }, quiet: { action: 'core.noop' } } };
    const meta = { notify: { 'on-complete': { routes: ['ops'], message: 'done' } } };
    const packsDir = tempPacksDir({ wf: workflowFiles({ noisy: { definition, meta, parameters: { notify: { default: ['loud'] } } } }) });
    const { app } = await startTestApp({ packsDir });
    const done = await app.executor.wait(app.executor.request({ ref: 'wf.noisy' }).id);
    await app.idle();
    const notified = app.triggers
      .list()
      .filter((i) => i.trigger === 'core.st2.generic.notifytrigger')
      .map((i) => i.payload.execution_id);
    expect(notified).toContain(childOf(app, done.id, 'loud')!.id);
    expect(notified).toContain(done.id);
    expect(notified).not.toContain(childOf(app, done.id, 'quiet')!.id);
  });
});
