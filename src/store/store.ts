/**
 * Storage seam. Callers see named collections of JSON documents keyed by `id`; reads are served
 * from memory, writes are durable by the store's own rules. The lowdb store is the default; the
 * memory store serves tests; a shared backend (Redis, a database) can replace both later without
 * touching callers.
 */
export interface Doc {
  id: string;
}

/** The collections Squall keeps. Adding one here is the only change a new kind of record needs. */
export const COLLECTIONS = ['executions', 'trigger_instances', 'rule_enforcements', 'kv', 'content_state', 'workflows', 'inquiries'] as const;
export type CollectionName = (typeof COLLECTIONS)[number];

export interface Collection<T extends Doc> {
  get(id: string): T | undefined;
  /** Inserts or replaces the document with this id. The object is copied; later mutation of it does not reach the store. */
  put(doc: T): void;
  /**
   * Puts every document as one write: after a crash either all of them are stored or none is
   * (a restart never sees some of a batch). Later documents win over earlier ones with the same id.
   */
  putMany(docs: readonly T[]): void;
  delete(id: string): boolean;
  /** Every document, in insertion order (oldest first). Returned objects are copies. */
  list(): T[];
  /** Documents for which `pred` holds, oldest first. */
  find(pred: (doc: T) => boolean): T[];
  size(): number;
}

export interface Store {
  collection<T extends Doc>(name: CollectionName): Collection<T>;
  /**
   * Makes every write so far durable now. Writes are coalesced otherwise; completed executions are
   * journaled at once so that a crash loses none (see the lowdb store).
   */
  flush(): Promise<void>;
  close(): Promise<void>;
}
