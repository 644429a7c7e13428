import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { SquallError } from '../errors/index.js';
import type { Logger } from '../util/logger.js';

/**
 * The key file, in keyczar's AES key layout, as `st2-generate-symmetric-crypto-key` writes it:
 * key strings are web-safe base64 without padding.
 */
export interface KeyczarAesKey {
  aesKeyString: string;
  hmacKey: { hmacKeyString: string; size: number };
  mode: 'CBC';
  size: number;
}

/** What the key-value service needs from the cipher. */
export interface ValueCipher {
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
}

const VERSION_BYTE = 0;
const HEADER_SIZE = 5;
const IV_SIZE = 16;
const SIG_SIZE = 20;
const BLOCK = 16;

/**
 * AES-CBC + HMAC-SHA1 in keyczar's ciphertext layout, as StackStorm stores secrets:
 * `header(5) | iv(16) | ciphertext | hmac-sha1(header | iv | ciphertext)(20)`, as uppercase hex.
 * The header is keyczar's version byte 0 and the first 4 bytes of the key hash. Decryption checks
 * only the signature, not the header, because StackStorm writes five ASCII zeros there; values
 * encrypted by StackStorm with the same key file therefore decrypt here, and the other way round.
 */
export class DatastoreCrypto implements ValueCipher {
  readonly #aesKey: Buffer;
  readonly #hmacKey: Buffer;
  readonly #algorithm: string;
  readonly #header: Buffer;

  /** Validates `key` (where it came from is named in errors). */
  constructor(key: unknown, source = 'encryption key') {
    const k = parseKey(key, source);
    this.#aesKey = k.aes;
    this.#hmacKey = k.hmac;
    this.#algorithm = `aes-${k.aes.length * 8}-cbc`;
    // keyczar's AES key hash: SHA-1 over the AES key's length (4 bytes, big-endian), the AES key and the HMAC key.
    const len = Buffer.alloc(4);
    len.writeUInt32BE(k.aes.length);
    const hash = createHash('sha1').update(len).update(k.aes).update(k.hmac).digest();
    this.#header = Buffer.concat([Buffer.from([VERSION_BYTE]), hash.subarray(0, 4)]);
  }

  /** A fresh random key: AES-256 and a 256-bit HMAC key. */
  static generateKey(): KeyczarAesKey {
    return {
      aesKeyString: randomBytes(32).toString('base64url'),
      hmacKey: { hmacKeyString: randomBytes(32).toString('base64url'), size: 256 },
      mode: 'CBC',
      size: 256,
    };
  }

  /**
   * Loads the key file, creating it (and its directory) on first use with mode 0600. Creation is
   * atomic: the key is written to a private temporary file and hard-linked into place, so two
   * processes starting at once agree on one key and a crash never leaves half a key file. A key
   * file that group or others can read is used, as StackStorm does, but with a warning.
   */
  static fromKeyFile(file: string, logger: Logger): DatastoreCrypto {
    const created = createKeyFileIfMissing(file);
    if (created) logger.info('created datastore encryption key file', { file });
    const mode = statSync(file).mode & 0o777;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      logger.warn('datastore key file is readable by group or others; chmod 600 it', { file, mode: mode.toString(8).padStart(4, '0') });
    }
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new SquallError('KV_KEY_FILE_INVALID', `cannot read key file ${file}: ${(err as Error).message}`, { details: [{ file, message: 'not valid JSON' }] });
    }
    return new DatastoreCrypto(json, file);
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(IV_SIZE);
    const cipher = createCipheriv(this.#algorithm, this.#aesKey, iv);
    const body = Buffer.concat([this.#header, iv, cipher.update(plaintext, 'utf8'), cipher.final()]);
    const sig = createHmac('sha1', this.#hmacKey).update(body).digest();
    return Buffer.concat([body, sig]).toString('hex').toUpperCase();
  }

  /** Throws KV_DECRYPT_FAILED for anything not produced by this key: other keys, tampering, junk. */
  decrypt(ciphertext: string): string {
    if (typeof ciphertext !== 'string' || ciphertext.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(ciphertext)) {
      throw failed('value is not hex ciphertext');
    }
    const data = Buffer.from(ciphertext, 'hex');
    const bodyLength = data.length - HEADER_SIZE - IV_SIZE - SIG_SIZE;
    if (bodyLength < BLOCK || bodyLength % BLOCK !== 0) throw failed('ciphertext has the wrong length');
    const signed = data.subarray(0, data.length - SIG_SIZE);
    const expected = createHmac('sha1', this.#hmacKey).update(signed).digest();
    if (!timingSafeEqual(expected, data.subarray(data.length - SIG_SIZE))) throw failed('signature does not match (wrong key or altered value)');
    const iv = data.subarray(HEADER_SIZE, HEADER_SIZE + IV_SIZE);
    try {
      const decipher = createDecipheriv(this.#algorithm, this.#aesKey, iv);
      return Buffer.concat([decipher.update(signed.subarray(HEADER_SIZE + IV_SIZE)), decipher.final()]).toString('utf8');
    } catch (err) {
      throw failed((err as Error).message);
    }
  }
}

function failed(reason: string): SquallError {
  return new SquallError('KV_DECRYPT_FAILED', `value could not be decrypted: ${reason}`);
}

function parseKey(key: unknown, source: string): { aes: Buffer; hmac: Buffer } {
  const bad = (field: string, message: string) =>
    new SquallError('KV_KEY_FILE_INVALID', `${source}: ${field} ${message}`, { details: [{ file: source, field, message }] });
  if (!key || typeof key !== 'object') throw bad('(root)', 'must be a keyczar AES key object');
  const k = key as Record<string, unknown>;
  if (typeof k.aesKeyString !== 'string') throw bad('aesKeyString', 'must be a string');
  const aes = Buffer.from(k.aesKeyString, 'base64url');
  if (![16, 24, 32].includes(aes.length)) throw bad('aesKeyString', `must hold 128, 192 or 256 bits (holds ${aes.length * 8})`);
  if (k.size !== undefined && k.size !== aes.length * 8) throw bad('size', `is ${String(k.size)} but the AES key holds ${aes.length * 8} bits`);
  if (k.mode !== undefined && String(k.mode).toUpperCase() !== 'CBC') throw bad('mode', 'must be CBC');
  const hmacKey = k.hmacKey as Record<string, unknown> | undefined;
  if (!hmacKey || typeof hmacKey !== 'object' || typeof hmacKey.hmacKeyString !== 'string') throw bad('hmacKey.hmacKeyString', 'must be a string');
  const hmac = Buffer.from(hmacKey.hmacKeyString, 'base64url');
  if (hmac.length < 16) throw bad('hmacKey.hmacKeyString', 'must hold at least 128 bits');
  return { aes, hmac };
}

/** Returns true when this call created the file. */
function createKeyFileIfMissing(file: string): boolean {
  try {
    statSync(file);
    return false;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, JSON.stringify(DatastoreCrypto.generateKey(), null, 2) + '\n');
    // Losing this file loses every secret, so make it durable before it becomes visible.
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(tmp);
  }
}
