import type { Collection, Doc } from './store.js';

/**
 * A collection with a retention limit: once it holds more than `limit` documents, the oldest are
 * deleted. `keep` protects documents that must not be trimmed yet (a running execution); it is
 * asked by id, so trimming never reads a document (a read copies it).
 * Insertion order is tracked here so trimming never scans the collection.
 */
export class RetainedCollection<T extends Doc> {
  readonly collection: Collection<T>;
  readonly #limit: number;
  readonly #keep: (id: string) => boolean;
  #order: string[];
  #head = 0;
  readonly #known: Set<string>;

  constructor(collection: Collection<T>, limit: number, keep: (id: string) => boolean = () => false) {
    this.collection = collection;
    this.#limit = limit;
    this.#keep = keep;
    this.#order = collection.list().map((d) => d.id);
    this.#known = new Set(this.#order);
  }

  /** Inserts a new document and trims the oldest beyond the limit. */
  put(doc: T): void {
    this.collection.put(doc);
    if (!this.#known.has(doc.id)) {
      this.#known.add(doc.id);
      this.#order.push(doc.id);
      this.#trim();
    }
  }

  /** Replaces an existing document without counting it again. */
  update(doc: T): void {
    this.collection.put(doc);
  }

  get(id: string): T | undefined {
    return this.collection.get(id);
  }

  list(): T[] {
    return this.collection.list();
  }

  delete(id: string): boolean {
    this.#known.delete(id);
    return this.collection.delete(id);
  }

  #trim(): void {
    // Counted from the ids still held: ones deleted through this wrapper left stale entries in the order list.
    let excess = this.#known.size - this.#limit;
    const kept: string[] = [];
    while (excess > 0 && this.#head < this.#order.length) {
      const id = this.#order[this.#head++]!;
      // Already deleted through this wrapper: nothing to trim.
      if (!this.#known.has(id)) continue;
      if (this.#keep(id)) {
        kept.push(id);
        continue;
      }
      this.#known.delete(id);
      this.collection.delete(id);
      excess--;
    }
    // Compact the order list now and then so that it does not grow without bound.
    if (this.#head > 1024 && this.#head * 2 > this.#order.length) {
      this.#order = [...kept, ...this.#order.slice(this.#head)];
      this.#head = 0;
    } else if (kept.length) {
      this.#order.splice(this.#head, 0, ...kept);
    }
  }
}
