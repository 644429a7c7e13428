import type { Collection, CollectionName, Doc, Store } from './store.js';

/**
 * One collection held in a Map. A Map keeps insertion order, and replacing an existing id keeps
 * its place, which is what "oldest first" means for records that are updated in place.
 * Documents are copied on the way in and on the way out so callers never share state with the store.
 */
export class MapCollection<T extends Doc> implements Collection<T> {
  readonly #docs: Map<string, T>;
  readonly #copy: (doc: T) => T;

  /** `docs` is adopted as is (the lowdb store hands over what it loaded); `copy` clones a document. */
  constructor(docs: Map<string, T> = new Map(), copy: (doc: T) => T = (doc) => structuredClone(doc)) {
    this.#docs = docs;
    this.#copy = copy;
  }

  get(id: string): T | undefined {
    const doc = this.#docs.get(id);
    return doc === undefined ? undefined : this.#copy(doc);
  }

  put(doc: T): void {
    this.#docs.set(doc.id, this.#copy(doc));
  }

  /** Stores a document that is already a private copy (the lowdb store copies while journaling). */
  adopt(doc: T): void {
    this.#docs.set(doc.id, doc);
  }

  delete(id: string): boolean {
    return this.#docs.delete(id);
  }

  has(id: string): boolean {
    return this.#docs.has(id);
  }

  list(): T[] {
    return Array.from(this.#docs.values(), (doc) => this.#copy(doc));
  }

  find(pred: (doc: T) => boolean): T[] {
    const out: T[] = [];
    // The predicate sees the stored object (no copy per document); only matches are copied.
    for (const doc of this.#docs.values()) if (pred(doc)) out.push(this.#copy(doc));
    return out;
  }

  size(): number {
    return this.#docs.size;
  }

  /** The stored documents themselves, for serialization. Callers must not mutate them. */
  values(): IterableIterator<T> {
    return this.#docs.values();
  }
}

/** A store that lives only in memory: for tests and for `store.backend: memory`. */
export class MemoryStore implements Store {
  readonly #collections = new Map<string, MapCollection<Doc>>();

  collection<T extends Doc>(name: CollectionName): Collection<T> {
    let c = this.#collections.get(name);
    if (!c) {
      c = new MapCollection<Doc>();
      this.#collections.set(name, c);
    }
    return c as unknown as Collection<T>;
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {}
}
