import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/util/clock.js';
import { startTestApp, statusLog, stopTestApps, waitForStatus } from '../../helpers/app.js';
import { removeTempDirs, tempPacksDir } from '../../helpers/temp-pack.js';
import { childOf, children, waitForTask, workflowFiles } from './helpers.js';

afterEach(() => stopTestApps());
afterAll(() => removeTempDirs());

const TWO_STEPS = {
  version: 1.0,
  tasks: {
    first: { action: 'core.local', input: { cmd: 'sleep 0.4; echo one' }, next: [{ when: '{{ succeeded() }}', do: 'second' }] },
    second: { action: 'core.local', input: { cmd: 'echo two' }, next: [{ publish: [{ last: '{{ result().stdout }}' }] }] },
  },
  output: [{ last: '{{ ctx().last }}' }],
};

const LONG = {
  version: 1.0,
  tasks: {
    init: { action: 'core.noop', next: [{ do: ['sleeper', 'sub'] }] },
    sleeper: { action: 'core.local', input: { cmd: 'sleep 30' }, next: [{ do: 'never' }] },
    sub: { action: 'wf.inner' },
    never: { action: 'core.noop' },
  },
};
const INNER = { version: 1.0, tasks: { wait: { action: 'core.local', input: { cmd: 'sleep 30' } } } };

const ASK = {
  version: 1.0,
  tasks: {
    init: { action: 'core.noop', next: [{ do: ['approve', 'other'] }] },
    approve: {
      action: 'core.ask',
      input: { schema: { type: 'object', properties: { ok: { type: 'boolean', required: true }, note: { type: 'string' } } } },
      next: [
        { when: '{{ succeeded() and result().response.ok }}', publish: [{ note: '{{ result().response.note }}' }], do: 'go' },
        { when: '{{ failed() }}', do: 'denied' },
      ],
    },
    other: { action: 'core.local', input: { cmd: 'sleep 0.3; echo other' } },
    go: { action: 'core.local', input: { cmd: 'echo approved: {{ ctx().note }}' }, next: [{ publish: [{ said: '{{ result().stdout }}' }] }] },
    denied: { action: 'core.noop' },
  },
  output: [{ said: '{{ ctx().said }}' }],
};

describe('pause, resume and cancel', () => {
  it('pause waits for the running task, starts nothing new, and resume continues', async () => {
    const { app } = await startTestApp({ packsDir: tempPacksDir({ wf: workflowFiles({ two: { definition: TWO_STEPS } }) }) });
    const wf = app.executor.request({ ref: 'wf.two' });
    await waitForTask(app, wf.id, 'first', 'running');
    expect(app.workflows.pause(wf.id).status).toBe('pausing');
    const paused = await waitForStatus(app, wf.id, 'paused');
    expect(childOf(app, wf.id, 'first')?.status).toBe('succeeded');
    expect(childOf(app, wf.id, 'second')).toBeUndefined();
    // `squall run` reports a paused workflow as it stands.
    expect((await app.executor.wait(wf.id, { settled: true })).status).toBe('paused');
    expect(() => app.workflows.pause(wf.id)).not.toThrow();
    expect(() => app.workflows.resume('nope')).toThrow(expect.objectContaining({ code: 'EXECUTION_NOT_FOUND' }));

    app.workflows.resume(wf.id);
    const done = await app.executor.wait(wf.id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ output: { last: 'two' } });
    expect(statusLog(done)).toEqual(['requested', 'scheduled', 'running', 'pausing', 'paused', 'resuming', 'running', 'succeeded']);
    expect(paused.id).toBe(wf.id);
    expect(() => app.workflows.resume(wf.id)).toThrow(expect.objectContaining({ code: 'WORKFLOW_STATE_INVALID' }));
  });

  it('cancel stops the running tasks and subworkflows and ends canceled, starting nothing more', async () => {
    const packsDir = tempPacksDir({ wf: workflowFiles({ long: { definition: LONG }, inner: { definition: INNER } }) });
    const { app } = await startTestApp({ packsDir });
    const wf = app.executor.request({ ref: 'wf.long' });
    await waitForTask(app, wf.id, 'sleeper', 'running');
    const sub = await waitForTask(app, wf.id, 'sub', 'running');
    await waitForTask(app, sub.id, 'wait', 'running');

    const started = Date.now();
    app.executor.cancel(wf.id);
    const done = await app.executor.wait(wf.id);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(done.status).toBe('canceled');
    expect(statusLog(done)).toContain('canceling');
    expect(done.result).toEqual({ output: null });
    expect(childOf(app, wf.id, 'sleeper')?.status).toBe('canceled');
    expect(app.executions.get(sub.id)?.status).toBe('canceled');
    expect(childOf(app, sub.id, 'wait')?.status).toBe('canceled');
    expect(childOf(app, wf.id, 'never')).toBeUndefined();
    expect(app.workflows.tasks(wf.id)!.find((t) => t.task_id === 'sleeper')?.status).toBe('canceled');
  });

  it('pausing a workflow pauses its running subworkflow; resuming resumes both', async () => {
    const inner = { version: 1.0, tasks: { a: { action: 'core.local', input: { cmd: 'sleep 0.3' }, next: [{ do: 'b' }] }, b: { action: 'core.noop' } } };
    const outer = { version: 1.0, tasks: { sub: { action: 'wf.inner', next: [{ when: '{{ succeeded() }}', do: 'after' }] }, after: { action: 'core.noop' } } };
    const { app } = await startTestApp({ packsDir: tempPacksDir({ wf: workflowFiles({ outer: { definition: outer }, inner: { definition: inner } }) }) });
    const wf = app.executor.request({ ref: 'wf.outer' });
    const sub = await waitForTask(app, wf.id, 'sub', 'running');
    await waitForTask(app, sub.id, 'a', 'running');
    app.workflows.pause(wf.id);
    await waitForStatus(app, sub.id, 'paused');
    await waitForStatus(app, wf.id, 'paused');
    expect(childOf(app, sub.id, 'b')).toBeUndefined();
    app.workflows.resume(wf.id);
    expect((await app.executor.wait(wf.id)).status).toBe('succeeded');
    expect(app.executions.get(sub.id)?.status).toBe('succeeded');
    expect(childOf(app, wf.id, 'after')?.status).toBe('succeeded');
  });
});

describe('inquiries in a workflow', () => {
  it('pauses the workflow once only the inquiry is left, and the answer resumes it', async () => {
    const { app } = await startTestApp({ packsDir: tempPacksDir({ wf: workflowFiles({ ask: { definition: ASK } }) }) });
    const wf = app.executor.request({ ref: 'wf.ask' });
    const ask = await waitForTask(app, wf.id, 'approve', 'pending');
    // The other branch keeps running while the inquiry waits.
    expect(['pausing', 'running']).toContain(app.executions.get(wf.id)!.status);
    const paused = await waitForStatus(app, wf.id, 'paused');
    expect(childOf(app, wf.id, 'other')?.status).toBe('succeeded');
    expect(statusLog(paused)).toContain('pausing');
    expect(app.inquiries.list().map((i) => i.id)).toEqual([ask.id]);

    app.inquiries.respond(ask.id, { ok: true, note: 'ship it' }, { user: 'alice' });
    const done = await app.executor.wait(wf.id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ output: { said: 'approved: ship it' } });
    expect(statusLog(done).slice(-3)).toEqual(['resuming', 'running', 'succeeded']);
    expect(childOf(app, wf.id, 'denied')).toBeUndefined();
    expect(children(app, wf.id).map((c) => c.context.parent?.task_id)).toEqual(['init', 'approve', 'other', 'go']);
  });

  it('an inquiry that times out resumes the workflow along the failure path', async () => {
    const definition = {
      version: 1.0,
      tasks: {
        approve: { action: 'core.ask', input: { ttl: 1 }, next: [{ when: '{{ succeeded() }}', do: 'go' }, { when: '{{ failed() }}', do: 'denied' }] },
        go: { action: 'core.noop' },
        denied: { action: 'core.noop' },
      },
      output: [{ approve: '{{ task_status("approve") }}' }],
    };
    const clock = new ManualClock(Date.now());
    const { app } = await startTestApp({ packsDir: tempPacksDir({ wf: workflowFiles({ ttl: { definition } }) }), clock });
    const wf = app.executor.request({ ref: 'wf.ttl' });
    const ask = await waitForTask(app, wf.id, 'approve', 'pending');
    await waitForStatus(app, wf.id, 'paused');
    clock.advance(61_000);
    const done = await app.executor.wait(wf.id);
    expect(app.executions.get(ask.id)?.status).toBe('timeout');
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ output: { approve: 'failed' } });
    expect(childOf(app, wf.id, 'denied')?.status).toBe('succeeded');
    expect(childOf(app, wf.id, 'go')).toBeUndefined();
  });
});
