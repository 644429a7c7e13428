/**
 * Bounded checkpoints: a workflow's state is kept in several documents of the `workflows`
 * collection, so that one event rewrites only what it changed, not the whole history.
 *
 * - `<id>`: the head, rewritten after every event: the conductor's changing part (status, staged
 *   tasks, routes, log, errors, output), the children still active, and how many context
 *   fragments, task runs and engine task records the chunks hold.
 * - `<id>:fixed`: the definition, input and parent context, written once.
 * - `<id>:ctx:<k>`, `<id>:run:<k>`, `<id>:rec:<k>`: chunks of `CHUNK` context fragments, conductor
 *   task runs and engine task records; only chunks holding something new or changed are written.
 *
 * A with-items task record keeps its item count, not the child id of every item: after a restart
 * the ids are found again from the workflow's children (each child's `context.parent` names task,
 * route and item), and ids sort by creation time, so each child goes to the task run that existed
 * when it was created. Checkpoints of workflows with secret input hold ciphertext instead of the
 * head's conductor part, the fixed part and the chunks' entries. The single-document form of
 * earlier versions (engine-records.ts) is still read.
 */
import type { ExecutionService } from '../executions/execution-service.js';
import type { Collection, Doc } from '../store/store.js';
import { WorkflowConductor, type ConductorHead, type ConductorSnapshot } from './conductor.js';
import type { TaskStateEntry } from './conductor-state.js';
import { openCheckpoint, runKey, type CheckpointCipher, type TaskRunRecord, type WorkflowCheckpoint } from './engine-records.js';
import type { Status } from './statuses.js';

/** Entries per chunk document. */
export const CHUNK = 32;

/** The head document (id = the workflow's execution id). */
export interface CheckpointHead extends Doc {
  format: 2;
  encrypted?: true;
  /** The conductor's changing part, or its ciphertext. */
  conductor: ConductorHead | string;
  /** Child executions not yet completed → the last status the conductor heard for them. */
  active: Record<string, Status>;
  contexts: number;
  runs: number;
  records: number;
  updated_at: string;
}

/** A task record as a chunk holds it: a with-items run keeps its item count instead of its child ids. */
type StoredRecord = Omit<TaskRunRecord, 'items'> & { item_count?: number };

interface ChunkDoc extends Doc {
  entries: unknown[] | string;
}

interface FixedDoc extends Doc {
  data: Pick<ConductorSnapshot, 'spec' | 'input' | 'context'> | string;
}

type AnyDoc = CheckpointHead | ChunkDoc | FixedDoc | WorkflowCheckpoint;

/** What a stored checkpoint holds, opened. */
export interface LoadedCheckpoint {
  snapshot: ConductorSnapshot;
  records: TaskRunRecord[];
  active: Record<string, Status>;
  encrypted: boolean;
}

const chunkId = (id: string, kind: 'ctx' | 'run' | 'rec', k: number): string => `${id}:${kind}:${k}`;
const chunks = (count: number): number => Math.ceil(count / CHUNK);

function isHead(doc: AnyDoc | undefined): doc is CheckpointHead {
  return doc !== undefined && (doc as CheckpointHead).format === 2;
}

/** True for the document that names a checkpoint (not one of its parts). */
export function isCheckpointHead(doc: Doc): boolean {
  return !doc.id.includes(':');
}

function storedRecord(record: TaskRunRecord): StoredRecord {
  if (!record.items) return record;
  const { items, ...rest } = record;
  return { ...rest, item_count: items.length };
}

/** Writes one workflow's checkpoint, part by part (see the module comment). */
export class CheckpointWriter {
  readonly #collection: Collection<AnyDoc>;
  readonly #id: string;
  readonly #cipher: CheckpointCipher | undefined;
  #fixed = false;
  #contexts = 0;
  #records = 0;

  constructor(collection: Collection<Doc>, id: string, cipher: CheckpointCipher | undefined) {
    this.#collection = collection as Collection<AnyDoc>;
    this.#id = id;
    this.#cipher = cipher;
  }

  /**
   * Writes what changed: context fragments added, runs the conductor reports changed, `changed`
   * engine records (indexes into `records`), and the head, all as one batch, so that after a crash
   * a head and its chunks are always from the same checkpoint.
   */
  write(conductor: WorkflowConductor, records: readonly TaskRunRecord[], changed: Iterable<number>, active: Record<string, Status>, now: string): void {
    const id = this.#id;
    const batch: AnyDoc[] = [];
    const fixed = this.#fixed ? undefined : conductor.fixedPart();
    if (fixed) batch.push({ id: `${id}:fixed`, data: this.#cipher ? this.#cipher.encrypt(JSON.stringify(fixed)) : fixed });
    const contexts = conductor.contextCount;
    for (let k = Math.floor(this.#contexts / CHUNK); k < chunks(contexts); k++) batch.push(this.#chunk('ctx', k, conductor.contexts(k * CHUNK, (k + 1) * CHUNK)));
    let last = -1;
    for (const i of conductor.takeChangedRuns()) {
      const k = Math.floor(i / CHUNK);
      if (k === last) continue;
      last = k;
      batch.push(this.#chunk('run', k, conductor.runs(k * CHUNK, (k + 1) * CHUNK)));
    }
    const recordChunks = new Set<number>();
    for (const i of changed) recordChunks.add(Math.floor(i / CHUNK));
    // Records are only ever appended; a count that grew means its chunk changed.
    for (let i = this.#records; i < records.length; i++) recordChunks.add(Math.floor(i / CHUNK));
    for (const k of recordChunks) batch.push(this.#chunk('rec', k, records.slice(k * CHUNK, (k + 1) * CHUNK).map(storedRecord)));
    const head = conductor.headPart();
    const doc: CheckpointHead = {
      id,
      format: 2,
      conductor: this.#cipher ? this.#cipher.encrypt(JSON.stringify(head)) : head,
      active,
      contexts,
      runs: conductor.runCount,
      records: records.length,
      updated_at: now,
    };
    if (this.#cipher) doc.encrypted = true;
    batch.push(doc);
    this.#collection.putMany(batch);
    // The marks move only once the batch is stored: a write that failed leaves them where they were.
    if (fixed) this.#fixed = true;
    this.#contexts = contexts;
    this.#records = records.length;
  }

  #chunk(kind: 'ctx' | 'run' | 'rec', k: number, entries: readonly unknown[]): AnyDoc {
    return { id: chunkId(this.#id, kind, k), entries: this.#cipher ? this.#cipher.encrypt(JSON.stringify(entries)) : (entries as unknown[]) };
  }
}

/** Reads chunks `kind` of checkpoint `id` back into one list of `count` entries. */
function readChunks<T>(collection: Collection<AnyDoc>, id: string, kind: 'ctx' | 'run' | 'rec', count: number, cipher: CheckpointCipher): T[] {
  const out: T[] = [];
  for (let k = 0; k < chunks(count); k++) {
    const doc = collection.get(chunkId(id, kind, k)) as ChunkDoc | undefined;
    if (!doc) throw new Error(`checkpoint part ${chunkId(id, kind, k)} is missing`);
    const entries = typeof doc.entries === 'string' ? (JSON.parse(cipher.decrypt(doc.entries)) as T[]) : (doc.entries as T[]);
    out.push(...entries);
  }
  return out.slice(0, count);
}

/**
 * The checkpoint of workflow `id`, opened (decrypted, put back together, item children found
 * again), or undefined when there is none.
 */
export function loadCheckpoint(collection: Collection<Doc>, id: string, cipher: CheckpointCipher, executions: ExecutionService): LoadedCheckpoint | undefined {
  const docs = collection as Collection<AnyDoc>;
  const doc = docs.get(id);
  if (!doc) return undefined;
  if (!isHead(doc)) {
    // The single-document form.
    const legacy = doc as WorkflowCheckpoint;
    const opened = openCheckpoint(legacy, cipher);
    return { snapshot: JSON.parse(opened.conductor) as ConductorSnapshot, records: opened.tasks, active: legacy.active, encrypted: legacy.encrypted === true };
  }
  const fixedDoc = docs.get(`${id}:fixed`) as FixedDoc | undefined;
  if (!fixedDoc) throw new Error(`checkpoint part ${id}:fixed is missing`);
  const fixed = typeof fixedDoc.data === 'string' ? (JSON.parse(cipher.decrypt(fixedDoc.data)) as FixedDoc['data'] & object) : fixedDoc.data;
  const head = typeof doc.conductor === 'string' ? (JSON.parse(cipher.decrypt(doc.conductor)) as ConductorHead) : doc.conductor;
  const contexts = readChunks<Record<string, unknown>>(docs, id, 'ctx', doc.contexts, cipher);
  const runs = readChunks<TaskStateEntry>(docs, id, 'run', doc.runs, cipher);
  const stored = readChunks<StoredRecord>(docs, id, 'rec', doc.records, cipher);
  const snapshot = WorkflowConductor.snapshotFromParts(fixed as Pick<ConductorSnapshot, 'spec' | 'input' | 'context'>, head, contexts, runs);
  return { snapshot, records: rebuildItems(stored, id, executions), active: doc.active, encrypted: doc.encrypted === true };
}

/**
 * Gives with-items records their item → child id lists again. A record copies the items of the
 * previous run of its task (as the engine does when it starts one), then takes the children of its
 * workflow (`origin`, else `id`) created after `items_after` and before the next run of its task.
 */
function rebuildItems(stored: StoredRecord[], id: string, executions: ExecutionService): TaskRunRecord[] {
  const records: TaskRunRecord[] = [];
  // origin → task run key → item children (id, item), in creation order.
  const found = new Map<string, Map<string, { child: string; item: number }[]>>();
  const itemChildren = (origin: string, key: string): { child: string; item: number }[] => {
    let byKey = found.get(origin);
    if (!byKey) {
      byKey = new Map();
      for (const child of executions.get(origin)?.children ?? []) {
        const parent = executions.get(child)?.context.parent;
        if (!parent || parent.item_id === undefined || parent.task_id === undefined || parent.route === undefined) continue;
        const k = runKey(parent.task_id, parent.route);
        let list = byKey.get(k);
        if (!list) byKey.set(k, (list = []));
        list.push({ child, item: parent.item_id });
      }
      found.set(origin, byKey);
    }
    return byKey.get(key) ?? [];
  };
  const latest = new Map<string, TaskRunRecord>();
  stored.forEach((s, i) => {
    const { item_count: count, ...rest } = s;
    const record: TaskRunRecord = { ...rest, children: [...rest.children] };
    const key = runKey(record.task_id, record.route);
    if (count !== undefined) {
      const previous = latest.get(key);
      const items: (string | null)[] = previous?.items ? previous.items.slice(0, count) : [];
      while (items.length < count) items.push(null);
      const origin = record.origin ?? id;
      const after = record.items_after ?? '';
      // The next run of this task from the same workflow bounds which children are this run's.
      const next = stored.slice(i + 1).find((o) => o.task_id === record.task_id && o.route === record.route && (o.origin ?? id) === origin && o.item_count !== undefined);
      const before = next?.items_after;
      for (const { child, item } of itemChildren(origin, key)) {
        if (child > after && (before === undefined || child <= before) && item < count) items[item] = child;
      }
      record.items = items;
    }
    latest.set(key, record);
    records.push(record);
  });
  return records;
}

/** Deletes every document of checkpoint `id`. */
export function deleteCheckpoint(collection: Collection<Doc>, id: string): void {
  const doc = (collection as Collection<AnyDoc>).get(id);
  collection.delete(id);
  if (!isHead(doc)) return;
  collection.delete(`${id}:fixed`);
  for (const [kind, count] of [['ctx', doc.contexts], ['run', doc.runs], ['rec', doc.records]] as const) {
    for (let k = 0; k < chunks(count); k++) collection.delete(chunkId(id, kind, k));
  }
}
