import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import { parseArgs } from '../../../src/cli/args.js';
import type { CliEnv } from '../../../src/cli/command.js';
import { keyCommand } from '../../../src/cli/key.js';
import { DatastoreCrypto } from '../../../src/datastore/crypto.js';
import { KvService } from '../../../src/datastore/kv-service.js';
import { SquallError } from '../../../src/errors/index.js';
import { LowdbStore } from '../../../src/store/lowdb-store.js';
import { ManualClock } from '../../../src/util/clock.js';
import { silentLogger } from '../../../src/util/logger.js';

let dir: string;
let store: LowdbStore;
let kv: KvService;
let env: CliEnv;
let appCalls: number;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'squall-keycli-'));
  store = await LowdbStore.open({ file: path.join(dir, 'data', 'squall.json'), coalesceMs: 10, logger: silentLogger });
  kv = new KvService({ store, crypto: DatastoreCrypto.fromKeyFile(path.join(dir, 'data', 'keys', 'k.json'), silentLogger), clock: new ManualClock() });
  appCalls = 0;
  env = {
    cwd: dir,
    vars: {},
    app: async () => {
      appCalls++;
      return { kv, config: { systemUser: 'stanley' } } as unknown as App;
    },
  };
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `squall key ...` the way the CLI entry point does: parse with the verb's boolean flags, then run. */
async function key(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await keyCommand.run(parseArgs(argv, keyCommand.booleanFlags ?? []), { out: (t) => out.push(t), err: (t) => err.push(t) }, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function rejection(p: Promise<unknown>): Promise<SquallError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(SquallError);
  return e as SquallError;
}

describe('squall key', () => {
  it('sets and gets a plain value, as text and as JSON', async () => {
    expect((await key('set', 'greeting', 'hello world', '--description', 'd')).code).toBe(0);
    const text = await key('get', 'greeting');
    expect(text.out).toContain('value: hello world');
    expect(text.out).toContain('scope: system');
    const asJson = JSON.parse((await key('get', 'greeting', '--json')).out);
    expect(asJson).toMatchObject({ name: 'greeting', value: 'hello world', secret: false, description: 'd' });
  });

  it('never prints a secret (neither clear text nor ciphertext) without --decrypt', async () => {
    const set = await key('set', 'pw', 'hunter2', '--encrypt');
    const cipher = kv.get('pw')!.value;
    for (const r of [set, await key('get', 'pw'), await key('get', 'pw', '--json'), await key('list'), await key('list', '--json')]) {
      expect(r.out).toContain('********');
      expect(r.out).not.toContain('hunter2');
      expect(r.out).not.toContain(cipher);
    }
    expect(JSON.parse((await key('get', 'pw', '--json')).out)).toMatchObject({ value: '********', secret: true });
    expect((await key('get', 'pw', '--decrypt')).out).toContain('value: hunter2');
    expect(JSON.parse((await key('list', '--decrypt', '--json')).out)[0]).toMatchObject({ name: 'pw', value: 'hunter2', secret: true });
  });

  it('lists as a table with the documented columns, filtered by prefix and scope', async () => {
    await key('set', 'app.a', '1', '--ttl', '60');
    await key('set', 'app.b', '2');
    await key('set', 'other', '3');
    await key('set', 'app.mine', '4', '--scope', 'user');
    const table = (await key('list', '--prefix', 'app.')).out.split('\n');
    expect(table[0]).toMatch(/^name\s+value\s+secret\s+scope\s+user\s+expire_timestamp$/);
    expect(table.slice(2).map((l) => l.split(/\s+/)[0])).toEqual(['app.a', 'app.b', 'app.mine']);
    expect(table[2]).toContain('2026-01-01T00:01:00.000Z');
    expect(table[4]).toMatch(/app\.mine\s+4\s+false\s+user\s+stanley/);
    expect(JSON.parse((await key('list', '--scope', 'system', '--json')).out).map((i: { name: string }) => i.name)).toEqual(['app.a', 'app.b', 'other']);
  });

  it('uses the configured system user for scope user unless --user is given', async () => {
    await key('set', 'tok', 'mine', '--scope', 'user');
    await key('set', 'tok', 'hers', '--scope', 'user', '--user', 'alice');
    expect(kv.get('tok', { scope: 'user', user: 'stanley' })?.value).toBe('mine');
    expect(JSON.parse((await key('get', 'tok', '--scope', 'user', '--user', 'alice', '--json')).out).value).toBe('hers');
    expect((await key('delete', 'tok', '--scope', 'user')).out).toContain('user stanley');
    expect(kv.get('tok', { scope: 'user', user: 'stanley' })).toBeUndefined();
    expect(kv.get('tok', { scope: 'user', user: 'alice' })?.value).toBe('hers');
  });

  it('stores a pre-encrypted value as given and decrypts it', async () => {
    const cipher = kv.encrypt('pre');
    await key('set', 'p', cipher, '--pre-encrypted');
    expect(kv.get('p')).toMatchObject({ value: cipher, secret: true });
    expect((await key('get', 'p', '--decrypt')).out).toContain('value: pre');
  });

  it('reports a missing key with KV_NOT_FOUND and usage mistakes with USAGE', async () => {
    expect((await rejection(key('get', 'nope'))).code).toBe('KV_NOT_FOUND');
    expect((await rejection(key('delete', 'nope'))).code).toBe('KV_NOT_FOUND');
    for (const argv of [['set', 'only-name'], ['get'], ['frobnicate'], ['set', 'a', 'b', '--ttl', 'soon'], ['set', 'a', 'b', '--ttl', '0'], ['list', '--scope', 'galaxy'], ['get', 'a', '--scope', 'all'], ['set', 'a', 'b', '--description']]) {
      expect((await rejection(key(...argv))).code, argv.join(' ')).toBe('USAGE');
    }
    expect((await rejection(key('set', 'bad name', 'v'))).code).toBe('KV_INVALID');
  });

  it('deletes a key', async () => {
    await key('set', 'gone', 'v');
    expect((await key('delete', 'gone')).code).toBe(0);
    expect(kv.get('gone')).toBeUndefined();
  });

  it('loads a YAML file, encrypting secrets, relative to the working directory', async () => {
    writeFileSync(path.join(dir, 'keys.yaml'), ['- name: plain', '  value: v', '- name: secret_one', '  value: s3', '  secret: true', '- name: conf', '  value: {a: 1}'].join('\n'));
    expect((await rejection(key('load', 'keys.yaml'))).details[0]).toMatchObject({ field: '[2].value', line: 7 });
    expect(kv.list()).toEqual([]);
    const r = await key('load', 'keys.yaml', '--convert');
    expect(r.out).toContain('loaded 3 key(s)');
    expect(r.out).not.toContain('s3');
    expect(kv.get('secret_one')?.secret).toBe(true);
    expect(kv.get('secret_one', { decrypt: true })?.value).toBe('s3');
    expect(kv.get('conf')?.value).toBe('{"a":1}');
    await store.flush();
    expect(readFileSync(path.join(dir, 'data', 'squall.json'), 'utf8')).not.toContain('"s3"');
  });

  it('loads nothing when an encrypted item was made with another key', async () => {
    const foreign = new DatastoreCrypto(DatastoreCrypto.generateKey()).encrypt('x');
    writeFileSync(path.join(dir, 'k.json'), JSON.stringify([{ name: 'fine', value: 'v' }, { name: 'bad', value: foreign, secret: true, encrypted: true }]));
    const err = await rejection(key('load', 'k.json'));
    expect(err.code).toBe('KV_INVALID');
    expect(err.details[0]?.field).toBe('[1].value');
    expect(kv.list()).toEqual([]);
  });

  it('reads usage errors before building the application', async () => {
    await rejection(key('get'));
    expect(appCalls).toBe(0);
  });
});
