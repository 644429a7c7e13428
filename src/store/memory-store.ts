import type { Collection, CollectionName, Doc, Store } from './store.js';

/** A stored document kept as the JSON text it was journaled as, parsed when first read. */
class JsonText {
  constructor(readonly json: string) {}
}

/**
 * One collection held in a Map. A Map keeps insertion order, and replacing an existing id keeps
 * its place, which is what "oldest first" means for records that are updated in place.
 * Documents are copied on the way in and on the way out so callers never share state with the store.
 */
export class MapCollection<T extends Doc> implements Collection<T> {
  readonly #docs: Map<string, T | JsonText>;
  readonly #copy: (doc: T) => T;

  /** `docs` is adopted as is (the lowdb store hands over what it loaded); `copy` clones a document. */
  constructor(docs: Map<string, T> = new Map(), copy: (doc: T) => T = (doc) => structuredClone(doc)) {
    this.#docs = docs;
    this.#copy = copy;
  }

  get(id: string): T | undefined {
    const doc = this.#docs.get(id);
    if (doc === undefined) return undefined;
    // Parsing the text makes a fresh copy already.
    return doc instanceof JsonText ? (JSON.parse(doc.json) as T) : this.#copy(doc);
  }

  put(doc: T): void {
    this.#docs.set(doc.id, this.#copy(doc));
  }

  /** Copies every document before storing any, so a document that cannot be copied stores none. */
  putMany(docs: readonly T[]): void {
    const copies = docs.map((doc) => this.#copy(doc));
    for (const copy of copies) this.#docs.set(copy.id, copy);
  }

  /** Stores a document that is already a private copy (the lowdb store copies while journaling). */
  adopt(doc: T): void {
    this.#docs.set(doc.id, doc);
  }

  /**
   * Stores a document as the JSON text it was serialized to (the lowdb store journals that text):
   * a write then costs one serialization, and the text is parsed only if the document is read.
   */
  adoptJson(id: string, json: string): void {
    this.#docs.set(id, new JsonText(json));
  }

  /** The stored object of `id`, parsing it first when it is held as text (the Map keeps its place). */
  #resolve(id: string, doc: T | JsonText): T {
    if (!(doc instanceof JsonText)) return doc;
    const parsed = JSON.parse(doc.json) as T;
    this.#docs.set(id, parsed);
    return parsed;
  }

  delete(id: string): boolean {
    return this.#docs.delete(id);
  }

  has(id: string): boolean {
    return this.#docs.has(id);
  }

  list(): T[] {
    return Array.from(this.#docs, ([id, doc]) => (doc instanceof JsonText ? (JSON.parse(doc.json) as T) : this.#copy(this.#resolve(id, doc))));
  }

  find(pred: (doc: T) => boolean): T[] {
    const out: T[] = [];
    // The predicate sees the stored object (no copy per document); only matches are copied.
    for (const [id, entry] of this.#docs) {
      const doc = this.#resolve(id, entry);
      if (pred(doc)) out.push(this.#copy(doc));
    }
    return out;
  }

  size(): number {
    return this.#docs.size;
  }

  /** The stored documents themselves, for serialization. Callers must not mutate them. */
  *values(): IterableIterator<T> {
    for (const [id, doc] of this.#docs) yield this.#resolve(id, doc);
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
