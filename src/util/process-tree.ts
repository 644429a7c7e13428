import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';

/** How to start a process tree and when to stop it. */
export interface ProcessTreeOptions {
  cwd: string;
  /** The complete environment of the child; nothing is inherited. */
  env: Record<string, string>;
  /** Written to stdin and then closed. Without it stdin is /dev/null. */
  input?: string;
  /** Bytes of stdout and of stderr kept; the rest is counted and dropped. */
  maxOutputBytes: number;
  /** Milliseconds before the whole tree is killed; 0 or absent means no limit. Measured by `clock`. */
  timeoutMs?: number;
  /** Aborting kills the whole tree. */
  signal?: AbortSignal;
  /** Milliseconds between SIGTERM and SIGKILL. Default 2000. */
  graceMs?: number;
  clock?: Clock;
}

/** What a process tree left behind. */
export interface ProcessTreeResult {
  /** The exit code, or -N when the process died of signal N (the convention StackStorm reports). */
  exitCode: number;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  canceled: boolean;
  pid: number;
}

/** One process seen in /proc: its parent, process group and start time (to detect pid reuse). */
export interface ProcInfo {
  pid: number;
  ppid: number;
  pgrp: number;
  state: string;
  startTime: string;
}

const DEFAULT_GRACE_MS = 2000;
/** After SIGKILL, how long to wait for the pipes to close before giving up on them. */
const CLOSE_WAIT_MS = 1000;
/** How often a terminating tree is checked for survivors. */
const POLL_MS = 50;

/**
 * Runs `file args` as the leader of a new process group (a new session, via `detached`) and
 * collects its output. On timeout or abort the whole tree is terminated: SIGTERM to the group and
 * to every descendant found in /proc (which also reaches children that called setsid), then
 * SIGKILL after the grace period to whatever is still alive. Resolves only when that is done.
 * Rejects when the process cannot be started at all (missing file, bad arguments).
 */
export function runProcessTree(file: string, args: readonly string[], options: ProcessTreeOptions): Promise<ProcessTreeResult> {
  const clock = options.clock ?? systemClock;
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  return new Promise<ProcessTreeResult>((resolve, reject) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(file, [...args], {
        cwd: options.cwd,
        env: options.env,
        detached: true,
        stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      });
    } catch (err) {
      reject(err);
      return;
    }
    const pid = child.pid;
    if (pid === undefined) {
      child.once('error', (err) => reject(err));
      return;
    }
    const stdout = new BoundedOutput(options.maxOutputBytes);
    const stderr = new BoundedOutput(options.maxOutputBytes);
    child.stdout?.on('data', (b: Buffer) => stdout.push(b));
    child.stderr?.on('data', (b: Buffer) => stderr.push(b));
    if (options.input !== undefined && child.stdin) {
      // A child that exits without reading stdin makes the write fail with EPIPE; that is not our error.
      child.stdin.on('error', () => {});
      child.stdin.end(options.input);
    }

    let timedOut = false;
    let canceled = false;
    let killing: Promise<void> | undefined;
    let closed = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } = { code: null, signal: null };
    const closeWaiters: (() => void)[] = [];
    const waitForClose = (ms: number): Promise<void> =>
      closed
        ? Promise.resolve()
        : new Promise<void>((done) => {
            const timer = setTimeout(done, ms);
            closeWaiters.push(() => {
              clearTimeout(timer);
              done();
            });
          });

    const stop = (): Promise<void> => {
      killing ??= killProcessTree(pid, { graceMs }).then(async () => {
        // Something outside the tree may still hold the pipes open; do not wait for it forever.
        await waitForClose(CLOSE_WAIT_MS);
        child.stdout?.destroy();
        child.stderr?.destroy();
      });
      return killing;
    };

    const timer = options.timeoutMs && options.timeoutMs > 0 ? clock.setTimeout(() => ((timedOut = true), void stop()), options.timeoutMs) : undefined;
    const onAbort = (): void => {
      canceled = true;
      void stop();
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });

    // Errors after a successful start (a failed signal, a broken pipe) change nothing about the outcome.
    child.on('error', () => {});
    child.on('exit', (code, signal) => {
      exit = { code, signal };
    });
    child.on('close', (code, signal) => {
      closed = true;
      if (exit.code === null && exit.signal === null) exit = { code, signal };
      for (const w of closeWaiters.splice(0)) w();
    });

    const finish = (): void => {
      timer?.cancel();
      options.signal?.removeEventListener('abort', onAbort);
      const exitCode = exit.code ?? (exit.signal ? -signalNumber(exit.signal) : -1);
      resolve({ exitCode, signal: exit.signal, stdout: stdout.text(), stderr: stderr.text(), timedOut, canceled: canceled && !timedOut, pid });
    };
    child.once('close', () => {
      // A stop that started before the pipes closed finishes its SIGKILL round first.
      if (killing) void killing.then(finish);
      else finish();
    });
  });
}

/**
 * Terminates `pid`'s process group and every descendant of `pid`: SIGTERM, then SIGKILL after
 * `graceMs` to anything still alive. Descendants are snapshotted before signalling, so children
 * that moved to their own session are reached even after their parent is gone. A recorded pid is
 * only killed again if its start time is unchanged, so a reused pid is never hit.
 */
export async function killProcessTree(pid: number, options: { graceMs?: number } = {}): Promise<void> {
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const tracked = new Map<number, string>();
  const track = (): void => {
    for (const p of listDescendants(pid)) if (!tracked.has(p.pid)) tracked.set(p.pid, p.startTime);
  };
  const sameProcess = (p: number, start: string): boolean => {
    const now = readProc(p);
    return now !== undefined && now.startTime === start && now.state !== 'Z';
  };
  const anyAlive = (): boolean => groupAlive(pid) || [...tracked].some(([p, start]) => sameProcess(p, start));

  track();
  signalGroup(pid, 'SIGTERM');
  for (const p of tracked.keys()) sendSignal(p, 'SIGTERM');

  // Poll until everything is gone or the grace period is over. These timers are deliberately
  // referenced: the process must not exit while a tree it started is still being stopped.
  for (let waited = 0; waited < graceMs; waited += POLL_MS) {
    await new Promise<void>((done) => setTimeout(done, Math.min(POLL_MS, graceMs - waited)));
    track();
    if (!anyAlive()) return;
  }
  signalGroup(pid, 'SIGKILL');
  for (const [p, start] of tracked) if (sameProcess(p, start)) sendSignal(p, 'SIGKILL');
}

/** Every live process below `root` in the parent tree, read from /proc (empty where /proc is absent). */
export function listDescendants(root: number): ProcInfo[] {
  const byParent = new Map<number, ProcInfo[]>();
  for (const info of scanProcs() ?? []) {
    const list = byParent.get(info.ppid) ?? [];
    list.push(info);
    byParent.set(info.ppid, list);
  }
  const out: ProcInfo[] = [];
  const queue = [root];
  const seen = new Set<number>([root]);
  while (queue.length > 0) {
    const parent = queue.shift() as number;
    for (const child of byParent.get(parent) ?? []) {
      if (seen.has(child.pid)) continue;
      seen.add(child.pid);
      out.push(child);
      queue.push(child.pid);
    }
  }
  return out;
}

/** All processes in /proc, or undefined where there is no /proc. */
function scanProcs(): ProcInfo[] | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const out: ProcInfo[] = [];
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const info = readProc(Number(name));
    if (info) out.push(info);
  }
  return out;
}

/**
 * Whether any non-zombie process is left in group `pgid`. Zombies do not count: they are dead,
 * and under an init that does not reap they would otherwise make every stop wait the full grace.
 */
function groupAlive(pgid: number): boolean {
  const procs = scanProcs();
  if (procs) return procs.some((p) => p.pgrp === pgid && p.state !== 'Z');
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True while `pid` exists and is not a zombie waiting to be reaped. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return readProc(pid)?.state !== 'Z';
}

function readProc(pid: number): ProcInfo | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name is in parentheses and may itself contain spaces or parentheses.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields after the name: state(3) ppid(4) pgrp(5) session(6) ... starttime(22), counted from 1.
  const state = rest[0] ?? '';
  const ppid = Number(rest[1]);
  const pgrp = Number(rest[2]);
  const startTime = rest[19] ?? '';
  return { pid, ppid, pgrp, state, startTime };
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  sendSignal(-pgid, signal);
}

function sendSignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone (ESRCH) or not ours (EPERM): nothing left to do for this one.
  }
}

function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal] ?? 1;
}

/** Keeps the first `limit` bytes of a stream and counts the rest. */
class BoundedOutput {
  readonly #limit: number;
  readonly #chunks: Buffer[] = [];
  #kept = 0;
  #dropped = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  push(chunk: Buffer): void {
    const room = this.#limit - this.#kept;
    if (room <= 0) {
      this.#dropped += chunk.length;
      return;
    }
    const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.#chunks.push(part);
    this.#kept += part.length;
    this.#dropped += chunk.length - part.length;
  }

  /** The kept bytes as UTF-8 (a character cut at the limit is dropped whole), plus a truncation note. */
  text(): string {
    let bytes = Buffer.concat(this.#chunks);
    if (this.#dropped > 0) bytes = bytes.subarray(0, completeUtf8Length(bytes));
    const text = bytes.toString('utf8');
    return this.#dropped > 0 ? `${text}\n...[truncated ${this.#dropped + this.#kept - bytes.length} bytes]` : text;
  }
}

/** Length of `bytes` without a trailing, incomplete UTF-8 sequence. */
function completeUtf8Length(bytes: Buffer): number {
  let i = bytes.length - 1;
  let continuation = 0;
  while (i >= 0 && continuation < 3 && ((bytes[i] as number) & 0xc0) === 0x80) {
    i--;
    continuation++;
  }
  if (i < 0) return bytes.length;
  const lead = bytes[i] as number;
  const needed = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
  return needed > continuation ? i : bytes.length;
}
