/** The key-value store's seam, as templates, actions, sensors and the CLI use it. */

export const KV_SCOPES = ['system', 'user'] as const;
export type KvScope = (typeof KV_SCOPES)[number];

/** One stored item. `value` is ciphertext (uppercase hex) when `secret` is true. Values are strings, as in StackStorm. */
export interface KvItem {
  /** `system:<name>` or `user:<user>:<name>`. */
  id: string;
  name: string;
  value: string;
  scope: KvScope;
  user?: string;
  /** True when `value` is stored encrypted. */
  secret: boolean;
  description?: string;
  /** Seconds to live, as given when set. */
  ttl?: number;
  /** ISO time after which the item no longer exists. */
  expire_timestamp?: string;
  updated_at: string;
}

export interface KvGetOptions {
  scope?: KvScope;
  /** Required for scope `user`. */
  user?: string;
  /** Return the clear value of an encrypted item. Without it the ciphertext is returned. */
  decrypt?: boolean;
}

export interface KvSetOptions {
  scope?: KvScope;
  user?: string;
  /** Store the value encrypted. */
  encrypt?: boolean;
  /** The value is already ciphertext from this store's key; store it as secret without encrypting again. */
  preEncrypted?: boolean;
  ttl?: number;
  description?: string;
}

export interface KvListOptions {
  prefix?: string;
  scope?: KvScope | 'all';
  user?: string;
  decrypt?: boolean;
}

/** Reads and writes key-value items. Expired items are invisible and removed lazily. */
export interface KeyValueStore {
  get(name: string, options?: KvGetOptions): KvItem | undefined;
  set(name: string, value: string, options?: KvSetOptions): KvItem;
  delete(name: string, options?: { scope?: KvScope; user?: string }): boolean;
  list(options?: KvListOptions): KvItem[];
  /** Decrypts ciphertext produced by this store's key (the `decrypt_kv` filter uses it). */
  decrypt(ciphertext: string): string;
  /** Encrypts with this store's key (used to keep secret execution parameters at rest). */
  encrypt(plaintext: string): string;
}
