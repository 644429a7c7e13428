import { SquallError } from '../errors/index.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { MASKED } from '../util/mask.js';
import type { Collection, Store } from '../store/store.js';
import type { ValueCipher } from './crypto.js';
import { KV_SCOPES, type KeyValueStore, type KvGetOptions, type KvItem, type KvListOptions, type KvScope, type KvSetOptions } from './key-value.js';

/** The change kinds StackStorm announces as `core.st2.key_value_pair.<kind>` triggers. */
export type KvChangeKind = 'create' | 'update' | 'delete' | 'value_change';

/** One change; secret values in `item` and `old` are already replaced by MASKED. */
export interface KvChangeEvent {
  kind: KvChangeKind;
  item: KvItem;
  /** The item before the change (`value_change` and `update`). */
  old?: KvItem;
}

export interface KvServiceOptions {
  /** Items live in the `kv` collection. */
  store: Store;
  crypto: ValueCipher;
  clock: Clock;
  /** Called after every change; for `update` with a different value, `value_change` follows. */
  onChange?: (event: KvChangeEvent) => void;
  /** Where a failing `onChange` is reported (the change itself stands). */
  logger?: Logger;
}

// A name or user may hold anything printable, but no whitespace or control characters.
const NAME_RE = /^[^\s\p{Cc}]+$/u;

/**
 * StackStorm's datastore: string values in a `system` or per-user scope, optional encryption at
 * rest, optional time-to-live. Expired items are invisible and deleted when next touched (as a
 * MongoDB TTL index would, this announces no change). Items returned with `decrypt` keep
 * `secret: true` and carry the clear value; without it a secret's value is its ciphertext.
 */
export class KvService implements KeyValueStore {
  readonly #items: Collection<KvItem>;
  readonly #crypto: ValueCipher;
  readonly #clock: Clock;
  readonly #onChange: ((event: KvChangeEvent) => void) | undefined;
  readonly #logger: Logger | undefined;

  constructor(options: KvServiceOptions) {
    this.#items = options.store.collection<KvItem>('kv');
    this.#crypto = options.crypto;
    this.#clock = options.clock;
    this.#onChange = options.onChange;
    this.#logger = options.logger;
  }

  get(name: string, options: KvGetOptions = {}): KvItem | undefined {
    const item = this.#live(itemId(name, options.scope, options.user));
    if (!item) return undefined;
    return options.decrypt ? this.#decrypted(item) : item;
  }

  set(name: string, value: string, options: KvSetOptions = {}): KvItem {
    const id = itemId(name, options.scope, options.user);
    if (typeof value !== 'string') throw invalid('value', `value of "${name}" must be a string (got ${describeType(value)}); JSON-encode other values`);
    if (options.encrypt && options.preEncrypted) throw invalid('encrypt', 'encrypt and preEncrypted cannot both be set');
    const ttl = options.ttl;
    if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl <= 0)) throw invalid('ttl', `ttl must be a positive whole number of seconds (got ${String(ttl)})`);

    let stored = value;
    let clear = value;
    if (options.preEncrypted) {
      try {
        clear = this.#crypto.decrypt(value);
      } catch (err) {
        throw invalid('value', `pre-encrypted value of "${name}" was not encrypted with this datastore's key`, err);
      }
      stored = value.toUpperCase();
    } else if (options.encrypt) stored = this.#crypto.encrypt(value);

    const scope = options.scope ?? 'system';
    const now = this.#clock.now();
    const item: KvItem = {
      id,
      name,
      value: stored,
      scope,
      ...(scope === 'user' ? { user: options.user! } : {}),
      secret: Boolean(options.encrypt || options.preEncrypted),
      ...(options.description !== undefined ? { description: options.description } : {}),
      ...(ttl !== undefined ? { ttl, expire_timestamp: new Date(now + ttl * 1000).toISOString() } : {}),
      updated_at: new Date(now).toISOString(),
    };
    const old = this.#live(id);
    this.#items.put(item);

    if (!old) this.#emit({ kind: 'create', item: masked(item) });
    else {
      this.#emit({ kind: 'update', item: masked(item), old: masked(old) });
      if (this.#clearValue(old) !== clear) this.#emit({ kind: 'value_change', item: masked(item), old: masked(old) });
    }
    return item;
  }

  delete(name: string, options: { scope?: KvScope; user?: string } = {}): boolean {
    const id = itemId(name, options.scope, options.user);
    const item = this.#live(id);
    if (!item) return false;
    this.#items.delete(id);
    this.#emit({ kind: 'delete', item: masked(item) });
    return true;
  }

  /** Items in scope `all` (the default: system plus every user's), `system` or `user`, narrowed by `user` and name `prefix`; sorted by scope, user, name. */
  list(options: KvListOptions = {}): KvItem[] {
    const scope = options.scope ?? 'all';
    if (scope !== 'all' && !KV_SCOPES.includes(scope)) throw invalid('scope', `scope must be one of system, user, all (got ${String(scope)})`);
    if (options.user !== undefined) checkUser(options.user);
    const now = this.#clock.now();
    const expired: string[] = [];
    const out: KvItem[] = [];
    for (const item of this.#items.find((i) => scope === 'all' || i.scope === scope)) {
      if (isExpired(item, now)) {
        expired.push(item.id);
        continue;
      }
      if (options.user !== undefined && item.scope === 'user' && item.user !== options.user) continue;
      if (options.prefix !== undefined && !item.name.startsWith(options.prefix)) continue;
      out.push(options.decrypt ? this.#decrypted(item) : item);
    }
    for (const id of expired) this.#items.delete(id);
    return out.sort(
      (a, b) => compare(a.scope, b.scope) || compare(a.user ?? '', b.user ?? '') || compare(a.name, b.name),
    );
  }

  decrypt(ciphertext: string): string {
    return this.#crypto.decrypt(ciphertext);
  }

  encrypt(plaintext: string): string {
    return this.#crypto.encrypt(plaintext);
  }

  /** The item if it exists and has not expired; an expired one is removed on the way. */
  #live(id: string): KvItem | undefined {
    const item = this.#items.get(id);
    if (item && isExpired(item, this.#clock.now())) {
      this.#items.delete(id);
      return undefined;
    }
    return item;
  }

  #decrypted(item: KvItem): KvItem {
    if (!item.secret) return item;
    try {
      return { ...item, value: this.#crypto.decrypt(item.value) };
    } catch (err) {
      if (err instanceof SquallError) throw new SquallError(err.code, `${err.message} (key "${item.name}", scope ${item.scope})`, { cause: err });
      throw err;
    }
  }

  /** The clear value, or undefined when a stored secret no longer decrypts (counts as a change). */
  #clearValue(item: KvItem): string | undefined {
    if (!item.secret) return item.value;
    try {
      return this.#crypto.decrypt(item.value);
    } catch {
      return undefined;
    }
  }

  #emit(event: KvChangeEvent): void {
    if (!this.#onChange) return;
    try {
      this.#onChange(event);
    } catch (err) {
      this.#logger?.error('key-value change listener failed', { kind: event.kind, key: event.item.id, error: (err as Error).message });
    }
  }
}

/** `system:<name>` or `user:<user>:<name>`, after checking all three parts. */
export function itemId(name: string, scope: KvScope = 'system', user?: string): string {
  if (typeof name !== 'string' || !NAME_RE.test(name)) throw invalid('name', `key name must be non-empty, without whitespace or control characters (got ${JSON.stringify(name)})`);
  if (!KV_SCOPES.includes(scope)) throw invalid('scope', `scope must be system or user (got ${String(scope)})`);
  if (scope === 'system') return `system:${name}`;
  if (user === undefined || user === '') throw invalid('user', `scope user needs a user for key "${name}"`);
  checkUser(user);
  return `user:${user}:${name}`;
}

function checkUser(user: string): void {
  // A colon would make `user:a:b:c` ambiguous between user "a:b" and user "a".
  if (typeof user !== 'string' || !NAME_RE.test(user) || user.includes(':')) {
    throw invalid('user', `user must be non-empty, without whitespace, control characters or ":" (got ${JSON.stringify(user)})`);
  }
}

function isExpired(item: KvItem, now: number): boolean {
  return item.expire_timestamp !== undefined && Date.parse(item.expire_timestamp) <= now;
}

/** The item as change events show it: a secret's value is never in an event. */
export function masked(item: KvItem): KvItem {
  return item.secret ? { ...item, value: MASKED } : item;
}

function invalid(field: string, message: string, cause?: unknown): SquallError {
  return new SquallError('KV_INVALID', message, { details: [{ field, message }], ...(cause === undefined ? {} : { cause }) });
}

function describeType(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
