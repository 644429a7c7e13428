import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startTestApp, stopTestApps, waitFor, waitForStatus } from '../../helpers/app.js';
import { ManualClock } from '../../../src/util/clock.js';
import { makeTempDir, removeTempDirs, tempPacksDir } from '../../helpers/temp-pack.js';
import { childOf, children, taskSequence, workflowFiles } from './helpers.js';

afterEach(() => stopTestApps());
afterAll(() => removeTempDirs());

const FLAKY = {
  version: 1.0,
  input: ['flag'],
  tasks: {
    task1: { action: 'core.local', input: { cmd: 'echo one' }, next: [{ when: '{{ succeeded() }}', publish: [{ first: '{{ result().stdout }}' }], do: 'task2' }] },
    task2: { action: 'core.local', input: { cmd: 'test -f {{ ctx().flag }} && echo two' }, next: [{ when: '{{ succeeded() }}', publish: [{ second: '{{ result().stdout }}' }] }] },
  },
  output: [{ first: '{{ ctx().first }}' }, { second: '{{ ctx().second }}' }],
};

const FLAKY_ITEMS = {
  version: 1.0,
  input: ['dir'],
  tasks: {
    each: {
      with: { items: '{{ ["a", "b", "c"] }}', concurrency: 1 },
      action: 'core.local',
      input: { cmd: 'test -f {{ ctx().dir }}/{{ item() }} && echo {{ item() }}' },
      next: [{ when: '{{ succeeded() }}', publish: [{ got: '{{ result() | map(attribute="stdout") | join(",") }}' }] }],
    },
  },
  output: [{ got: '{{ ctx().got }}' }],
};

const DELAYED_AND_RETRIED = {
  version: 1.0,
  input: ['counter'],
  tasks: {
    later: { delay: 1, action: 'core.local', input: { cmd: 'echo late' }, next: [{ when: '{{ succeeded() }}', do: 'flaky' }] },
    flaky: {
      action: 'core.local',
      input: { cmd: 'n=$(( $(cat {{ ctx().counter }} 2>/dev/null || echo 0) + 1 )); echo $n > {{ ctx().counter }}; [ $n -ge 3 ] && echo attempt $n' },
      retry: { when: '{{ failed() }}', count: 3 },
      next: [{ when: '{{ succeeded() }}', publish: [{ said: '{{ result().stdout }}' }] }],
    },
  },
  output: [{ said: '{{ ctx().said }}' }],
};

describe('re-running a workflow from a failed task', () => {
  it('continues the workflow in a new execution without running the succeeded tasks again', async () => {
    const packsDir = tempPacksDir({ wf: workflowFiles({ flaky: { definition: FLAKY, parameters: { flag: { type: 'string' } } } }) });
    const flag = path.join(makeTempDir('squall-flag-'), 'ready');
    const { app } = await startTestApp({ packsDir });
    const first = await app.executor.wait(app.executor.request({ ref: 'wf.flaky', parameters: { flag } }).id);
    expect(first.status).toBe('failed');
    const result = first.result as { output: unknown; errors: { task_id?: string }[] };
    expect(result.output).toEqual({ first: 'one' });
    expect(result.errors[0]).toMatchObject({ task_id: 'task2', message: 'Execution failed. See result for details.' });

    expect(() => app.workflows.reRun(first.id, { tasks: ['nosuch'] })).toThrow(expect.objectContaining({ code: 'WORKFLOW_STATE_INVALID' }));
    expect(app.executions.list({ action: 'wf.flaky' })).toHaveLength(1);

    writeFileSync(flag, '');
    const again = app.workflows.reRun(first.id, { tasks: ['task2'] });
    expect(again.id).not.toBe(first.id);
    expect(again.context.re_run).toEqual({ ref: first.id });
    const done = await app.executor.wait(again.id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ output: { first: 'one', second: 'two' } });
    // task1 ran once in all: its run and result are carried over.
    expect(children(app, first.id).map((c) => c.context.parent?.task_id)).toEqual(['task1', 'task2']);
    expect(children(app, done.id).map((c) => c.context.parent?.task_id)).toEqual(['task2']);
    expect(taskSequence(app, done.id)).toEqual(['task1', 'task2', 'task2']);
    expect(app.workflows.tasks(done.id)!.map((t) => t.status)).toEqual(['succeeded', 'failed', 'succeeded']);
    // The failed execution stays failed.
    expect(app.executions.get(first.id)?.status).toBe('failed');
    // A plain re-run of the re-run starts the workflow from the beginning.
    const plain = await app.executor.wait(app.executor.reRun(done.id).id);
    expect(plain.status).toBe('succeeded');
    expect(children(app, plain.id).map((c) => c.context.parent?.task_id)).toEqual(['task1', 'task2']);
  });

  it('re-runs only the failed items of a with-items task when asked not to reset it', async () => {
    const packsDir = tempPacksDir({ wf: workflowFiles({ items: { definition: FLAKY_ITEMS, parameters: { dir: { type: 'string' } } } }) });
    const dir = makeTempDir('squall-items-');
    writeFileSync(path.join(dir, 'a'), '');
    writeFileSync(path.join(dir, 'c'), '');
    const { app } = await startTestApp({ packsDir });
    const first = await app.executor.wait(app.executor.request({ ref: 'wf.items', parameters: { dir } }).id);
    expect(first.status).toBe('failed');
    // A failed item fails the task: with concurrency 1 the third item never started.
    expect(children(app, first.id).map((c) => [c.context.parent?.item_id, c.status])).toEqual([
      [0, 'succeeded'],
      [1, 'failed'],
    ]);

    writeFileSync(path.join(dir, 'b'), '');
    const done = await app.executor.wait(app.workflows.reRun(first.id, { tasks: ['each'], noReset: ['each'] }).id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ output: { got: 'a,b,c' } });
    expect(children(app, done.id).map((c) => c.context.parent?.item_id)).toEqual([1, 2]);
  });

  it('without tasks, re-runs the failed terminal tasks', async () => {
    const packsDir = tempPacksDir({ wf: workflowFiles({ flaky: { definition: FLAKY, parameters: { flag: { type: 'string' } } } }) });
    const flag = path.join(makeTempDir('squall-flag-'), 'ready');
    const { app } = await startTestApp({ packsDir });
    const first = await app.executor.wait(app.executor.request({ ref: 'wf.flaky', parameters: { flag } }).id);
    writeFileSync(flag, '');
    const done = await app.executor.wait(app.workflows.reRun(first.id).id);
    expect(done.status).toBe('succeeded');
    expect(children(app, done.id).map((c) => c.context.parent?.task_id)).toEqual(['task2']);
  });
});

describe('delays and retries', () => {
  it('starts a delayed task after its delay and retries a failing task until it succeeds', async () => {
    const packsDir = tempPacksDir({ wf: workflowFiles({ slowpoke: { definition: DELAYED_AND_RETRIED, parameters: { counter: { type: 'string' } } } }) });
    const counter = path.join(makeTempDir('squall-counter-'), 'n');
    const { app } = await startTestApp({ packsDir });
    const wf = app.executor.request({ ref: 'wf.slowpoke', parameters: { counter } });
    const done = await app.executor.wait(wf.id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ output: { said: 'attempt 3' } });
    const later = childOf(app, wf.id, 'later')!;
    expect(Date.parse(later.start_timestamp) - Date.parse(done.start_timestamp)).toBeGreaterThanOrEqual(1000);
    expect(children(app, wf.id).filter((c) => c.context.parent?.task_id === 'flaky').map((c) => c.status)).toEqual(['failed', 'failed', 'succeeded']);
    expect(taskSequence(app, wf.id)).toEqual(['later', 'flaky', 'flaky', 'flaky']);
  });

  it('waits for a delay on the injected clock, and a delay survives a restart', async () => {
    const definition = { version: 1.0, tasks: { first: { action: 'core.noop', next: [{ do: 'later' }] }, later: { delay: 30, action: 'core.noop' } } };
    const clock = new ManualClock(Date.now());
    const t = await startTestApp({ packsDir: tempPacksDir({ wf: workflowFiles({ wait: { definition } }) }), clock });
    const wf = t.app.executor.request({ ref: 'wf.wait' });
    await waitFor(() => childOf(t.app, wf.id, 'first')?.status === 'succeeded', 'the first task');
    await waitFor(() => t.app.workflows.tasks(wf.id)?.some((v) => v.task_id === 'later'), 'the delayed task to be taken');
    clock.advance(20_000);
    expect(childOf(t.app, wf.id, 'later')).toBeUndefined();

    const app = await t.restart();
    expect(app.executions.get(wf.id)?.status).toBe('running');
    clock.advance(9_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(childOf(app, wf.id, 'later')).toBeUndefined();
    clock.advance(1_000);
    const done = await waitForStatus(app, wf.id, 'succeeded');
    expect(childOf(app, wf.id, 'later')?.status).toBe('succeeded');
    expect(done.result).toEqual({ output: null });
  });
});
