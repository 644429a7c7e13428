import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startTestApp, stopTestApps } from '../../helpers/app.js';
import { removeTempDirs, tempPacksDir } from '../../helpers/temp-pack.js';
import { childOf, children, taskSequence, workflowFiles } from './helpers.js';

afterEach(() => stopTestApps());
afterAll(() => removeTempDirs());

const PARALLEL_JOIN = {
  version: 1.0,
  tasks: {
    init: { action: 'core.noop', next: [{ do: ['slow', 'quick'] }] },
    slow: { action: 'core.local', input: { cmd: 'sleep 0.3; echo a' }, next: [{ when: '{{ succeeded() }}', publish: [{ a: '{{ result().stdout }}' }], do: 'merge' }] },
    quick: { action: 'core.local', input: { cmd: 'echo b' }, next: [{ when: '{{ succeeded() }}', publish: [{ b: '{{ result().stdout }}' }], do: 'merge' }] },
    merge: { join: 'all', action: 'core.local', input: { cmd: 'echo {{ ctx().a }}{{ ctx().b }}' }, next: [{ publish: [{ both: '{{ result().stdout }}' }] }] },
  },
  output: [{ both: '{{ ctx().both }}' }],
};

const FAIL_WITH_CLEANUP = {
  version: 1.0,
  tasks: {
    task1: {
      action: 'core.local',
      input: { cmd: 'echo broken >&2; exit 3' },
      next: [
        { when: '{{ failed() }}', publish: [{ code: '{{ result().return_code }}' }], do: ['cleanup', 'fail'] },
        { when: '{{ succeeded() }}', do: 'never' },
      ],
    },
    cleanup: { action: 'core.local', input: { cmd: 'echo cleaning up after {{ ctx().code }}' } },
    never: { action: 'core.noop' },
  },
  output: [{ code: '{{ ctx().code }}' }],
};

const FAIL_FAST = {
  version: 1.0,
  tasks: {
    init: { action: 'core.noop', next: [{ do: ['doomed', 'slow'] }] },
    doomed: { action: 'core.local', input: { cmd: 'exit 1' } },
    slow: { action: 'core.local', input: { cmd: 'sleep 0.4' }, next: [{ when: '{{ succeeded() }}', do: 'after_slow' }] },
    after_slow: { action: 'core.noop' },
  },
};

const REMEDIATED = {
  version: 1.0,
  tasks: {
    task1: { action: 'core.local', input: { cmd: 'exit 2' }, next: [{ when: '{{ failed() }}', do: 'noop' }] },
  },
  output: [{ status: '{{ task_status("task1") }}' }],
};

describe('branches, joins and failures', () => {
  it('runs parallel branches at the same time and a join once both arrived, merging their contexts', async () => {
    const { app } = await startTestApp({ packsDir: tempPacksDir({ wf: workflowFiles({ par: { definition: PARALLEL_JOIN } }) }) });
    const done = await app.executor.wait(app.executor.request({ ref: 'wf.par' }).id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ output: { both: 'ab' } });
    const slow = childOf(app, done.id, 'slow')!;
    const quick = childOf(app, done.id, 'quick')!;
    const merge = childOf(app, done.id, 'merge')!;
    // quick finished while slow was still running; the join started after both.
    expect(Date.parse(quick.end_timestamp!)).toBeLessThan(Date.parse(slow.end_timestamp!));
    expect(Date.parse(merge.start_timestamp)).toBeGreaterThanOrEqual(Date.parse(slow.end_timestamp!));
    expect(children(app, done).filter((c) => c.context.parent?.task_id === 'merge')).toHaveLength(1);
    expect(taskSequence(app, done.id)).toEqual(['init', 'quick', 'slow', 'merge']);
  });

  it('runs the remediation of a failed task, then `fail` fails the workflow with the errors', async () => {
    const { app } = await startTestApp({ packsDir: tempPacksDir({ wf: workflowFiles({ cleanup: { definition: FAIL_WITH_CLEANUP } }) }) });
    const done = await app.executor.wait(app.executor.request({ ref: 'wf.cleanup' }).id);
    expect(done.status).toBe('failed');
    const result = done.result as { output: unknown; errors: { type: string; message: string; task_id?: string; result?: { return_code: number } }[] };
    expect(result.output).toEqual({ code: 3 });
    expect(result.errors[0]).toMatchObject({ type: 'error', message: 'Execution failed. See result for details.', task_id: 'task1', result: { return_code: 3 } });
    await app.idle();
    expect(childOf(app, done.id, 'cleanup')).toMatchObject({ status: 'succeeded', result: { stdout: 'cleaning up after 3' } });
    expect(childOf(app, done.id, 'never')).toBeUndefined();
  });

  it('fails fast: a failed task nothing handles fails the workflow while other branches finish, and starts nothing new', async () => {
    const { app } = await startTestApp({ packsDir: tempPacksDir({ wf: workflowFiles({ fast: { definition: FAIL_FAST } }) }) });
    const done = await app.executor.wait(app.executor.request({ ref: 'wf.fast' }).id);
    expect(done.status).toBe('failed');
    // The workflow failed while `slow` was still running.
    expect(['scheduled', 'running']).toContain(childOf(app, done.id, 'slow')!.status);
    await app.idle();
    expect(childOf(app, done.id, 'slow')!.status).toBe('succeeded');
    expect(childOf(app, done.id, 'after_slow')).toBeUndefined();
    expect((done.result as { errors: { task_id: string }[] }).errors.map((e) => e.task_id)).toEqual(['doomed']);
  });

  it('a failure handled by `noop` leaves the workflow succeeded', async () => {
    const { app } = await startTestApp({ packsDir: tempPacksDir({ wf: workflowFiles({ fixed: { definition: REMEDIATED } }) }) });
    const done = await app.executor.wait(app.executor.request({ ref: 'wf.fixed' }).id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ output: { status: 'failed' } });
  });
});
