import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readFileSync, readSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { SquallError } from '../errors/index.js';
import type { Doc } from './store.js';

/**
 * One write read back from the journal: a document put into, or an id deleted from, a collection.
 * A batch line (`op: 'puts'`, see {@link putManyLine}) reads back as one put entry per document.
 */
export type JournalEntry = { c: string; op: 'put'; doc: Doc } | { c: string; op: 'del'; id: string };

/**
 * An append-only file of JSON lines, one per write, next to the store snapshot. Every line is
 * written with a synchronous write(2) before the write returns to the caller, so a process that is
 * killed at any point has every returned write on disk (in the page cache: this protects against
 * the process dying, not against the machine losing power, since nothing is fsynced).
 */
export class Journal {
  readonly file: string;
  #fd: number;
  #size: number;

  private constructor(file: string, fd: number) {
    this.file = file;
    this.#fd = fd;
    this.#size = fstatSync(fd).size;
  }

  /** Opens (creating if needed) the journal for appending. `truncate` empties it first. */
  static open(file: string, options: { truncate?: boolean } = {}): Journal {
    const fd = openSync(file, 'a+', 0o600);
    if (options.truncate) ftruncateSync(fd, 0);
    return new Journal(file, fd);
  }

  /** Bytes in the journal; a snapshot remembers this to drop exactly what it includes. */
  get size(): number {
    return this.#size;
  }

  /** Appends one line. On a failed or short write the file is cut back so no torn line stays behind. */
  appendLine(line: string): void {
    const buf = Buffer.from(line, 'utf8');
    try {
      let written = 0;
      // The fd is O_APPEND, so every write lands at the end; loop in case the kernel takes a part.
      while (written < buf.length) written += writeSync(this.#fd, buf, written, buf.length - written);
      this.#size += buf.length;
    } catch (err) {
      try {
        ftruncateSync(this.#fd, this.#size);
      } catch {
        // The replay ignores a torn last line, so a failed cut-back is still recoverable.
      }
      throw new SquallError('STORE_WRITE_FAILED', `cannot append to journal ${this.file}: ${(err as Error).message}`, { cause: err });
    }
  }

  /**
   * Drops the first `bytes` bytes (the part a finished snapshot now holds) and keeps the rest.
   * Runs synchronously, so no append can slip in between reading the tail and replacing the file.
   * The tail goes to a temporary file that is renamed over the journal: a crash leaves either the
   * old journal (replaying it over the new snapshot is harmless, every entry is idempotent) or the new one.
   */
  dropPrefix(bytes: number): void {
    if (bytes <= 0) return;
    if (bytes >= this.#size) {
      ftruncateSync(this.#fd, 0);
      this.#size = 0;
      return;
    }
    const tail = Buffer.alloc(this.#size - bytes);
    let read = 0;
    while (read < tail.length) {
      const n = readSync(this.#fd, tail, read, tail.length - read, bytes + read);
      if (n === 0) break;
      read += n;
    }
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, tail.subarray(0, read), { mode: 0o600 });
    renameSync(tmp, this.file);
    closeSync(this.#fd);
    this.#fd = openSync(this.file, 'a+', 0o600);
    this.#size = fstatSync(this.#fd).size;
  }

  close(): void {
    closeSync(this.#fd);
  }
}

/** What a journal file held: its entries in order, and whether a torn last line was skipped. */
export interface JournalContents {
  entries: JournalEntry[];
  tornLine?: number;
}

/**
 * Reads a journal file. A last line that does not parse is the write a crash cut short and is
 * skipped; an unreadable line anywhere else means the file was damaged by something else, and
 * guessing would lose data, so that is STORE_CORRUPT.
 */
export function readJournal(file: string): JournalContents {
  if (!existsSync(file)) return { entries: [] };
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  // A complete journal ends with a newline, leaving one empty string after the split.
  if (lines.at(-1) === '') lines.pop();
  const entries: JournalEntry[] = [];
  let tornLine: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const parsed = parseEntry(lines[i]!);
    if (parsed) {
      if (Array.isArray(parsed)) entries.push(...parsed);
      else entries.push(parsed);
      continue;
    }
    if (i === lines.length - 1) {
      tornLine = i + 1;
      break;
    }
    throw new SquallError('STORE_CORRUPT', `store journal ${file} is corrupt at line ${i + 1}`, {
      details: [{ file, line: i + 1, message: 'not a journal entry' }],
    });
  }
  return tornLine === undefined ? { entries } : { entries, tornLine };
}

/** One line's entries: a single entry, or all the puts of a batch line; undefined when the line is unreadable. */
function parseEntry(line: string): JournalEntry | JournalEntry[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const e = value as Record<string, unknown>;
  if (typeof e.c !== 'string') return undefined;
  if (e.op === 'put' && isDoc(e.doc)) return { c: e.c, op: 'put', doc: e.doc };
  if (e.op === 'del' && typeof e.id === 'string') return { c: e.c, op: 'del', id: e.id };
  if (e.op === 'puts' && Array.isArray(e.docs) && e.docs.every(isDoc)) {
    const c = e.c;
    return (e.docs as Doc[]).map((doc): JournalEntry => ({ c, op: 'put', doc }));
  }
  return undefined;
}

/** A JSON object with a string id. */
export function isDoc(value: unknown): value is Doc {
  return !!value && typeof value === 'object' && !Array.isArray(value) && typeof (value as Doc).id === 'string';
}

/** The journal line for a put, built around the document's JSON so it is serialized once. */
export function putLine(collection: string, docJson: string): string {
  return `{"c":${JSON.stringify(collection)},"op":"put","doc":${docJson}}\n`;
}

/**
 * The journal line for a batch of puts into one collection. Being one line, it is replayed whole
 * or, cut short by a crash, skipped whole as a torn last line.
 */
export function putManyLine(collection: string, docJsons: readonly string[]): string {
  return `{"c":${JSON.stringify(collection)},"op":"puts","docs":[${docJsons.join(',')}]}\n`;
}

export function deleteLine(collection: string, id: string): string {
  return `{"c":${JSON.stringify(collection)},"op":"del","id":${JSON.stringify(id)}}\n`;
}
