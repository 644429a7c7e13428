import type { KeyValueStore, KvGetOptions, KvItem, KvSetOptions } from '../../../src/datastore/key-value.js';

/**
 * A small in-memory key-value store for parameter tests. "Encryption" is a reversible hex encoding
 * with a prefix: enough to tell ciphertext from clear text in assertions.
 */
export class MemoryKv implements KeyValueStore {
  readonly #items = new Map<string, KvItem>();

  get(name: string, options: KvGetOptions = {}): KvItem | undefined {
    const item = this.#items.get(id(name, options.scope, options.user));
    if (!item) return undefined;
    return options.decrypt && item.secret ? { ...item, value: this.decrypt(item.value) } : item;
  }

  set(name: string, value: string, options: KvSetOptions = {}): KvItem {
    const scope = options.scope ?? 'system';
    const item: KvItem = {
      id: id(name, scope, options.user),
      name,
      value: options.encrypt ? this.encrypt(value) : value,
      scope,
      ...(options.user ? { user: options.user } : {}),
      secret: Boolean(options.encrypt || options.preEncrypted),
      updated_at: '2024-01-01T00:00:00.000Z',
    };
    this.#items.set(item.id, item);
    return item;
  }

  delete(name: string, options: { scope?: 'system' | 'user'; user?: string } = {}): boolean {
    return this.#items.delete(id(name, options.scope, options.user));
  }

  list(): KvItem[] {
    return [...this.#items.values()];
  }

  encrypt(plaintext: string): string {
    return `ENC${Buffer.from(plaintext, 'utf8').toString('hex').toUpperCase()}`;
  }

  decrypt(ciphertext: string): string {
    if (!ciphertext.startsWith('ENC')) throw new Error('not ciphertext');
    return Buffer.from(ciphertext.slice(3), 'hex').toString('utf8');
  }
}

function id(name: string, scope = 'system', user?: string): string {
  return scope === 'user' ? `user:${user ?? ''}:${name}` : `system:${name}`;
}
