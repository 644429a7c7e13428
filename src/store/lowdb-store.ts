import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { SquallError } from '../errors/index.js';
import { systemClock, type Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { MapCollection } from './memory-store.js';
import { deleteLine, isDoc, Journal, putLine, putManyLine, readJournal } from './journal.js';
import type { Collection, CollectionName, Doc, Store } from './store.js';

/** The snapshot file's shape: every collection as an array, oldest document first. */
interface Snapshot {
  format: 'squall-store';
  version: 1;
  collections: Record<string, Doc[]>;
}

/** Reported after every snapshot write (tests count them; operators can log them). */
export interface SnapshotInfo {
  docs: number;
  bytes: number;
  /** Time the snapshot took, by the store's clock. */
  ms: number;
}

export interface LowdbStoreOptions {
  /** The snapshot file; the journal is `<file>.journal` next to it. */
  file: string;
  /** Least time between two snapshot writes; writes in between are coalesced into one. */
  coalesceMs: number;
  /** Journal every write before it returns (default true). Without it a crash loses up to one interval. */
  journal?: boolean;
  logger: Logger;
  clock?: Clock;
  onSnapshot?: (info: SnapshotInfo) => void;
}

/** A snapshot may take at most this share of the time: the interval grows to 5× the last write's duration. */
const SNAPSHOT_DUTY = 5;
/** After a failed snapshot, wait at least this long before trying again. */
const RETRY_MS = 1000;

/**
 * The default store: one JSON file written through lowdb (whose writer, steno, writes a temporary
 * file and renames it over the target, so the snapshot on disk is always a whole one), plus an
 * append-only journal that makes every write durable the moment it returns.
 *
 * Reads are served from memory. Snapshots are coalesced: the first write after a snapshot schedules
 * the next one `interval` later. After a snapshot is on disk, the journal entries it includes are
 * dropped. On open the snapshot is loaded, the journal replayed over it, and a fresh snapshot written.
 */
export class LowdbStore implements Store {
  readonly #file: string;
  readonly #db: Low<Snapshot>;
  readonly #options: LowdbStoreOptions;
  readonly #clock: Clock;
  readonly #collections = new Map<string, JournaledCollection<Doc>>();
  readonly #serialized: { bytes: number };
  #journal: Journal | undefined;
  #interval: number;
  #dirty = false;
  #timer: { cancel(): void } | undefined;
  #writing: Promise<void> | undefined;
  #closed = false;

  private constructor(options: LowdbStoreOptions, db: Low<Snapshot>, serialized: { bytes: number }) {
    this.#file = options.file;
    this.#options = options;
    this.#db = db;
    this.#serialized = serialized;
    this.#clock = options.clock ?? systemClock;
    this.#interval = options.coalesceMs;
  }

  /** Opens (or creates) the store at `file`. A snapshot that cannot be read is STORE_CORRUPT, and the file is left as it is. */
  static async open(options: LowdbStoreOptions): Promise<LowdbStore> {
    const file = path.resolve(options.file);
    mkdirSync(path.dirname(file), { recursive: true });
    const serialized = { bytes: 0 };
    const adapter = new DataFile<Snapshot>(file, {
      parse: JSON.parse,
      // Compact JSON: pretty-printing a large store doubles the bytes and the time of every snapshot.
      stringify: (data) => {
        const text = JSON.stringify(data);
        serialized.bytes = Buffer.byteLength(text);
        return text;
      },
    });
    const empty: Snapshot = { format: 'squall-store', version: 1, collections: {} };
    const db = new Low<Snapshot>(adapter, empty);
    const existed = existsSync(file);
    try {
      await db.read();
    } catch (err) {
      throw corrupt(file, (err as Error).message, err);
    }
    // Low.read keeps the default for a file whose JSON is falsy (`null`, `0`), so check identity too.
    if (existed && (db.data === empty || !isSnapshot(db.data))) throw corrupt(file, 'not a Squall store snapshot');

    const store = new LowdbStore({ ...options, file }, db, serialized);
    store.#load(db.data);
    const journalFile = `${file}.journal`;
    const replayed = store.#replay(journalFile);
    if (replayed > 0 || !existed) await store.#snapshot();
    if (options.journal === false) rmSync(journalFile, { force: true });
    else store.#journal = Journal.open(journalFile, { truncate: true });
    return store;
  }

  collection<T extends Doc>(name: CollectionName): Collection<T> {
    return this.#collectionNamed(name) as unknown as Collection<T>;
  }

  /** Writes a snapshot now if anything changed, waiting for one already under way. */
  async flush(): Promise<void> {
    for (;;) {
      this.#timer?.cancel();
      this.#timer = undefined;
      if (this.#writing) await this.#writing.catch(() => {});
      else if (this.#dirty) await this.#runSnapshot();
      else return;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.flush();
    } finally {
      // Even when the last snapshot failed, every write is in the journal; closing loses nothing.
      this.#closed = true;
      this.#timer?.cancel();
      this.#journal?.close();
      this.#journal = undefined;
    }
  }

  /** The current least time between snapshots (grows with the store's size). */
  get snapshotIntervalMs(): number {
    return this.#interval;
  }

  #collectionNamed(name: string): JournaledCollection<Doc> {
    let c = this.#collections.get(name);
    if (!c) {
      c = new JournaledCollection<Doc>(name, new Map(), (line) => this.#record(line));
      this.#collections.set(name, c);
    }
    return c;
  }

  #load(data: Snapshot): void {
    for (const [name, docs] of Object.entries(data.collections)) {
      const c = this.#collectionNamed(name);
      for (const doc of docs) c.inner.adopt(doc);
    }
  }

  /** Applies the journal left by the last run; returns how many entries it held. */
  #replay(journalFile: string): number {
    const { entries, tornLine } = readJournal(journalFile);
    if (tornLine !== undefined) this.#options.logger.warn('store journal ends with a torn line; ignoring it', { file: journalFile, line: tornLine });
    for (const e of entries) {
      const c = this.#collectionNamed(e.c).inner;
      // Same Map operations as the live writes, so the order of documents comes back the same too.
      if (e.op === 'put') c.adopt(e.doc);
      else c.delete(e.id);
    }
    return entries.length + (tornLine === undefined ? 0 : 1);
  }

  /** Called by a collection for every write, before the write is applied in memory. */
  #record(line: string): void {
    if (this.#closed) throw new SquallError('STORE_WRITE_FAILED', `store ${this.#file} is closed`);
    this.#journal?.appendLine(line);
    this.#dirty = true;
    this.#schedule(this.#interval);
  }

  #schedule(delay: number): void {
    if (this.#timer || this.#writing || this.#closed) return;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#runSnapshot().catch((err: unknown) => {
        this.#options.logger.error('store snapshot failed; the journal keeps every write', { file: this.#file, error: (err as Error).message });
      });
    }, delay);
  }

  #runSnapshot(): Promise<void> {
    const run = this.#snapshot().then(
      () => {
        this.#writing = undefined;
        if (this.#dirty) this.#schedule(this.#interval);
      },
      (err: unknown) => {
        this.#writing = undefined;
        this.#dirty = true;
        this.#schedule(Math.max(this.#interval, RETRY_MS));
        throw new SquallError('STORE_WRITE_FAILED', `cannot write store ${this.#file}: ${(err as Error).message}`, { cause: err });
      },
    );
    this.#writing = run;
    return run;
  }

  async #snapshot(): Promise<void> {
    const started = this.#clock.now();
    // What the snapshot holds is fixed here: the arrays reference the stored documents, which are
    // replaced (never mutated) by later writes, and the journal mark is taken at the same instant.
    const collections: Record<string, Doc[]> = {};
    let docs = 0;
    for (const [name, c] of this.#collections) {
      collections[name] = Array.from(c.inner.values());
      docs += collections[name].length;
    }
    const mark = this.#journal?.size ?? 0;
    this.#dirty = false;
    this.#db.data = { format: 'squall-store', version: 1, collections };
    try {
      await this.#db.write();
    } finally {
      // Do not keep the previous generation of documents alive until the next snapshot.
      this.#db.data = { format: 'squall-store', version: 1, collections: {} };
    }
    // Only the entries the snapshot includes may go; later ones stay for the next snapshot.
    this.#journal?.dropPrefix(mark);
    const ms = this.#clock.now() - started;
    this.#interval = Math.max(this.#options.coalesceMs, Math.ceil(ms * SNAPSHOT_DUTY));
    this.#options.onSnapshot?.({ docs, bytes: this.#serialized.bytes, ms });
  }
}

/**
 * A collection whose writes go through the journal first. Stored documents are JSON round-tripped,
 * as they will be after a restart: each is kept as its journaled text until it is first read.
 */
class JournaledCollection<T extends Doc> implements Collection<T> {
  readonly inner: MapCollection<T>;
  readonly #name: string;
  readonly #record: (line: string) => void;

  constructor(name: string, docs: Map<string, T>, record: (line: string) => void) {
    this.#name = name;
    this.inner = new MapCollection<T>(docs);
    this.#record = record;
  }

  get(id: string): T | undefined {
    return this.inner.get(id);
  }

  put(doc: T): void {
    if (!isDoc(doc)) throw new SquallError('STORE_WRITE_FAILED', `document for ${this.#name} has no string id`);
    const json = JSON.stringify(doc);
    this.#record(putLine(this.#name, json));
    // The journaled text is the private copy: parsed only when the document is read (or snapshotted).
    this.inner.adoptJson(doc.id, json);
  }

  /** One journal line for the whole batch: a crash leaves it whole (replayed) or torn (ignored). */
  putMany(docs: readonly T[]): void {
    if (docs.length === 0) return;
    if (!docs.every(isDoc)) throw new SquallError('STORE_WRITE_FAILED', `a document for ${this.#name} has no string id`);
    const jsons = docs.map((doc) => JSON.stringify(doc));
    this.#record(putManyLine(this.#name, jsons));
    docs.forEach((doc, i) => this.inner.adoptJson(doc.id, jsons[i]!));
  }

  delete(id: string): boolean {
    if (!this.inner.has(id)) return false;
    this.#record(deleteLine(this.#name, id));
    return this.inner.delete(id);
  }

  list(): T[] {
    return this.inner.list();
  }

  find(pred: (doc: T) => boolean): T[] {
    return this.inner.find(pred);
  }

  size(): number {
    return this.inner.size();
  }
}

function isSnapshot(value: unknown): value is Snapshot {
  if (!value || typeof value !== 'object') return false;
  const s = value as Partial<Snapshot>;
  if (s.format !== 'squall-store' || !s.collections || typeof s.collections !== 'object') return false;
  return Object.values(s.collections).every((docs) => Array.isArray(docs) && docs.every(isDoc));
}

function corrupt(file: string, reason: string, cause?: unknown): SquallError {
  return new SquallError('STORE_CORRUPT', `store file ${file} is corrupt (${reason}); it was left untouched — restore it or move it away`, {
    details: [{ file, message: reason }],
    ...(cause === undefined ? {} : { cause }),
  });
}
