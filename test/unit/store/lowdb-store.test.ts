import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SquallError } from '../../../src/errors/index.js';
import { putLine } from '../../../src/store/journal.js';
import { LowdbStore, type SnapshotInfo } from '../../../src/store/lowdb-store.js';
import { ManualClock } from '../../../src/util/clock.js';
import { MemoryLogger, silentLogger } from '../../../src/util/logger.js';

interface Rec {
  id: string;
  n: number;
  pad?: string;
}

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'squall-lowdb-'));
  file = path.join(dir, 'data', 'squall.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const open = (extra: Partial<Parameters<typeof LowdbStore.open>[0]> = {}) =>
  LowdbStore.open({ file, coalesceMs: 10, logger: silentLogger, ...extra });

async function expectCorrupt(promise: Promise<unknown>, named: string): Promise<SquallError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SquallError);
  expect((err as SquallError).code).toBe('STORE_CORRUPT');
  expect((err as SquallError).message).toContain(named);
  return err as SquallError;
}

describe('LowdbStore persistence', () => {
  it('creates the directory and file, and brings documents back in order after a restart', async () => {
    const s1 = await open();
    expect(existsSync(file)).toBe(true);
    const c = s1.collection<Rec>('executions');
    for (let i = 0; i < 5; i++) c.put({ id: `e${i}`, n: i });
    c.delete('e2');
    c.put({ id: 'e0', n: 100 });
    s1.collection<Rec>('kv').put({ id: 'system:a', n: 1 });
    await s1.close();

    const s2 = await open();
    expect(s2.collection<Rec>('executions').list()).toEqual([
      { id: 'e0', n: 100 },
      { id: 'e1', n: 1 },
      { id: 'e3', n: 3 },
      { id: 'e4', n: 4 },
    ]);
    expect(s2.collection<Rec>('kv').get('system:a')).toEqual({ id: 'system:a', n: 1 });
    await s2.close();
  });

  it('writes snapshots by temporary file and rename (a new inode each time, no temp file left)', async () => {
    const s = await open();
    const before = statSync(file).ino;
    s.collection<Rec>('executions').put({ id: 'a', n: 1 });
    await s.flush();
    expect(statSync(file).ino).not.toBe(before);
    expect(JSON.parse(readFileSync(file, 'utf8')).collections.executions).toEqual([{ id: 'a', n: 1 }]);
    expect(readdirSync(path.dirname(file)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await s.close();
  });

  it('journals every write before it returns and empties the journal after a snapshot', async () => {
    const s = await open({ coalesceMs: 60_000 });
    const journal = `${file}.journal`;
    s.collection<Rec>('executions').put({ id: 'a', n: 1 });
    s.collection<Rec>('executions').delete('a');
    const lines = readFileSync(journal, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { c: 'executions', op: 'put', doc: { id: 'a', n: 1 } },
      { c: 'executions', op: 'del', id: 'a' },
    ]);
    await s.flush();
    expect(statSync(journal).size).toBe(0);
    await s.close();
  });

  it('recovers writes that only reached the journal, ignores a torn last line, and truncates the journal', async () => {
    const s1 = await open({ coalesceMs: 60_000 });
    s1.collection<Rec>('executions').put({ id: 'snap', n: 0 });
    await s1.flush();
    s1.collection<Rec>('executions').put({ id: 'journaled', n: 1 });
    // Simulate a crash: no close(), then a write cut short in the middle of its line.
    appendFileSync(`${file}.journal`, putLine('executions', '{"id":"torn","n":2,"pad":"xxxx').slice(0, 40));
    const logger = new MemoryLogger();
    // Long intervals: s2 must not snapshot while s3 opens the same file (one process per store file).
    const s2 = await open({ logger, coalesceMs: 60_000 });
    expect(s2.collection<Rec>('executions').list().map((d) => d.id)).toEqual(['snap', 'journaled']);
    expect(logger.records.some((r) => r.level === 'warn' && String(r.msg).includes('torn'))).toBe(true);
    expect(statSync(`${file}.journal`).size).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).collections.executions).toHaveLength(2);
    // New writes after the torn line are readable on the next start.
    s2.collection<Rec>('executions').put({ id: 'after', n: 3 });
    const s3 = await open();
    expect(s3.collection<Rec>('executions').get('after')).toEqual({ id: 'after', n: 3 });
    await s3.close();
    await s2.close();
    await s1.close();
  });

  it('refuses a corrupt snapshot with STORE_CORRUPT naming the file, and leaves it untouched', async () => {
    mkdirFor(file);
    writeFileSync(file, '{"format":"squall-store","collections":{"executions":[{"id":"a"');
    const bytes = readFileSync(file);
    const err = await expectCorrupt(open(), file);
    expect(err.details[0]?.file).toBe(file);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(existsSync(`${file}.journal`)).toBe(false);
  });

  it('refuses JSON that is not a store snapshot, including `null`', async () => {
    mkdirFor(file);
    for (const text of ['null', '[]', '{"collections":{"executions":[{"no":"id"}]}}', '{"format":"squall-store","collections":{"kv":[{"id":1}]}}']) {
      writeFileSync(file, text);
      await expectCorrupt(open(), file);
      expect(readFileSync(file, 'utf8')).toBe(text);
    }
  });

  it('rejects writes after close', async () => {
    const s = await open();
    await s.close();
    expect(() => s.collection<Rec>('executions').put({ id: 'a', n: 1 })).toThrow(/closed/);
  });

  it('replays and removes a leftover journal when opened without journaling', async () => {
    const s1 = await open({ coalesceMs: 60_000 });
    s1.collection<Rec>('executions').put({ id: 'a', n: 1 });
    const s2 = await open({ journal: false });
    expect(s2.collection<Rec>('executions').get('a')).toEqual({ id: 'a', n: 1 });
    expect(existsSync(`${file}.journal`)).toBe(false);
    s2.collection<Rec>('executions').put({ id: 'b', n: 2 });
    await s2.close();
    expect(JSON.parse(readFileSync(file, 'utf8')).collections.executions.map((d: Rec) => d.id)).toEqual(['a', 'b']);
    await s1.close();
  });
});

describe('LowdbStore coalescing', () => {
  it('turns many writes into one snapshot per interval', async () => {
    const clock = new ManualClock();
    const snapshots: SnapshotInfo[] = [];
    const s = await open({ clock, coalesceMs: 50, onSnapshot: (i) => snapshots.push(i) });
    expect(snapshots).toHaveLength(1); // the new file
    const c = s.collection<Rec>('executions');
    for (let i = 0; i < 1000; i++) c.put({ id: `e${i}`, n: i });
    clock.advance(49);
    expect(snapshots).toHaveLength(1);
    clock.advance(1);
    await s.flush(); // waits for the snapshot the timer started; nothing is dirty afterwards
    expect(snapshots).toHaveLength(2);
    expect(snapshots[1]!.docs).toBe(1000);
    for (let i = 0; i < 1000; i++) c.put({ id: `e${i}`, n: -i });
    clock.advance(50);
    await s.flush();
    expect(snapshots).toHaveLength(3);
    await s.close();
    expect(snapshots).toHaveLength(3);
  });

  it('with the real clock, 2,000 writes over ~200 ms need only a handful of snapshots', async () => {
    let count = 0;
    const s = await open({ coalesceMs: 50, onSnapshot: () => count++ });
    count = 0;
    const c = s.collection<Rec>('executions');
    const start = performance.now();
    for (let batch = 0; batch < 20; batch++) {
      for (let i = 0; i < 100; i++) c.put({ id: `e${batch}-${i}`, n: i });
      await new Promise((r) => setTimeout(r, 10));
    }
    const elapsed = performance.now() - start;
    await s.close();
    expect(count).toBeGreaterThanOrEqual(2);
    // At most one per 50 ms interval (plus the final flush), however slow the machine is.
    expect(count).toBeLessThanOrEqual(Math.floor(elapsed / 50) + 2);
  });

  it('sustains well over 2,000 puts/s of 1 KB documents with 10,000 in the store', async () => {
    const s = await open({ coalesceMs: 50 });
    const c = s.collection<Rec>('executions');
    const pad = 'x'.repeat(1000);
    for (let i = 0; i < 10_000; i++) c.put({ id: `pre${i}`, n: i, pad });
    await s.flush();
    const start = performance.now();
    let n = 0;
    while (performance.now() - start < 1000) {
      for (let k = 0; k < 50; k++, n++) c.put({ id: `pre${(n * 7919) % 10_000}`, n, pad });
      await new Promise((r) => setImmediate(r));
    }
    const perSecond = n / ((performance.now() - start) / 1000);
    await s.close();
    expect(perSecond).toBeGreaterThan(2000);
    // A whole-file snapshot of ~10 MB takes tens of ms; the interval grows so snapshots stay a small share of the time.
    expect(s.snapshotIntervalMs).toBeGreaterThanOrEqual(50);
  });
});

describe('LowdbStore crash safety', () => {
  const writer = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-writer.ts');

  /** Runs the writer until it has reported `atLeast` puts (plus a random extra moment), then SIGKILLs it. */
  function runAndKill(first: number, atLeast: number): Promise<number[]> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', writer, file, String(first)], { stdio: ['ignore', 'pipe', 'pipe'] });
      const done: number[] = [];
      let buffered = '';
      let stderr = '';
      let killing = false;
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.on('data', (d: Buffer) => {
        buffered += d.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const l of lines) if (/^\d+$/.test(l)) done.push(Number(l));
        if (!killing && done.length >= atLeast) {
          killing = true;
          setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 40));
        }
      });
      child.on('error', reject);
      child.on('exit', (_code, signal) => {
        if (signal !== 'SIGKILL') reject(new Error(`writer exited without being killed: ${stderr}`));
        else resolve(done);
      });
    });
  }

  it('loses no put that returned before the process was killed, across repeated kills', async () => {
    let next = 0;
    const reported: number[] = [];
    for (const atLeast of [1500, 3000, 800]) {
      const done = await runAndKill(next, atLeast);
      expect(done.length).toBeGreaterThanOrEqual(atLeast);
      reported.push(...done);
      next = done.at(-1)! + 1;

      const s = await open();
      const docs = s.collection<Rec>('executions');
      const missing = reported.filter((n) => docs.get(`d${n}`)?.n !== n);
      expect(missing).toEqual([]);
      // The latest value of a document rewritten on every step is at least the last one reported.
      expect(s.collection<Rec>('content_state').get('counter')!.n).toBeGreaterThanOrEqual(done.at(-1)!);
      next = Math.max(next, docs.size());
      await s.close();
    }
  }, 60_000);
});

function mkdirFor(f: string): void {
  mkdirSync(path.dirname(f), { recursive: true });
}
