/**
 * One workflow execution in progress: its conductor, its task runs and child executions, and a
 * mailbox. Everything that changes the workflow (a child's status change, a delay that ran out,
 * pause, resume, cancel) is a job on the mailbox, run one at a time in arrival order, and the
 * checkpoint is written after each job that changed something. Jobs may arrive while another
 * runs (starting a child emits its first status changes at once); they wait their turn.
 */
import { errorMessage, isSquallError } from '../errors/index.js';
import type { ExecutionStatus, NotifySpec } from '../model/index.js';
import type { WorkflowConductor, NextTask, TaskAction } from './conductor.js';
import { CheckpointWriter } from './engine-checkpoint.js';
import { childLinks, isFinished, type ChildLink, type DelayedBatch, type TaskRunRecord } from './engine-records.js';
import { executionStatusOf, moveExecution } from './engine-status.js';
import { childContext, type TaskLookup } from './engine-context.js';
import { TaskFeed } from './engine-feed.js';
import { ABENDED_STATUSES, PAUSE_STATUSES, type Status } from './statuses.js';
import type { RunDeps } from './engine-deps.js';

// Rounds of `getNextTasks` in one job; a loop of tasks without actions yields to other work after this.
const MAX_ROUNDS = 1000;
// Child statuses after which the conductor hears a plain `running` again.
const WAITING: ReadonlySet<Status> = new Set<Status>(['pending', 'pausing', 'paused', 'resuming']);
// Child statuses the conductor hears as they are.
const PASSED_ON: ReadonlySet<Status> = new Set<Status>(['pending', 'pausing', 'paused', 'resuming', 'canceling']);

export interface WorkflowRunInit {
  id: string;
  conductor: WorkflowConductor;
  encrypted: boolean;
  /** Task names whose child executions carry the workflow's notify section (the runner's `notify`). */
  notify?: { tasks: readonly string[]; spec: NotifySpec };
  checkpoint?: { tasks: TaskRunRecord[]; active: Record<string, Status> };
}

export class WorkflowRun implements TaskLookup {
  readonly id: string;
  readonly conductor: WorkflowConductor;
  readonly records: TaskRunRecord[];
  readonly #deps: RunDeps;
  readonly #init: WorkflowRunInit;
  readonly #feed: TaskFeed;
  readonly #links: Map<string, ChildLink>;
  readonly #timers = new Set<{ cancel(): void }>();
  readonly #jobs: (() => void)[] = [];
  readonly #writer: CheckpointWriter;
  // Task records changed since the last checkpoint (indexes into `records`).
  readonly #changed = new Set<number>();
  readonly #index = new WeakMap<TaskRunRecord, number>();
  #busy = false;
  #dirty = false;
  #finalized = false;
  #released = false;

  constructor(deps: RunDeps, init: WorkflowRunInit) {
    this.#deps = deps;
    this.#init = init;
    this.id = init.id;
    this.conductor = init.conductor;
    this.records = init.checkpoint?.tasks ?? [];
    this.#feed = new TaskFeed(deps, init.conductor, init.id, this.records, (record) => this.#touch(record));
    this.#links = childLinks(this.records, init.checkpoint?.active ?? {});
    this.#writer = new CheckpointWriter(deps.checkpoints, init.id, init.encrypted ? deps.kv : undefined);
    this.records.forEach((record, i) => this.#index.set(record, i));
    this.#dirty = true;
  }

  get workflowId(): string {
    return this.id;
  }

  /** Runs `job` now or, when a job of this workflow is in progress, right after it; checkpoints after. */
  enqueue(job: () => void): void {
    this.#jobs.push(job);
    if (this.#busy) return;
    this.#busy = true;
    try {
      for (let next = this.#jobs.shift(); next; next = this.#jobs.shift()) {
        try {
          if (!this.#released) next();
        } catch (err) {
          this.#deps.logger.error('workflow step failed', { execution_id: this.id, error: errorMessage(err) });
        }
        if (this.#dirty) this.#checkpoint();
      }
    } finally {
      this.#busy = false;
    }
  }

  // ---- TaskLookup, for `task()` ----

  latest(taskId: string, route: number): TaskRunRecord | undefined {
    return this.#feed.latest(taskId, route);
  }

  routes(): readonly (readonly string[])[] {
    return this.conductor.routes;
  }

  status(record: TaskRunRecord): Status {
    return this.#feed.status(record);
  }

  result(record: TaskRunRecord): unknown {
    return this.#feed.result(record);
  }

  // ---- jobs ----

  /** Starts every task the conductor offers, until it offers none, then brings the record up to date. */
  advance(): void {
    for (let round = 0; ; round++) {
      if (round >= MAX_ROUNDS) {
        setImmediate(() => this.enqueue(() => this.advance()));
        break;
      }
      const next = this.conductor.getNextTasks();
      if (next.length === 0) break;
      this.#dirty = true;
      for (const task of next) this.#startTask(task);
    }
    this.#sync();
  }

  /** A child execution changed status: tells the conductor what it needs to hear, then moves on. */
  childChanged(childId: string): void {
    const link = this.#links.get(childId);
    if (!link) return;
    const child = this.#deps.executions.get(childId);
    const status: Status = child ? (child.status as Status) : 'abandoned';
    if (status === link.fed) return;
    const done = isFinished(status);
    const heard = done || PASSED_ON.has(status) ? status : status === 'running' && WAITING.has(link.fed) ? 'running' : undefined;
    if (!heard) return;
    // An answered (or expired) inquiry resumes its paused workflow first, as StackStorm does.
    if (link.fed === 'pending' && PAUSE_STATUSES.has(this.conductor.status)) {
      this.#request('resuming');
      this.#sync();
    }
    link.fed = heard;
    if (done) this.#links.delete(childId);
    const result = done ? (child ? this.#deps.clearResult(child) : { error: 'the execution record is gone' }) : undefined;
    this.#feed.feed(link.record, link.itemId, heard, result);
    this.advance();
  }

  /** After a restart: hears what children did meanwhile, re-arms delays, and continues. */
  reconcile(): void {
    for (const childId of [...this.#links.keys()]) this.childChanged(childId);
    for (const record of this.records) for (const batch of record.delayed ?? []) this.#arm(record, batch);
    this.advance();
  }

  pause(): void {
    this.#request('pausing');
    this.#forChildWorkflows('running', (id) => this.#deps.pauseWorkflow(id));
    this.advance();
  }

  resume(): void {
    this.#request('resuming');
    this.#sync();
    this.#forChildWorkflows('paused', (id) => this.#deps.resumeWorkflow(id));
    this.advance();
  }

  /** Stops scheduling, cancels the delays and every child still active; canceled once they have settled. */
  cancel(): void {
    this.#request('canceling');
    this.#dropDelays(true);
    for (const childId of [...this.#links.keys()]) {
      try {
        this.#deps.launcher.cancel(childId);
      } catch (err) {
        this.#deps.logger.warn('task execution not canceled', { execution_id: this.id, child: childId, error: errorMessage(err) });
      }
    }
    this.advance();
  }

  /** Stops timers without touching the checkpoint (the process is stopping; a restart resumes). */
  halt(): void {
    for (const t of this.#timers) t.cancel();
    this.#timers.clear();
    this.#released = true;
  }

  // ---- internals ----

  #request(status: Status): void {
    this.conductor.requestWorkflowStatus(status);
    this.#dirty = true;
  }

  #forChildWorkflows(status: ExecutionStatus, apply: (id: string) => void): void {
    for (const childId of [...this.#links.keys()]) {
      const child = this.#deps.executions.get(childId);
      if (child && child.status === status && this.#deps.isWorkflow(child)) apply(childId);
    }
  }

  #newRecord(taskId: string, route: number): TaskRunRecord {
    const previous = this.#feed.latest(taskId, route);
    const record: TaskRunRecord = { task_id: taskId, route, status: 'running', start_timestamp: this.#now(), children: [] };
    // A with-items task run again keeps the items that are not run again (a re-run skips succeeded ones).
    if (previous?.items) record.items = [...previous.items];
    this.records.push(record);
    this.#index.set(record, this.records.length - 1);
    this.#feed.track(record);
    return record;
  }

  #startTask(next: NextTask): void {
    if (next.itemsCount === undefined) {
      const record = this.#newRecord(next.id, next.route);
      this.#feed.feed(record, undefined, 'running');
      const action = next.actions[0];
      if (!action || action.action === undefined || action.action === null || action.action === '') this.#feed.feed(record, undefined, 'succeeded', null);
      else this.#launch(record, [action], next.delay);
      return;
    }
    const current = this.#feed.latest(next.id, next.route);
    const record = current && !isFinished(current.status) ? current : this.#newRecord(next.id, next.route);
    const items = (record.items ??= []);
    // Where this run's item children start among the workflow's children (see engine-checkpoint.ts).
    record.items_after ??= this.#deps.executions.get(this.id)?.children.at(-1) ?? '';
    if (items.length < next.itemsCount) this.#touch(record);
    while (items.length < next.itemsCount) items.push(null);
    if (next.itemsCount === 0) {
      this.#feed.feed(record, undefined, 'running');
      this.#feed.feed(record, undefined, 'succeeded', []);
      return;
    }
    for (const action of next.actions) this.#feed.feed(record, action.itemId, 'running');
    this.#launch(record, next.actions, next.delay);
  }

  /** Requests the actions now, or after `delay` seconds. */
  #launch(record: TaskRunRecord, actions: TaskAction[], delay: number | undefined): void {
    if (!delay || delay <= 0) {
      for (const action of actions) this.#requestChild(record, action);
      return;
    }
    const batch: DelayedBatch = { until: this.#deps.clock.now() + delay * 1000, actions };
    (record.delayed ??= []).push(batch);
    this.#touch(record);
    this.#arm(record, batch);
  }

  #arm(record: TaskRunRecord, batch: DelayedBatch): void {
    const timer = this.#deps.clock.setTimeout(
      () =>
        this.enqueue(() => {
          this.#timers.delete(timer);
          const index = record.delayed?.indexOf(batch) ?? -1;
          if (index < 0) return;
          record.delayed!.splice(index, 1);
          if (record.delayed!.length === 0) delete record.delayed;
          this.#touch(record);
          this.#dirty = true;
          for (const action of batch.actions) this.#requestChild(record, action);
          this.advance();
        }),
      Math.max(0, batch.until - this.#deps.clock.now()),
    );
    this.#timers.add(timer);
  }

  /** Forgets delayed actions (their timers too); with `cancel`, their tasks or items hear `canceled`. */
  #dropDelays(cancel: boolean): void {
    for (const t of this.#timers) t.cancel();
    this.#timers.clear();
    for (const record of this.records) {
      const batches = record.delayed ?? [];
      if (batches.length === 0) continue;
      delete record.delayed;
      this.#touch(record);
      if (cancel) for (const batch of batches) for (const action of batch.actions) this.#feed.feed(record, record.items ? action.itemId : undefined, 'canceled', null);
    }
  }

  #requestChild(record: TaskRunRecord, action: TaskAction): void {
    const workflow = this.#deps.executions.get(this.id);
    const itemId = record.items ? action.itemId : undefined;
    try {
      if (!workflow) throw new Error(`workflow execution ${this.id} not found`);
      if (typeof action.action !== 'string') throw new Error(`The action reference ${JSON.stringify(action.action)} is not a string.`);
      const input = action.input ?? {};
      if (typeof input !== 'object' || Array.isArray(input)) throw new Error(`The input of task "${record.task_id}" is not a mapping: ${JSON.stringify(input)}`);
      const place = itemId === undefined ? { taskId: record.task_id, route: record.route } : { taskId: record.task_id, route: record.route, itemId };
      const notify = this.#init.notify && this.#init.notify.tasks.includes(record.task_id) ? this.#init.notify.spec : undefined;
      const child = this.#deps.launcher.request({ ref: action.action, parameters: input as Record<string, unknown>, parent: this.id, context: childContext(workflow, place, notify), trustedTemplates: false });
      // A with-items run keeps its children by item only: its checkpoint grows by one id per item.
      if (itemId !== undefined) record.items![itemId] = child.id;
      else {
        record.children.push(child.id);
        this.#touch(record);
      }
      this.#links.set(child.id, itemId === undefined ? { record, fed: 'running' } : { record, itemId, fed: 'running' });
      this.#dirty = true;
      // The child may have moved on already (a policy can cancel it at once): hear it after this job.
      this.enqueue(() => this.childChanged(child.id));
    } catch (err) {
      const details = isSquallError(err) && err.details.length > 0 ? { details: err.details } : {};
      this.#feed.feed(record, itemId, 'failed', { error: errorMessage(err), ...details });
    }
  }

  /** Brings the execution record in line with the conductor; completes it once the workflow completed. */
  #sync(): void {
    const status = this.conductor.status;
    if (isFinished(status)) {
      if (!this.#finalized) this.#finalize();
    } else {
      const current = this.#deps.executions.get(this.id)?.status;
      const target = current === undefined ? undefined : executionStatusOf(status, current);
      if (target && target !== current) moveExecution(this.#deps.executions, this.id, target);
    }
    // Children still running after a fail-fast, or cleanup tasks after `fail`, are still heard.
    if (this.#finalized && this.#links.size === 0 && this.#timers.size === 0) {
      this.#released = true;
      this.#deps.finished(this);
    }
  }

  #finalize(): void {
    this.conductor.renderWorkflowOutput();
    const status = this.conductor.status;
    const output = this.conductor.getWorkflowOutput();
    const result = { output: output ?? null, ...(ABENDED_STATUSES.has(status) ? { errors: [...this.conductor.errors] } : {}) };
    this.#dropDelays(false);
    this.#finalized = true;
    this.#dirty = true;
    if (!moveExecution(this.#deps.executions, this.id, status as ExecutionStatus, { result })) {
      this.#deps.logger.warn('workflow execution record not completed', { execution_id: this.id, status });
    }
  }

  #checkpoint(): void {
    const active: Record<string, Status> = {};
    for (const [id, link] of this.#links) active[id] = link.fed;
    this.#writer.write(this.conductor, this.records, this.#changed, active, this.#now());
    this.#changed.clear();
    this.#dirty = false;
  }

  /** Marks a task record for the next checkpoint. */
  #touch(record: TaskRunRecord): void {
    const index = this.#index.get(record);
    if (index !== undefined) this.#changed.add(index);
  }

  #now(): string {
    return new Date(this.#deps.clock.now()).toISOString();
  }
}
