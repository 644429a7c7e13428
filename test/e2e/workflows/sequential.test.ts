import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startTestApp, statusLog, stopTestApps } from '../../helpers/app.js';
import { removeTempDirs, tempPacksDir } from '../../helpers/temp-pack.js';
import { childOf, children, taskSequence, workflowFiles } from './helpers.js';

afterEach(() => stopTestApps());
afterAll(() => removeTempDirs());

const SEQUENTIAL = {
  version: 1.0,
  description: 'two shell tasks in a row',
  input: ['who', { punctuation: '!' }],
  vars: [{ greeting: 'hello' }],
  tasks: {
    task1: {
      action: 'core.local',
      input: { cmd: 'echo "{{ ctx().greeting }}, {{ ctx().who }}"' },
      next: [{ when: '{{ succeeded() }}', publish: [{ msg: '{{ result().stdout }}' }], do: 'task2' }],
    },
    task2: {
      action: 'core.local cmd="echo {{ ctx().msg }}{{ ctx().punctuation }}"',
      next: [{ when: '{{ succeeded() }}', publish: 'final="{{ result().stdout }}" task1_status="{{ task_status(\'task1\') }}"' }],
    },
  },
  output: [
    { message: '{{ ctx().final }}' },
    { task1: '{{ task_status("task1") }}' },
    { execution: '{{ ctx().st2.action_execution_id }}' },
    { first_child: '{{ task("task1").result.stdout }}' },
  ],
};

describe('a sequential workflow', () => {
  it('runs each task as a child execution, publishes between them and renders the output', async () => {
    const packsDir = tempPacksDir({ wf: workflowFiles({ seq: { definition: SEQUENTIAL, parameters: { who: { type: 'string', required: true } } } }) });
    const { app } = await startTestApp({ packsDir });
    const requested = app.executor.request({ ref: 'wf.seq', parameters: { who: 'world' } });
    const done = await app.executor.wait(requested.id);

    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({
      output: { message: 'hello, world!', task1: 'succeeded', execution: done.id, first_child: 'hello, world' },
    });
    expect(statusLog(done)).toEqual(['requested', 'scheduled', 'running', 'succeeded']);

    const kids = children(app, done);
    expect(kids.map((k) => [k.action.ref, k.status, k.parent])).toEqual([
      ['core.local', 'succeeded', done.id],
      ['core.local', 'succeeded', done.id],
    ]);
    expect(childOf(app, done.id, 'task2')?.parameters).toMatchObject({ cmd: 'echo hello, world!' });
    expect(childOf(app, done.id, 'task1')?.context.parent).toEqual({ execution_id: done.id, task_id: 'task1', route: 0 });
    expect(taskSequence(app, done.id)).toEqual(['task1', 'task2']);
    const views = app.workflows.tasks(done.id)!;
    expect(views.map((v) => [v.status, v.executions])).toEqual([
      ['succeeded', [kids[0]!.id]],
      ['succeeded', [kids[1]!.id]],
    ]);
    expect(views.every((v) => typeof v.elapsed_ms === 'number')).toBe(true);
    // The checkpoint stays after completion (for re-runs and displays).
    expect(app.store.collection('workflows').get(done.id)).toMatchObject({ id: done.id, active: {} });
  });

  it('fails at once with inspection errors for a broken definition, starting nothing', async () => {
    const broken = { version: 1.0, tasks: { task1: { action: 'core.local', input: { cmd: 'echo {{ ctx().nope }}' }, next: [{ do: 'missing' }] } } };
    const packsDir = tempPacksDir({ wf: workflowFiles({ broken: { definition: broken } }) });
    const { app } = await startTestApp({ packsDir });
    const done = await app.executor.wait(app.executor.request({ ref: 'wf.broken' }).id);
    expect(done.status).toBe('failed');
    const result = done.result as { output: unknown; errors: { type: string; message: string; spec_path: string }[] };
    expect(result.output).toBeNull();
    expect(result.errors.map((e) => e.type).sort()).toEqual(['context', 'semantic']);
    expect(result.errors.find((e) => e.type === 'context')?.message).toContain('nope');
    expect(done.children).toEqual([]);
  });

  it('a task without an action only evaluates its transitions', async () => {
    const definition = {
      version: 1.0,
      vars: [{ n: 1 }],
      tasks: {
        start: { next: [{ publish: [{ n: '{{ ctx().n + 1 }}' }], do: 'finish' }] },
        finish: { action: 'core.noop', next: [{ publish: [{ n: '{{ ctx().n * 10 }}' }] }] },
      },
      output: [{ n: '{{ ctx().n }}' }],
    };
    const packsDir = tempPacksDir({ wf: workflowFiles({ bare: { definition } }) });
    const { app } = await startTestApp({ packsDir });
    const done = await app.executor.wait(app.executor.request({ ref: 'wf.bare' }).id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ output: { n: 20 } });
    expect(children(app, done).map((c) => c.action.ref)).toEqual(['core.noop']);
    expect(taskSequence(app, done.id)).toEqual(['start', 'finish']);
  });
});
