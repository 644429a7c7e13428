import { SquallError } from '../errors/index.js';
import { isCompleted, type Execution, type ExecutionContext, type ExecutionStatus, type Params } from '../model/index.js';
import type { Store } from '../store/store.js';
import { RetainedCollection } from '../store/retained-collection.js';
import type { Clock } from '../util/clock.js';
import { newId } from '../util/ids.js';
import { canTransition, INTERRUPTIBLE_STATUSES } from './transitions.js';

/** Lifecycle events, one per change, in order. */
export type ExecutionEvent =
  | { type: 'created'; execution: Execution }
  | { type: 'status'; execution: Execution; previous: ExecutionStatus };

export type ExecutionListener = (event: ExecutionEvent) => void;

export interface NewExecution {
  action: Execution['action'];
  parameters: Params;
  secret_parameters?: string;
  context: ExecutionContext;
  parent?: string;
}

export interface ExecutionFilter {
  action?: string;
  status?: ExecutionStatus | ExecutionStatus[];
  parent?: string;
  triggerInstance?: string;
  limit?: number;
}

/**
 * Execution records: creation, status changes checked against the transition table, retention,
 * and the events everything downstream (policies, notifications, chat, workflows) listens to.
 * It runs nothing itself.
 */
export class ExecutionService {
  readonly #records: RetainedCollection<Execution>;
  readonly #clock: Clock;
  readonly #listeners = new Set<ExecutionListener>();
  /** Live records by id: completed ones leave, so reads on the hot path skip the store's copy. */
  readonly #live = new Map<string, Execution>();
  /**
   * Parent id → child ids, kept in memory and derived from the children's `parent` field: adding a
   * child never rewrites its parent's record (a with-items task over 10,000 items would otherwise
   * write a growing list 10,000 times).
   */
  readonly #children = new Map<string, string[]>();

  constructor(deps: { store: Store; clock: Clock; retention: number }) {
    this.#clock = deps.clock;
    // Live executions are exactly the ones not completed, so retention keeps them without reading the record.
    this.#records = new RetainedCollection(deps.store.collection<Execution>('executions'), deps.retention, (id) => this.#live.has(id));
    for (const e of this.#records.collection.list()) if (e.parent) this.#childList(e.parent).push(e.id);
  }

  on(listener: ExecutionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  create(input: NewExecution): Execution {
    const now = this.#clock.now();
    const ts = new Date(now).toISOString();
    const execution: Execution = {
      id: newId(now),
      action: input.action,
      parameters: input.parameters,
      ...(input.secret_parameters ? { secret_parameters: input.secret_parameters } : {}),
      status: 'requested',
      start_timestamp: ts,
      context: input.context,
      ...(input.parent ? { parent: input.parent } : {}),
      children: [],
      log: [{ status: 'requested', timestamp: ts }],
    };
    this.#live.set(execution.id, execution);
    this.#records.put(execution);
    if (input.parent) this.#childList(input.parent).push(execution.id);
    this.#emit({ type: 'created', execution });
    return execution;
  }

  /**
   * Moves an execution to `status`, merging `patch` (result, status_reason). Throws
   * EXECUTION_TRANSITION_INVALID for a move the table does not allow.
   */
  transition(id: string, status: ExecutionStatus, patch: Partial<Pick<Execution, 'result' | 'status_reason'>> = {}): Execution {
    const execution = this.get(id);
    if (!execution) throw new SquallError('EXECUTION_NOT_FOUND', `execution ${id} not found`);
    const previous = execution.status;
    if (previous === status && !isCompleted(status)) {
      Object.assign(execution, patch);
      this.#save(execution);
      return execution;
    }
    if (!canTransition(previous, status)) {
      throw new SquallError('EXECUTION_TRANSITION_INVALID', `execution ${id} cannot go from ${previous} to ${status}`);
    }
    const now = this.#clock.now();
    execution.status = status;
    Object.assign(execution, patch);
    execution.log.push({ status, timestamp: new Date(now).toISOString() });
    if (isCompleted(status)) {
      execution.end_timestamp = new Date(now).toISOString();
      execution.elapsed_ms = now - Date.parse(execution.start_timestamp);
      this.#live.delete(id);
    }
    this.#save(execution);
    this.#emit({ type: 'status', execution, previous });
    return execution;
  }

  get(id: string): Execution | undefined {
    const execution = this.#live.get(id) ?? this.#records.get(id);
    // The index's own list, not a copy: reading a parent stays O(1) however many children it has.
    if (execution) execution.children = this.#children.get(id) ?? [];
    return execution;
  }

  /** Newest first. */
  list(filter: ExecutionFilter = {}): Execution[] {
    const statuses = filter.status === undefined ? undefined : Array.isArray(filter.status) ? filter.status : [filter.status];
    const found = this.#records.collection.find(
      (e) =>
        (!filter.action || e.action.ref === filter.action) &&
        (!statuses || statuses.includes(e.status)) &&
        (!filter.parent || e.parent === filter.parent) &&
        (!filter.triggerInstance || e.context.trigger_instance?.id === filter.triggerInstance),
    );
    found.reverse();
    const out = filter.limit ? found.slice(0, filter.limit) : found;
    for (const e of out) e.children = this.#children.get(e.id) ?? [];
    return out;
  }

  #childList(parent: string): string[] {
    let list = this.#children.get(parent);
    if (!list) this.#children.set(parent, (list = []));
    return list;
  }

  /** Executions that are not completed, from memory. */
  live(): Execution[] {
    return [...this.#live.values()];
  }

  /**
   * Called once at start-up: records left in flight by a previous process are marked abandoned,
   * never left running forever. Pending (inquiries) and paused executions keep waiting, and so do
   * the ones `resumable` claims (workflows with a checkpoint, which their engine resumes).
   */
  abandonInterrupted(resumable: (execution: Execution) => boolean = () => false): Execution[] {
    const interrupted = this.#records.collection.find((e) => INTERRUPTIBLE_STATUSES.includes(e.status) && !resumable(e));
    const out: Execution[] = [];
    for (const e of interrupted) {
      this.#live.set(e.id, e);
      out.push(this.transition(e.id, 'abandoned', { status_reason: `Squall stopped while the execution was ${e.status}` }));
    }
    for (const e of this.#records.collection.find((x) => !isCompleted(x.status))) if (!this.#live.has(e.id)) this.#live.set(e.id, e);
    return out;
  }

  #save(execution: Execution): void {
    this.#records.update(execution);
  }

  #emit(event: ExecutionEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
