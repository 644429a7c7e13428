import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SquallError } from '../../../src/errors/index.js';
import { putManyLine, readJournal } from '../../../src/store/journal.js';
import { LowdbStore } from '../../../src/store/lowdb-store.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { MemoryLogger, silentLogger } from '../../../src/util/logger.js';

interface Rec {
  id: string;
  n: number;
  pad?: string;
}

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'squall-putmany-'));
  file = path.join(dir, 'squall.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// Long intervals: no snapshot runs on its own, so what a reopen sees comes from the journal.
const open = (logger = silentLogger) => LowdbStore.open({ file, coalesceMs: 60_000, logger });

describe('Collection.putMany', () => {
  it('journals a batch as one line that reads back as one put per document, in order', () => {
    const jfile = path.join(dir, 'j');
    const line = putManyLine('workflows', ['{"id":"a","n":1}', '{"id":"b","n":2}']);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    writeFileSync(jfile, line);
    expect(readJournal(jfile).entries).toEqual([
      { c: 'workflows', op: 'put', doc: { id: 'a', n: 1 } },
      { c: 'workflows', op: 'put', doc: { id: 'b', n: 2 } },
    ]);
  });

  it('lowdb: appends exactly one journal line per batch and restores every document after a crash', async () => {
    const s1 = await open();
    const c = s1.collection<Rec>('workflows');
    c.put({ id: 'before', n: 0 });
    c.putMany([
      { id: 'w:fixed', n: 1 },
      { id: 'w:rec:0', n: 2 },
      { id: 'w', n: 3 },
    ]);
    const lines = readFileSync(`${file}.journal`, 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(c.list().map((d) => d.n)).toEqual([0, 1, 2, 3]);
    // No close(): the second store sees only what the journal holds.
    const s2 = await open();
    expect(s2.collection<Rec>('workflows').list()).toEqual([
      { id: 'before', n: 0 },
      { id: 'w:fixed', n: 1 },
      { id: 'w:rec:0', n: 2 },
      { id: 'w', n: 3 },
    ]);
    await s2.close();
    await s1.close();
  });

  it('lowdb: a batch line torn mid-way restores none of its documents and every earlier write', async () => {
    const s1 = await open();
    const c = s1.collection<Rec>('workflows');
    c.put({ id: 'w', n: 1 });
    c.putMany([
      { id: 'w:rec:0', n: 1 },
      { id: 'w:fixed', n: 1 },
    ]);
    const intact = statSync(`${file}.journal`).size;
    // The checkpoint after it: new chunk, changed earlier chunk, new head.
    c.putMany([
      { id: 'w:rec:1', n: 2, pad: 'x'.repeat(200) },
      { id: 'w:rec:0', n: 2 },
      { id: 'w', n: 2 },
    ]);
    const full = statSync(`${file}.journal`).size;
    // A kill in the middle of the write(2): the second document of the batch is already on disk, the head is not.
    const cut = intact + readFileSync(`${file}.journal`, 'utf8').slice(intact).indexOf('"id":"w"');
    expect(cut).toBeGreaterThan(intact + 200);
    truncateSync(`${file}.journal`, cut);
    expect(cut).toBeLessThan(full);
    const logger = new MemoryLogger();
    const s2 = await open(logger);
    const docs = s2.collection<Rec>('workflows');
    expect(docs.get('w')).toEqual({ id: 'w', n: 1 });
    expect(docs.get('w:rec:0')).toEqual({ id: 'w:rec:0', n: 1 });
    expect(docs.get('w:fixed')).toEqual({ id: 'w:fixed', n: 1 });
    expect(docs.get('w:rec:1')).toBeUndefined();
    expect(docs.size()).toBe(3);
    expect(logger.records.some((r) => r.level === 'warn' && String(r.msg).includes('torn'))).toBe(true);
    await s2.close();
    await s1.close();
  });

  it('lowdb: a batch with a document lacking an id stores and journals nothing', async () => {
    const s = await open();
    const c = s.collection<Rec>('workflows');
    const size = statSync(`${file}.journal`).size;
    expect(() => c.putMany([{ id: 'a', n: 1 }, { n: 2 } as unknown as Rec])).toThrow(SquallError);
    expect(c.size()).toBe(0);
    expect(statSync(`${file}.journal`).size).toBe(size);
    await s.close();
  });

  it('memory: stores copies, later ids win, and a document that cannot be copied stores none', () => {
    const c = new MemoryStore().collection<Rec & { f?: unknown }>('workflows');
    const doc = { id: 'a', n: 1 };
    c.putMany([doc, { id: 'b', n: 1 }, { id: 'a', n: 2 }]);
    doc.n = 99;
    expect(c.list()).toEqual([
      { id: 'a', n: 2 },
      { id: 'b', n: 1 },
    ]);
    expect(() => c.putMany([{ id: 'c', n: 1 }, { id: 'd', n: 1, f: () => 1 }])).toThrow();
    expect(c.get('c')).toBeUndefined();
    expect(c.size()).toBe(2);
  });
});
