/** An in-memory KeyValueStore for template tests; "encryption" is reversible hex, enough to prove the decrypt path. */
import { SquallError } from '../../../src/errors/index.js';
import type { KeyValueStore, KvGetOptions, KvItem, KvListOptions, KvSetOptions } from '../../../src/datastore/key-value.js';

export class MemoryKv implements KeyValueStore {
  readonly items = new Map<string, KvItem>();
  gets = 0;

  #id(name: string, scope = 'system', user?: string): string {
    return scope === 'user' ? `user:${user ?? ''}:${name}` : `system:${name}`;
  }

  get(name: string, options: KvGetOptions = {}): KvItem | undefined {
    this.gets++;
    const item = this.items.get(this.#id(name, options.scope, options.user));
    if (!item) return undefined;
    return options.decrypt && item.secret ? { ...item, value: this.decrypt(item.value), secret: false } : item;
  }

  set(name: string, value: string, options: KvSetOptions = {}): KvItem {
    const scope = options.scope ?? 'system';
    const secret = Boolean(options.encrypt || options.preEncrypted);
    const item: KvItem = {
      id: this.#id(name, scope, options.user), name, scope, user: options.user, secret,
      value: options.encrypt ? this.encrypt(value) : value, updated_at: new Date(0).toISOString(),
    };
    this.items.set(item.id, item);
    return item;
  }

  delete(name: string, options: { scope?: 'system' | 'user'; user?: string } = {}): boolean {
    return this.items.delete(this.#id(name, options.scope, options.user));
  }

  list(options: KvListOptions = {}): KvItem[] {
    return [...this.items.values()].filter((i) => !options.prefix || i.name.startsWith(options.prefix));
  }

  encrypt(plaintext: string): string {
    return Buffer.from(`v1:${plaintext}`, 'utf8').toString('hex').toUpperCase();
  }

  decrypt(ciphertext: string): string {
    const text = /^[0-9A-F]*$/.test(ciphertext) ? Buffer.from(ciphertext, 'hex').toString('utf8') : '';
    if (!text.startsWith('v1:')) throw new SquallError('KV_DECRYPT_FAILED', 'ciphertext was not made by this key');
    return text.slice(3);
  }
}
