import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isProcessAlive, runProcessTree } from '../../../src/util/process-tree.js';

const ENV = { PATH: '/usr/local/bin:/usr/bin:/bin' };
const base = { cwd: os.tmpdir(), env: ENV, maxOutputBytes: 1024 * 1024, graceMs: 500 };

/** True once `pid` no longer exists: kill(pid, 0) fails with ESRCH (or only a zombie is left for init to reap). */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
  return !isProcessAlive(pid);
}

function readPids(file: string): number[] {
  return readFileSync(file, 'utf8').split(/\s+/).filter(Boolean).map(Number);
}

async function waitForFile(file: string, lines: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (existsSync(file) && readPids(file).length >= lines) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${file} never got ${lines} pids`);
}

describe('runProcessTree', () => {
  it('captures stdout, stderr and the exit code', async () => {
    const r = await runProcessTree('/bin/bash', ['-c', 'echo out; echo err >&2; exit 3'], base);
    expect(r).toMatchObject({ exitCode: 3, stdout: 'out\n', stderr: 'err\n', timedOut: false, canceled: false });
  });

  it('reports death by signal as minus the signal number', async () => {
    const r = await runProcessTree('/bin/bash', ['-c', 'kill -TERM $$'], base);
    expect(r.exitCode).toBe(-15);
    expect(r.signal).toBe('SIGTERM');
  });

  it('rejects when the program cannot be started', async () => {
    await expect(runProcessTree('/nonexistent/program', [], base)).rejects.toThrow(/ENOENT/);
  });

  it('on timeout kills the whole tree, including a child that moved to its own session', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'squall-tree-'));
    const pids = path.join(dir, 'pids');
    const script = `sleep 100 & echo $! >> ${pids}; setsid sleep 100 & echo $! >> ${pids}; bash -c 'sleep 100' & echo $! >> ${pids}; echo $$ >> ${pids}; wait`;
    const started = Date.now();
    const r = await runProcessTree('/bin/bash', ['-c', script], { ...base, timeoutMs: 700 });
    expect(r.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
    const all = readPids(pids);
    expect(all).toHaveLength(4);
    for (const pid of all) expect(gone(pid), `pid ${pid} survived`).toBe(true);
  });

  it('uses SIGKILL on processes that ignore SIGTERM once the grace period is over', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'squall-tree-'));
    const pids = path.join(dir, 'pids');
    const script = `trap '' TERM; bash -c "trap '' TERM; echo \\$\\$ >> ${pids}; while true; do sleep 0.1; done" & echo $$ >> ${pids}; wait`;
    const r = await runProcessTree('/bin/bash', ['-c', script], { ...base, timeoutMs: 500, graceMs: 300 });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBe(-9);
    const all = readPids(pids);
    expect(all).toHaveLength(2);
    for (const pid of all) expect(gone(pid), `pid ${pid} survived`).toBe(true);
  });

  it('kills the tree when the signal aborts and reports it as canceled', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'squall-tree-'));
    const pids = path.join(dir, 'pids');
    const controller = new AbortController();
    const running = runProcessTree('/bin/bash', ['-c', `sleep 100 & echo $! >> ${pids}; echo $$ >> ${pids}; wait`], { ...base, signal: controller.signal });
    await waitForFile(pids, 2);
    controller.abort();
    const r = await running;
    expect(r).toMatchObject({ canceled: true, timedOut: false });
    for (const pid of readPids(pids)) expect(gone(pid)).toBe(true);
  });

  it('keeps the head of oversized output and says how much was dropped', async () => {
    const r = await runProcessTree('/bin/bash', ['-c', "head -c 300000 /dev/zero | tr '\\0' a"], { ...base, maxOutputBytes: 1000 });
    expect(r.stdout.startsWith('a'.repeat(1000) + '\n...[truncated 299000 bytes]')).toBe(true);
    expect(r.stdout).toHaveLength(1000 + '\n...[truncated 299000 bytes]'.length);
  });

  it('never cuts a UTF-8 character in half at the limit', async () => {
    // "é" is two bytes; a limit of 5 bytes keeps two whole characters.
    const r = await runProcessTree('/bin/bash', ['-c', "printf 'éééé'"], { ...base, maxOutputBytes: 5 });
    expect(r.stdout).toBe('éé\n...[truncated 4 bytes]');
  });

  it('passes input on stdin and nothing of the parent environment', async () => {
    process.env.SQUALL_TEST_TREE_SECRET = 'leak';
    try {
      const r = await runProcessTree('/bin/bash', ['-c', 'read line; echo "got:$line:${SQUALL_TEST_TREE_SECRET:-unset}"'], { ...base, input: 'hello\n' });
      expect(r.stdout).toBe('got:hello:unset\n');
    } finally {
      delete process.env.SQUALL_TEST_TREE_SECRET;
    }
  });
});
