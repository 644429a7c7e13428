import type { KeyValueStore, KvGetOptions, KvItem, KvSetOptions } from '../../../src/datastore/key-value.js';

/** An in-memory key-value store for rule tests: system-scope items from a plain map, no encryption. */
export class MemoryKv implements KeyValueStore {
  readonly #items = new Map<string, KvItem>();

  constructor(system: Record<string, string> = {}) {
    for (const [name, value] of Object.entries(system)) this.set(name, value);
  }

  get(name: string, options: KvGetOptions = {}): KvItem | undefined {
    return this.#items.get(itemId(name, options.scope, options.user));
  }

  set(name: string, value: string, options: KvSetOptions = {}): KvItem {
    const scope = options.scope ?? 'system';
    const item: KvItem = {
      id: itemId(name, scope, options.user),
      name,
      value,
      scope,
      ...(options.user ? { user: options.user } : {}),
      secret: false,
      updated_at: '2026-01-01T00:00:00.000Z',
    };
    this.#items.set(item.id, item);
    return item;
  }

  delete(name: string, options: { scope?: 'system' | 'user'; user?: string } = {}): boolean {
    return this.#items.delete(itemId(name, options.scope, options.user));
  }

  list(): KvItem[] {
    return [...this.#items.values()];
  }

  encrypt(plaintext: string): string {
    return plaintext;
  }

  decrypt(ciphertext: string): string {
    return ciphertext;
  }
}

function itemId(name: string, scope = 'system', user?: string): string {
  return scope === 'user' ? `user:${user ?? ''}:${name}` : `system:${name}`;
}
