import { spawn } from 'node:child_process';
import { stdoutLines } from '../../helpers/child-output.js';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../../src/util/process-tree.js';
import { PROJECT_ROOT, startTestApp, statusLog, stopTestApps, waitFor } from '../../helpers/app.js';
import { makeTempDir, removeTempDirs, shellCmdAction, tempPacksDir } from '../../helpers/temp-pack.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'crash-child.ts');

const PACK = {
  'actions/quick.yaml': shellCmdAction('quick', 'echo quick-result'),
  'actions/sleepy.yaml': shellCmdAction('sleepy', 'echo $$ > "$1"; sleep 60', { parameters: { pidfile: { type: 'string', required: true, position: 0 } } }),
};


describe('restart durability', () => {
  const cleanup: (() => void)[] = [];
  afterAll(async () => {
    for (const c of cleanup) c();
    await stopTestApps();
    removeTempDirs();
  });

  it('keeps completed executions and marks interrupted ones abandoned after the process is killed', async () => {
    const packsDir = tempPacksDir({ dur: PACK });
    const dataDir = path.join(makeTempDir('squall-durable-'), 'data');
    const pidfile = path.join(path.dirname(dataDir), 'sleepy.pid');

    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, packsDir, pidfile], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    cleanup.push(() => child.kill('SIGKILL'));
    const out = stdoutLines(child);
    const started = await waitFor(() => out.find((l) => l.startsWith('STARTED ')), `the child to start both executions (stderr: ${stderr})`, 15_000);
    const [, doneId, doneStatus] = out.find((l) => l.startsWith('DONE '))!.split(' ');
    const runningId = started.split(' ')[1]!;
    expect(doneStatus).toBe('succeeded');

    // The action's process runs in its own session: it outlives the engine, so the test ends it.
    // The execution is running once STARTED is printed, but its shell may not have written the pid yet.
    await waitFor(() => existsSync(pidfile) && readFileSync(pidfile, 'utf8').trim() !== '', 'the action to write its pid', 10_000);
    const actionPid = Number(readFileSync(pidfile, 'utf8').trim());
    cleanup.push(() => {
      try {
        process.kill(-actionPid, 'SIGKILL');
      } catch {
        // already gone
      }
    });

    // While the child lives, its data dir is locked.
    const lockFile = path.join(dataDir, 'squall.lock');
    expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(child.pid));
    await expect(startTestApp({ packsDir, dataDir })).rejects.toMatchObject({ code: 'STORE_LOCKED' });

    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    expect(isProcessAlive(child.pid!)).toBe(false);

    const t = await startTestApp({ packsDir, dataDir });
    expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(process.pid));

    const done = t.app.executions.get(doneId!);
    expect(done?.status).toBe('succeeded');
    expect(done?.result).toMatchObject({ stdout: 'quick-result', return_code: 0 });

    const interrupted = t.app.executions.get(runningId);
    expect(interrupted?.status).toBe('abandoned');
    expect(interrupted?.status_reason).toMatch(/running/);
    expect(statusLog(interrupted!)).toEqual(['requested', 'scheduled', 'running', 'abandoned']);
    expect(t.app.executions.list({ status: ['running', 'scheduled', 'requested'] })).toEqual([]);
    expect(t.app.executions.live()).toEqual([]);

    // The abandoned state is itself durable, and stopping releases the lock.
    await t.restart();
    expect(t.app.executions.get(runningId)?.status).toBe('abandoned');
    await t.stop();
    expect(existsSync(lockFile)).toBe(false);
  });

  it('refuses to start on a data dir whose lock names another live process, touching nothing', async () => {
    const packsDir = tempPacksDir({ dur: PACK });
    const dataDir = path.join(makeTempDir('squall-locked-'), 'data');
    mkdirSync(dataDir, { recursive: true });
    const holder = spawn('sleep', ['30'], { stdio: 'ignore' });
    cleanup.push(() => holder.kill('SIGKILL'));
    writeFileSync(path.join(dataDir, 'squall.lock'), String(holder.pid));

    await expect(startTestApp({ packsDir, dataDir })).rejects.toMatchObject({ code: 'STORE_LOCKED', message: expect.stringContaining(String(holder.pid)) });
    expect(readFileSync(path.join(dataDir, 'squall.lock'), 'utf8')).toBe(String(holder.pid));
    expect(existsSync(path.join(dataDir, 'squall.json'))).toBe(false);

    // Once the holder is gone its lock is stale and taken over.
    const exited = new Promise((r) => holder.once('exit', r));
    holder.kill('SIGKILL');
    await exited;
    const t = await startTestApp({ packsDir, dataDir });
    expect((await t.app.executor.wait(t.app.executor.request({ ref: 'dur.quick' }).id)).status).toBe('succeeded');
  });
});
