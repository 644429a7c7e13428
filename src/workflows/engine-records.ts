/**
 * What the workflow engine keeps per workflow execution, in the store's `workflows` collection
 * (document id = the workflow's execution id): the serialized conductor and, for every task run,
 * the child executions it started. The document is written after every event that changed
 * something, so a restarted process continues from it; it is kept after the workflow completed,
 * for re-runs from a task and for `squall execution get`.
 */
import type { Doc } from '../store/store.js';
import type { TaskAction } from './conductor.js';
import { COMPLETED_STATUSES, type Status } from './statuses.js';

/** Actions of a task run that start once their delay ran out (epoch milliseconds). */
export interface DelayedBatch {
  until: number;
  actions: TaskAction[];
}

/** One run of a task: its child executions and timing. */
export interface TaskRunRecord {
  task_id: string;
  route: number;
  /** The task's status after the last event (the conductor's). */
  status: Status;
  start_timestamp: string;
  end_timestamp?: string;
  /** Child executions, in the order they were requested (empty for a with-items task: see `items`). */
  children: string[];
  /** A with-items task: item id → its latest child execution id (null while the item has not started). */
  items?: (string | null)[];
  /** Actions waiting out the task's `delay`: when each batch starts, and its actions as rendered. */
  delayed?: DelayedBatch[];
  /** The workflow execution whose children this run started, when it is not the one holding the record (a re-run copies records). */
  origin?: string;
  /** A with-items run: the last child of its workflow when the run began (ids sort by creation); its items' children come after. */
  items_after?: string;
}

/** The checkpoint document. */
export interface WorkflowCheckpoint extends Doc {
  /** The serialized conductor: JSON text, or its ciphertext when the workflow input holds secrets. */
  conductor: string;
  encrypted?: boolean;
  /** Task runs; in an encrypted checkpoint without their delayed actions (rendered input may hold secrets). */
  tasks: TaskRunRecord[];
  /** An encrypted checkpoint's delayed actions: ciphertext of `{ <task run index>: DelayedBatch[] }`. */
  delayed?: string;
  /** Child executions not yet completed → the last status the conductor heard for them. */
  active: Record<string, Status>;
  updated_at: string;
}

/** One task run as displays show it. */
export interface WorkflowTaskView {
  task_id: string;
  route: number;
  status: Status;
  /** Child executions (one per item for a with-items task). */
  executions: string[];
  start_timestamp: string;
  end_timestamp?: string;
  elapsed_ms?: number;
  /** A with-items task: how many items it has and how many started. */
  items?: { count: number; started: number };
}

/** The key of a task run on a route, as the conductor spells it. */
export function runKey(taskId: string, route: number): string {
  return `${taskId}__r${route}`;
}

export function isFinished(status: Status): boolean {
  return COMPLETED_STATUSES.has(status);
}

/** The task runs of a checkpoint as displays show them, in the order they started. */
export function taskViews(records: readonly TaskRunRecord[]): WorkflowTaskView[] {
  return records.map((r) => {
    const view: WorkflowTaskView = {
      task_id: r.task_id,
      route: r.route,
      status: r.status,
      executions: r.items ? r.items.filter((c): c is string => c !== null) : [...r.children],
      start_timestamp: r.start_timestamp,
    };
    if (r.end_timestamp) {
      view.end_timestamp = r.end_timestamp;
      view.elapsed_ms = Date.parse(r.end_timestamp) - Date.parse(r.start_timestamp);
    }
    if (r.items) view.items = { count: r.items.length, started: r.items.filter((i) => i !== null).length };
    return view;
  });
}

/** Where each child execution of a checkpoint belongs: its task run and, for with-items, its item. */
export interface ChildLink {
  record: TaskRunRecord;
  itemId?: number;
  /** The last status the conductor heard for this child. */
  fed: Status;
}

/** Rebuilds the links of the children still active in a checkpoint (`active` holds what each was last heard as). */
export function childLinks(records: readonly TaskRunRecord[], active: Readonly<Record<string, Status>>): Map<string, ChildLink> {
  const links = new Map<string, ChildLink>();
  for (const record of records) {
    for (const child of record.children) {
      const fed = active[child];
      if (fed !== undefined) links.set(child, { record, fed });
    }
    record.items?.forEach((child, itemId) => {
      const fed = child === null ? undefined : active[child];
      if (fed !== undefined) links.set(child!, { record, itemId, fed });
    });
  }
  return links;
}

/** What encrypts checkpoints of workflows whose input holds secrets. */
export interface CheckpointCipher {
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
}

/** The document to store: as is, or with the conductor and delayed actions encrypted when `cipher` is given. */
export function sealCheckpoint(doc: WorkflowCheckpoint, cipher: CheckpointCipher | undefined): WorkflowCheckpoint {
  if (!cipher) return doc;
  const delayed: Record<number, DelayedBatch[]> = {};
  const tasks = doc.tasks.map(({ delayed: batches, ...record }, i) => {
    if (batches) delayed[i] = batches;
    return record;
  });
  const sealed: WorkflowCheckpoint = { ...doc, conductor: cipher.encrypt(doc.conductor), encrypted: true, tasks };
  if (Object.keys(delayed).length > 0) sealed.delayed = cipher.encrypt(JSON.stringify(delayed));
  return sealed;
}

/** The conductor snapshot text and task runs of a stored checkpoint, decrypted. */
export function openCheckpoint(doc: WorkflowCheckpoint, cipher: CheckpointCipher): { conductor: string; tasks: TaskRunRecord[] } {
  if (!doc.encrypted) return { conductor: doc.conductor, tasks: doc.tasks };
  const delayed = doc.delayed ? (JSON.parse(cipher.decrypt(doc.delayed)) as Record<string, DelayedBatch[]>) : {};
  const tasks = doc.tasks.map((record, i) => (delayed[i] ? { ...record, delayed: delayed[i] } : record));
  return { conductor: cipher.decrypt(doc.conductor), tasks };
}
