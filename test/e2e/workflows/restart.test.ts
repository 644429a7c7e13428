import { spawn } from 'node:child_process';
import { stdoutLines } from '../../helpers/child-output.js';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, startTestApp, statusLog, stopTestApps, waitFor, waitForStatus } from '../../helpers/app.js';
import { makeTempDir, removeTempDirs, tempPacksDir } from '../../helpers/temp-pack.js';
import { childOf, children, taskSequence, waitForTask, workflowFiles } from './helpers.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'crash-workflow.ts');

const CRASHY = {
  version: 1.0,
  input: ['pidfile'],
  tasks: {
    task1: { action: 'core.local', input: { cmd: 'echo first' }, next: [{ when: '{{ succeeded() }}', publish: [{ first: '{{ result().stdout }}' }], do: 'task2' }] },
    task2: {
      action: 'core.local',
      input: { cmd: 'echo $$ > {{ ctx().pidfile }}; sleep 60' },
      next: [
        { when: '{{ succeeded() }}', do: 'finish' },
        { when: '{{ failed() }}', publish: [{ task2: '{{ task_status("task2") }}' }], do: 'recover' },
      ],
    },
    recover: { action: 'core.local', input: { cmd: 'echo recovering after {{ ctx().first }}' }, next: [{ publish: [{ recovered: '{{ result().stdout }}' }] }] },
    finish: { action: 'core.noop' },
  },
  output: [{ recovered: '{{ ctx().recovered }}' }, { task2: '{{ ctx().task2 }}' }],
};

const APPROVAL = {
  version: 1.0,
  tasks: {
    approve: { action: 'core.ask', next: [{ when: '{{ succeeded() }}', publish: [{ answer: '{{ result().response.continue }}' }], do: 'after' }] },
    after: { action: 'core.local', input: { cmd: 'echo answered {{ ctx().answer }}' }, next: [{ publish: [{ said: '{{ result().stdout }}' }] }] },
  },
  output: [{ said: '{{ ctx().said }}' }],
};


describe('workflows across restarts', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => stopTestApps());
  afterAll(() => {
    for (const c of cleanup) c();
    removeTempDirs();
  });

  it('resumes a workflow from its checkpoint after the process was killed; the killed task counts as abandoned and the failure path runs', async () => {
    const packsDir = tempPacksDir({ crash: workflowFiles({ flow: { definition: CRASHY, parameters: { pidfile: { type: 'string' } } } }) });
    const dataDir = path.join(makeTempDir('squall-wf-crash-'), 'data');
    const pidfile = path.join(path.dirname(dataDir), 'task2.pid');

    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, packsDir, pidfile], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    cleanup.push(() => child.kill('SIGKILL'));
    const out = stdoutLines(child);
    const started = await waitFor(() => out.find((l) => l.startsWith('STARTED ')), `the child to start the workflow (stderr: ${stderr})`, 20_000);
    const [, workflowId, task2Id] = started.split(' ') as [string, string, string];
    // STARTED comes once the task runs; its shell may not have written the pid yet.
    await waitFor(() => existsSync(pidfile) && readFileSync(pidfile, 'utf8').trim() !== '', 'the task to write its pid', 10_000);
    const actionPid = Number(readFileSync(pidfile, 'utf8').trim());
    cleanup.push(() => {
      try {
        process.kill(-actionPid, 'SIGKILL');
      } catch {
        // already gone
      }
    });

    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;

    const t = await startTestApp({ packsDir, dataDir });
    const done = await t.app.executor.wait(workflowId);
    // StackStorm marks an action execution whose runner died abandoned, and Orquesta fails a task
    // whose action was abandoned: the workflow goes on along the task's failure path.
    expect(t.app.executions.get(task2Id)).toMatchObject({ status: 'abandoned' });
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ output: { recovered: 'recovering after first', task2: 'failed' } });
    expect(statusLog(done)).toEqual(['requested', 'scheduled', 'running', 'succeeded']);
    expect(taskSequence(t.app, workflowId)).toEqual(['task1', 'task2', 'recover']);
    expect(children(t.app, workflowId).map((c) => [c.context.parent?.task_id, c.status])).toEqual([
      ['task1', 'succeeded'],
      ['task2', 'abandoned'],
      ['recover', 'succeeded'],
    ]);
    expect(childOf(t.app, workflowId, 'finish')).toBeUndefined();
  });

  it('a workflow paused on an inquiry stays paused across a restart and continues once answered', async () => {
    const packsDir = tempPacksDir({ wf: workflowFiles({ approval: { definition: APPROVAL } }) });
    const t = await startTestApp({ packsDir });
    const wf = t.app.executor.request({ ref: 'wf.approval' });
    const ask = await waitForTask(t.app, wf.id, 'approve', 'pending');
    await waitForStatus(t.app, wf.id, 'paused');

    const app = await t.restart();
    expect(app.executions.get(wf.id)?.status).toBe('paused');
    app.inquiries.respond(ask.id, { continue: true }, { user: 'bob' });
    const done = await app.executor.wait(wf.id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ output: { said: 'answered True' } });
  });

  it('a workflow running at a graceful stop resumes after the restart, its interrupted task counted as abandoned', async () => {
    const definition = {
      version: 1.0,
      tasks: {
        nap: { action: 'core.local', input: { cmd: 'sleep 0.2' }, next: [{ when: '{{ completed() }}', publish: [{ nap: '{{ task_status("nap") }}' }], do: 'wake' }] },
        wake: { action: 'core.local', input: { cmd: 'echo awake' } },
      },
      output: [{ nap: '{{ ctx().nap }}' }],
    };
    const packsDir = tempPacksDir({ wf: workflowFiles({ nap: { definition } }) });
    const t = await startTestApp({ packsDir });
    const wf = t.app.executor.request({ ref: 'wf.nap' });
    await waitForTask(t.app, wf.id, 'nap', 'running');
    const app = await t.restart();
    const done = await app.executor.wait(wf.id);
    // The stop interrupted the running task (abandoned, as StackStorm leaves it); the resumed
    // workflow hears that as a failed task and goes on.
    expect(childOf(app, wf.id, 'nap')).toMatchObject({ status: 'abandoned', status_reason: 'Squall stopped while the execution was running' });
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ output: { nap: 'failed' } });
    expect(childOf(app, wf.id, 'wake')?.status).toBe('succeeded');
    expect(statusLog(done)).toEqual(['requested', 'scheduled', 'running', 'succeeded']);
  });
});
