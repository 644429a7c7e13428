import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatastoreCrypto } from '../../../src/datastore/crypto.js';
import { KvService, type KvChangeEvent } from '../../../src/datastore/kv-service.js';
import { SquallError } from '../../../src/errors/index.js';
import { LowdbStore } from '../../../src/store/lowdb-store.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { ManualClock } from '../../../src/util/clock.js';
import { MemoryLogger, silentLogger } from '../../../src/util/logger.js';
import { MASKED } from '../../../src/util/mask.js';

let clock: ManualClock;
let events: KvChangeEvent[];
let kv: KvService;
beforeEach(() => {
  clock = new ManualClock(Date.UTC(2026, 0, 1));
  events = [];
  kv = new KvService({ store: new MemoryStore(), crypto: new DatastoreCrypto(DatastoreCrypto.generateKey()), clock, onChange: (e) => events.push(e) });
});

function errorOf(fn: () => unknown): SquallError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SquallError) return err;
    throw err;
  }
  throw new Error('expected an error');
}

describe('KvService scopes', () => {
  it('keeps system and user items apart, with ids system:<name> and user:<user>:<name>', () => {
    expect(kv.set('k', 'sys').id).toBe('system:k');
    expect(kv.set('k', 'alice', { scope: 'user', user: 'alice' }).id).toBe('user:alice:k');
    kv.set('k', 'bob', { scope: 'user', user: 'bob' });
    expect(kv.get('k')?.value).toBe('sys');
    expect(kv.get('k', { scope: 'user', user: 'alice' })).toMatchObject({ value: 'alice', scope: 'user', user: 'alice' });
    expect(kv.get('k', { scope: 'user', user: 'carol' })).toBeUndefined();
    expect(kv.delete('k', { scope: 'user', user: 'alice' })).toBe(true);
    expect(kv.get('k', { scope: 'user', user: 'alice' })).toBeUndefined();
    expect(kv.get('k')?.value).toBe('sys');
  });

  it('needs a user for scope user and rejects a user with a colon', () => {
    expect(errorOf(() => kv.get('k', { scope: 'user' })).code).toBe('KV_INVALID');
    expect(errorOf(() => kv.set('k', 'v', { scope: 'user', user: 'a:b' })).details[0]?.field).toBe('user');
    expect(errorOf(() => kv.set('k', 'v', { scope: 'nope' as 'system' })).details[0]?.field).toBe('scope');
  });

  it('lists by scope, user and prefix, sorted', () => {
    kv.set('b.two', '2');
    kv.set('a.one', '1');
    kv.set('b.mine', 'm', { scope: 'user', user: 'alice' });
    kv.set('b.theirs', 't', { scope: 'user', user: 'bob' });
    const names = (o: Parameters<KvService['list']>[0]) => kv.list(o).map((i) => i.id);
    expect(names({})).toEqual(['system:a.one', 'system:b.two', 'user:alice:b.mine', 'user:bob:b.theirs']);
    expect(names({ scope: 'system' })).toEqual(['system:a.one', 'system:b.two']);
    expect(names({ scope: 'user', user: 'alice' })).toEqual(['user:alice:b.mine']);
    expect(names({ scope: 'all', user: 'bob' })).toEqual(['system:a.one', 'system:b.two', 'user:bob:b.theirs']);
    expect(names({ prefix: 'b.' })).toEqual(['system:b.two', 'user:alice:b.mine', 'user:bob:b.theirs']);
    expect(errorOf(() => kv.list({ scope: 'galaxy' as 'all' })).code).toBe('KV_INVALID');
  });
});

describe('KvService values and names', () => {
  it('accepts only string values (as StackStorm does)', () => {
    for (const v of [1, true, null, { a: 1 }, ['x']]) {
      const err = errorOf(() => kv.set('k', v as unknown as string));
      expect(err.code).toBe('KV_INVALID');
      expect(err.details[0]?.field).toBe('value');
    }
    expect(kv.set('k', '').value).toBe('');
  });

  it('rejects empty names and names with whitespace or control characters', () => {
    for (const name of ['', 'a b', 'tab\there', 'nl\n', 'bell\u0007']) expect(errorOf(() => kv.set(name, 'v')).details[0]?.field).toBe('name');
    expect(kv.set('pack.Class:local-name_1', 'v').name).toBe('pack.Class:local-name_1');
  });

  it('rejects a bad ttl and encrypt with preEncrypted together', () => {
    for (const ttl of [0, -5, 1.5, Number.NaN]) expect(errorOf(() => kv.set('k', 'v', { ttl })).details[0]?.field).toBe('ttl');
    expect(errorOf(() => kv.set('k', 'v', { encrypt: true, preEncrypted: true })).code).toBe('KV_INVALID');
  });
});

describe('KvService TTL', () => {
  it('hides and removes an item once expire_timestamp passes', () => {
    const item = kv.set('temp', 'v', { ttl: 60, description: 'short-lived' });
    expect(item).toMatchObject({ ttl: 60, expire_timestamp: '2026-01-01T00:01:00.000Z', description: 'short-lived' });
    kv.set('keep', 'v');
    clock.advance(59_999);
    expect(kv.get('temp')?.value).toBe('v');
    clock.advance(1);
    expect(kv.get('temp')).toBeUndefined();
    expect(kv.list().map((i) => i.name)).toEqual(['keep']);
    expect(kv.delete('temp')).toBe(false);
  });

  it('removes expired items during list, and a later set starts over as a create', () => {
    const store = new MemoryStore();
    const svc = new KvService({ store, crypto: new DatastoreCrypto(DatastoreCrypto.generateKey()), clock, onChange: (e) => events.push(e) });
    svc.set('a', '1', { ttl: 1 });
    svc.set('b', '2', { ttl: 10 });
    clock.advance(1000);
    expect(svc.list().map((i) => i.name)).toEqual(['b']);
    expect(store.collection('kv').size()).toBe(1);
    svc.set('a', '3');
    expect(events.at(-1)?.kind).toBe('create');
    expect(svc.get('a')?.expire_timestamp).toBeUndefined();
  });
});

describe('KvService encryption', () => {
  it('stores ciphertext, returns it unless decrypt, and decrypts on request', () => {
    const item = kv.set('pw', 'hunter2', { encrypt: true });
    expect(item.secret).toBe(true);
    expect(item.value).toMatch(/^[0-9A-F]+$/);
    expect(kv.get('pw')?.value).toBe(item.value);
    expect(kv.get('pw', { decrypt: true })).toMatchObject({ value: 'hunter2', secret: true });
    expect(kv.list({ decrypt: true })[0]?.value).toBe('hunter2');
    expect(kv.list()[0]?.value).toBe(item.value);
    expect(kv.decrypt(item.value)).toBe('hunter2');
  });

  it('stores pre-encrypted values as given (uppercased) and refuses ciphertext from another key', () => {
    const cipher = kv.encrypt('pre');
    expect(kv.set('p', cipher.toLowerCase(), { preEncrypted: true })).toMatchObject({ value: cipher, secret: true });
    expect(kv.get('p', { decrypt: true })?.value).toBe('pre');
    const foreign = new DatastoreCrypto(DatastoreCrypto.generateKey()).encrypt('x');
    expect(errorOf(() => kv.set('q', foreign, { preEncrypted: true })).code).toBe('KV_INVALID');
    expect(kv.get('q')).toBeUndefined();
  });

  it('keeps clear text out of the store file and decrypts it after a restart with the same key file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'squall-kv-'));
    try {
      const keyFile = path.join(dir, 'keys', 'datastore_key.json');
      const file = path.join(dir, 'squall.json');
      const store1 = await LowdbStore.open({ file, coalesceMs: 10, logger: silentLogger });
      const kv1 = new KvService({ store: store1, crypto: DatastoreCrypto.fromKeyFile(keyFile, silentLogger), clock });
      kv1.set('db_password', 'CorrectHorseBatteryStaple', { encrypt: true });
      kv1.set('api', 'tok-CLEAR-9f8e', { encrypt: true, scope: 'user', user: 'alice' });
      kv1.set('plain', 'visible-value');
      expect(readFileSync(`${file}.journal`, 'utf8')).not.toContain('CorrectHorseBatteryStaple');
      await store1.close();
      const bytes = readFileSync(file, 'utf8');
      expect(bytes).toContain('visible-value');
      expect(bytes).not.toContain('CorrectHorseBatteryStaple');
      expect(bytes).not.toContain('tok-CLEAR-9f8e');

      const store2 = await LowdbStore.open({ file, coalesceMs: 10, logger: silentLogger });
      const kv2 = new KvService({ store: store2, crypto: DatastoreCrypto.fromKeyFile(keyFile, silentLogger), clock });
      expect(kv2.get('db_password', { decrypt: true })?.value).toBe('CorrectHorseBatteryStaple');
      expect(kv2.get('api', { scope: 'user', user: 'alice', decrypt: true })?.value).toBe('tok-CLEAR-9f8e');
      // A different key cannot read the value: decrypting says so with the key's name.
      const kv3 = new KvService({ store: store2, crypto: new DatastoreCrypto(DatastoreCrypto.generateKey()), clock });
      const err = errorOf(() => kv3.get('db_password', { decrypt: true }));
      expect(err.code).toBe('KV_DECRYPT_FAILED');
      expect(err.message).toContain('db_password');
      await store2.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('KvService change events', () => {
  it('announces create, update, value_change and delete', () => {
    kv.set('k', 'v1');
    kv.set('k', 'v1', { description: 'same value' });
    kv.set('k', 'v2');
    kv.delete('k');
    expect(events.map((e) => e.kind)).toEqual(['create', 'update', 'update', 'value_change', 'delete']);
    expect(events[3]).toMatchObject({ item: { value: 'v2' }, old: { value: 'v1' } });
  });

  it('masks secret values in every event and compares secrets by clear value', () => {
    kv.set('s', 'one', { encrypt: true });
    kv.set('s', 'one', { encrypt: true });
    kv.set('s', 'two', { encrypt: true });
    kv.set('s', 'plain-now');
    kv.delete('s');
    expect(events.map((e) => e.kind)).toEqual(['create', 'update', 'update', 'value_change', 'update', 'value_change', 'delete']);
    for (const e of events.slice(0, 4)) {
      expect(e.item.value).toBe(MASKED);
      if (e.old) expect(e.old.value).toBe(MASKED);
    }
    expect(events[5]).toMatchObject({ item: { value: 'plain-now', secret: false }, old: { value: MASKED, secret: true } });
    expect(JSON.stringify(events)).not.toMatch(/"(one|two)"/);
  });

  it('keeps a change when a listener throws, and logs it', () => {
    const logger = new MemoryLogger();
    const svc = new KvService({
      store: new MemoryStore(),
      crypto: new DatastoreCrypto(DatastoreCrypto.generateKey()),
      clock,
      logger,
      onChange: () => {
        throw new Error('listener broke');
      },
    });
    expect(svc.set('k', 'v').value).toBe('v');
    expect(svc.get('k')?.value).toBe('v');
    expect(logger.records).toContainEqual(expect.objectContaining({ level: 'error', error: 'listener broke' }));
  });
});
