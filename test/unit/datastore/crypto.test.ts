import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatastoreCrypto, type KeyczarAesKey } from '../../../src/datastore/crypto.js';
import { SquallError } from '../../../src/errors/index.js';
import { MemoryLogger, silentLogger } from '../../../src/util/logger.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'squall-crypto-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof SquallError ? err.code : `not a SquallError: ${String(err)}`;
  }
  return undefined;
}

describe('DatastoreCrypto', () => {
  it('round-trips text, including unicode and the empty string, with a fresh IV each time', () => {
    const c = new DatastoreCrypto(DatastoreCrypto.generateKey());
    for (const text of ['s3cr3t', '', 'ünïcødé ✓ 🔑', 'x'.repeat(1000)]) {
      const a = c.encrypt(text);
      expect(a).toMatch(/^[0-9A-F]+$/);
      expect(c.decrypt(a)).toBe(text);
      expect(c.encrypt(text)).not.toBe(a);
    }
  });

  it('uses the keyczar layout: header 00 + key hash, 16-byte IV, padded blocks, 20-byte HMAC-SHA1', () => {
    const key = DatastoreCrypto.generateKey();
    const c = new DatastoreCrypto(key);
    const bytes = Buffer.from(c.encrypt('hello'), 'hex');
    expect(bytes.length).toBe(5 + 16 + 16 + 20);
    expect(bytes[0]).toBe(0);
    const mac = createHmac('sha1', Buffer.from(key.hmacKey.hmacKeyString, 'base64url')).update(bytes.subarray(0, -20)).digest();
    expect(bytes.subarray(-20).equals(mac)).toBe(true);
    // Same key, same header on every value.
    expect(Buffer.from(c.encrypt('other'), 'hex').subarray(0, 5).equals(bytes.subarray(0, 5))).toBe(true);
  });

  it("decrypts StackStorm's own output (its header is five ASCII zeros)", () => {
    const key = DatastoreCrypto.generateKey();
    const aes = Buffer.from(key.aesKeyString, 'base64url');
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-256-cbc', aes, iv);
    const body = Buffer.concat([Buffer.from('00000'), iv, cipher.update('from st2', 'utf8'), cipher.final()]);
    const sig = createHmac('sha1', Buffer.from(key.hmacKey.hmacKeyString, 'base64url')).update(body).digest();
    const st2Value = Buffer.concat([body, sig]).toString('hex').toUpperCase();
    expect(new DatastoreCrypto(key).decrypt(st2Value)).toBe('from st2');
  });

  it('detects tampering, a wrong key and junk with KV_DECRYPT_FAILED', () => {
    const c = new DatastoreCrypto(DatastoreCrypto.generateKey());
    const value = c.encrypt('secret');
    for (const pos of [0, 12, 50, value.length - 1]) {
      const flipped = value.slice(0, pos) + (value[pos] === 'A' ? 'B' : 'A') + value.slice(pos + 1);
      // The header is covered by the HMAC too, so a flip anywhere fails.
      expect(code(() => c.decrypt(flipped))).toBe('KV_DECRYPT_FAILED');
    }
    expect(code(() => new DatastoreCrypto(DatastoreCrypto.generateKey()).decrypt(value))).toBe('KV_DECRYPT_FAILED');
    for (const junk of ['', 'xyz', 'ABC', value.slice(0, -2), value + '00']) expect(code(() => c.decrypt(junk))).toBe('KV_DECRYPT_FAILED');
    expect(c.decrypt(value.toLowerCase())).toBe('secret');
  });

  it('rejects malformed keys with KV_KEY_FILE_INVALID naming the field', () => {
    const good = DatastoreCrypto.generateKey();
    const cases: [unknown, string][] = [
      [null, '(root)'],
      [{ ...good, aesKeyString: 42 }, 'aesKeyString'],
      [{ ...good, aesKeyString: randomBytes(10).toString('base64url') }, 'aesKeyString'],
      [{ ...good, size: 128 }, 'size'],
      [{ ...good, mode: 'ECB' }, 'mode'],
      [{ ...good, hmacKey: {} }, 'hmacKey.hmacKeyString'],
    ];
    for (const [key, field] of cases) {
      try {
        new DatastoreCrypto(key, 'k.json');
        expect.unreachable();
      } catch (err) {
        expect((err as SquallError).code).toBe('KV_KEY_FILE_INVALID');
        expect((err as SquallError).details[0]?.field).toBe(field);
      }
    }
  });
});

describe('key file', () => {
  it('is created once, in a new directory, with mode 0600, and reused across restarts', () => {
    const file = path.join(dir, 'keys', 'nested', 'datastore_key.json');
    const logger = new MemoryLogger();
    const first = DatastoreCrypto.fromKeyFile(file, logger);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const json = JSON.parse(readFileSync(file, 'utf8')) as KeyczarAesKey;
    expect(json).toMatchObject({ mode: 'CBC', size: 256, hmacKey: { size: 256 } });
    expect(Buffer.from(json.aesKeyString, 'base64url')).toHaveLength(32);
    expect(logger.records.filter((r) => r.msg === 'created datastore encryption key file')).toHaveLength(1);
    const contents = readFileSync(file, 'utf8');
    const value = first.encrypt('kept');

    const second = DatastoreCrypto.fromKeyFile(file, logger);
    expect(readFileSync(file, 'utf8')).toBe(contents);
    expect(second.decrypt(value)).toBe('kept');
    expect(logger.records.filter((r) => r.msg === 'created datastore encryption key file')).toHaveLength(1);
    expect(logger.records.some((r) => r.level === 'warn')).toBe(false);
  });

  it('warns, but works, when the key file is readable by others', () => {
    const file = path.join(dir, 'key.json');
    writeFileSync(file, JSON.stringify(DatastoreCrypto.generateKey()));
    chmodSync(file, 0o644);
    const logger = new MemoryLogger();
    const c = DatastoreCrypto.fromKeyFile(file, logger);
    expect(c.decrypt(c.encrypt('ok'))).toBe('ok');
    expect(logger.records).toContainEqual(expect.objectContaining({ level: 'warn', file, mode: '0644' }));
  });

  it('refuses a key file that is not JSON, and does not replace it', () => {
    const file = path.join(dir, 'key.json');
    writeFileSync(file, 'not json', { mode: 0o600 });
    expect(code(() => DatastoreCrypto.fromKeyFile(file, silentLogger))).toBe('KV_KEY_FILE_INVALID');
    expect(readFileSync(file, 'utf8')).toBe('not json');
  });
});
