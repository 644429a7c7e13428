import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LowdbStore } from '../../../src/store/lowdb-store.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import type { Store } from '../../../src/store/store.js';
import { silentLogger } from '../../../src/util/logger.js';

interface Rec {
  id: string;
  status: string;
  tags?: string[];
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const factories: [string, () => Promise<Store>][] = [
  ['MemoryStore', async () => new MemoryStore()],
  [
    'LowdbStore',
    async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'squall-store-'));
      dirs.push(dir);
      return LowdbStore.open({ file: path.join(dir, 'db.json'), coalesceMs: 10, logger: silentLogger });
    },
  ],
];

describe.each(factories)('%s follows the Store contract', (_name, make) => {
  it('puts, gets, replaces and deletes by id', async () => {
    const store = await make();
    const c = store.collection<Rec>('executions');
    c.put({ id: 'a', status: 'running' });
    c.put({ id: 'b', status: 'requested' });
    expect(c.get('a')).toEqual({ id: 'a', status: 'running' });
    c.put({ id: 'a', status: 'succeeded' });
    expect(c.get('a')?.status).toBe('succeeded');
    expect(c.size()).toBe(2);
    expect(c.delete('a')).toBe(true);
    expect(c.delete('a')).toBe(false);
    expect(c.get('a')).toBeUndefined();
    expect(c.size()).toBe(1);
    await store.close();
  });

  it('keeps insertion order, and a replaced document keeps its place', async () => {
    const store = await make();
    const c = store.collection<Rec>('executions');
    for (const id of ['3', '1', 'x', '2']) c.put({ id, status: 's' });
    c.put({ id: '1', status: 'updated' });
    expect(c.list().map((d) => d.id)).toEqual(['3', '1', 'x', '2']);
    c.delete('3');
    c.put({ id: '3', status: 'again' });
    expect(c.list().map((d) => d.id)).toEqual(['1', 'x', '2', '3']);
    expect(c.find((d) => d.status !== 's').map((d) => d.id)).toEqual(['1', '3']);
    await store.close();
  });

  it('copies on the way in and out', async () => {
    const store = await make();
    const c = store.collection<Rec>('executions');
    const doc: Rec = { id: 'a', status: 'running', tags: ['x'] };
    c.put(doc);
    doc.tags!.push('mutated');
    doc.status = 'mutated';
    const got = c.get('a')!;
    expect(got).toEqual({ id: 'a', status: 'running', tags: ['x'] });
    got.tags!.push('again');
    c.list()[0]!.status = 'changed';
    c.find(() => true)[0]!.tags!.push('again');
    expect(c.get('a')).toEqual({ id: 'a', status: 'running', tags: ['x'] });
    await store.close();
  });

  it('keeps collections apart', async () => {
    const store = await make();
    store.collection<Rec>('executions').put({ id: 'same', status: 'e' });
    store.collection<Rec>('inquiries').put({ id: 'same', status: 'i' });
    expect(store.collection<Rec>('executions').get('same')?.status).toBe('e');
    expect(store.collection<Rec>('inquiries').get('same')?.status).toBe('i');
    expect(store.collection<Rec>('kv').size()).toBe(0);
    await store.close();
  });
});
