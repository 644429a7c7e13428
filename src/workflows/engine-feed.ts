/**
 * Telling the conductor what a task's child executions did, and keeping what that needs: the
 * item results of with-items tasks (the conductor does not store them) and each task run's
 * status and end time as displays and `task()` show them.
 */
import { errorMessage } from '../errors/index.js';
import type { ExecutionService } from '../executions/execution-service.js';
import type { Execution } from '../model/index.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import type { WorkflowConductor } from './conductor.js';
import { isFinished, runKey, type TaskRunRecord } from './engine-records.js';
import { actionEvent, itemEvent } from './events.js';
import type { Status } from './statuses.js';

export interface TaskFeedDeps {
  executions: ExecutionService;
  clock: Clock;
  logger: Logger;
  clearResult(execution: Execution): unknown;
}

export class TaskFeed {
  readonly #deps: TaskFeedDeps;
  readonly #conductor: WorkflowConductor;
  readonly #workflowId: string;
  /** The latest run of each task on each route. */
  readonly #latest = new Map<string, TaskRunRecord>();
  readonly #results = new Map<TaskRunRecord, unknown[]>();
  readonly #changed: (record: TaskRunRecord) => void;

  /** `changed` hears every record this feed updates (for the checkpoint). */
  constructor(deps: TaskFeedDeps, conductor: WorkflowConductor, workflowId: string, records: readonly TaskRunRecord[], changed: (record: TaskRunRecord) => void = () => {}) {
    this.#deps = deps;
    this.#changed = changed;
    this.#conductor = conductor;
    this.#workflowId = workflowId;
    for (const r of records) this.#latest.set(runKey(r.task_id, r.route), r);
  }

  latest(taskId: string, route: number): TaskRunRecord | undefined {
    return this.#latest.get(runKey(taskId, route));
  }

  /** Makes `record` the latest run of its task on its route. */
  track(record: TaskRunRecord): void {
    this.#latest.set(runKey(record.task_id, record.route), record);
  }

  /** A run's status: the conductor's for the latest run (it moves before transitions are evaluated), else the recorded one. */
  status(record: TaskRunRecord): Status {
    return this.latest(record.task_id, record.route) === record ? this.#conductor.taskStatus(record.task_id, record.route) : record.status;
  }

  /** A run's result: its child's result, the list of item results, or null. */
  result(record: TaskRunRecord): unknown {
    if (record.items) return [...this.itemResults(record)];
    const child = record.children.at(-1);
    const execution = child === undefined ? undefined : this.#deps.executions.get(child);
    return execution && isFinished(execution.status as Status) ? (this.#deps.clearResult(execution) ?? null) : null;
  }

  /** Tells the conductor about a task's (or one item's) new status and records it on the task run. */
  feed(record: TaskRunRecord, itemId: number | undefined, status: Status, result?: unknown): void {
    const done = isFinished(status);
    this.#changed(record);
    if (done) record.end_timestamp ??= new Date(this.#deps.clock.now()).toISOString();
    try {
      if (itemId === undefined) {
        this.#conductor.updateTaskState(record.task_id, record.route, done ? actionEvent(status, result ?? null) : actionEvent(status));
      } else {
        const results = this.itemResults(record);
        if (done) results[itemId] = result ?? null;
        this.#conductor.updateTaskState(record.task_id, record.route, done ? itemEvent(itemId, status, result ?? null, results) : itemEvent(itemId, status));
      }
    } catch (err) {
      this.#deps.logger.warn('task status not applied', { execution_id: this.#workflowId, task_id: record.task_id, route: record.route, status, error: errorMessage(err) });
    }
    if (this.latest(record.task_id, record.route) !== record) return;
    const now = this.#conductor.taskStatus(record.task_id, record.route);
    // A run about to be retried shows how its action ended; the retry is a run of its own.
    record.status = now === 'retrying' ? status : now;
    if (!isFinished(record.status) && !done) delete record.end_timestamp;
  }

  /** The item results of a with-items run (index = item id), rebuilt from the child records after a restart. */
  itemResults(record: TaskRunRecord): unknown[] {
    let results = this.#results.get(record);
    if (!results) {
      results = (record.items ?? []).map((child) => {
        const execution = child === null ? undefined : this.#deps.executions.get(child);
        return execution && isFinished(execution.status as Status) ? (this.#deps.clearResult(execution) ?? null) : null;
      });
      this.#results.set(record, results);
    }
    while (results.length < (record.items?.length ?? 0)) results.push(null);
    return results;
  }
}
