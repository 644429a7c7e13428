/**
 * `st2kv.system.KEY` / `st2kv.user.KEY` in templates. Attribute access chains into the key name
 * (`st2kv.system.a.b` is key `a.b`); the value is read when the template uses it, as a string,
 * "" for a missing key. Secret items read as their ciphertext; `| decrypt_kv` decrypts them.
 */
import type { KeyValueStore, KvScope } from '../datastore/key-value.js';
import { PY_GETATTR, PY_REPR, PY_STR, PY_VALUE, type PyAttributes, type PyLazy, type PyStringable } from '../python/protocol.js';
import { pythonRepr } from '../python/repr.js';

export class KvLookup implements PyAttributes, PyLazy, PyStringable {
  readonly #store: KeyValueStore | undefined;
  readonly #scope: KvScope;
  readonly #user: string | undefined;
  readonly #key: string;

  constructor(store: KeyValueStore | undefined, scope: KvScope, user?: string, key = '') {
    this.#store = store;
    this.#scope = scope;
    this.#user = user;
    this.#key = key;
  }

  /** `st2kv.system.<key>` or `st2kv.user.<key>`, as StackStorm names the item in messages. */
  get keyName(): string {
    return `st2kv.${this.#scope}.${this.#key}`;
  }

  [PY_GETATTR](name: string | number): KvLookup {
    const part = String(name);
    return new KvLookup(this.#store, this.#scope, this.#user, this.#key ? `${this.#key}.${part}` : part);
  }

  [PY_VALUE](): string {
    if (!this.#key || !this.#store) return '';
    const options = this.#scope === 'user' ? { scope: this.#scope, user: this.#user } : { scope: this.#scope };
    return this.#store.get(this.#key, options)?.value ?? '';
  }

  [PY_STR](): string {
    return this[PY_VALUE]();
  }

  [PY_REPR](): string {
    return pythonRepr(this[PY_VALUE]());
  }
}
