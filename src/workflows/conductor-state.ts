/**
 * The runtime state of one workflow, as plain data that serializes to JSON unchanged (Orquesta's
 * `WorkflowState`). Field names are Orquesta's, so a checkpoint reads like Orquesta's own:
 *
 * - `contexts`: context fragments; a task's context is the merge of the fragments its `ctxs.in`
 *   lists (index 0 is the initial context: parent context, input, vars).
 * - `routes`: route table; route 0 is `[]`, a split adds `[..., "<from>__t<key>"]`.
 * - `sequence`: one entry per task run, in the order runs started.
 * - `tasks`: `"<task>__r<route>"` → index of the latest run of that task on that route.
 * - `staged`: tasks waiting to run (or, for a barrier, waiting for its inbound transitions).
 */
import { ACTIVE_STATUSES, COMPLETED_STATUSES, type Status } from './statuses.js';

/** The retry bookkeeping of a task run (the retry spec with count and delay evaluated). */
export interface TaskRetryState {
  when?: string;
  count: number;
  delay?: number;
  tally: number;
}

/** One run of a task on a route. */
export interface TaskStateEntry {
  id: string;
  route: number;
  /** Context fragments in (`in`) and, for each taken transition with publishes, the fragment out. */
  ctxs: { in: number[]; out?: Record<string, number> };
  /** `<from>__t<key>` → sequence index of the task run that staged this one. */
  prev: Record<string, number>;
  /** `<to>__t<key>` → whether that outbound transition's criteria held. */
  next: Record<string, boolean>;
  status?: Status;
  /** Set on a task run that ends a branch (no transition taken, or the workflow completed). */
  term?: boolean;
  retry?: TaskRetryState;
}

/** One item of a staged with-items task. */
export interface StagedItem {
  status: Status;
}

/** A task waiting to be run. */
export interface StagedTask {
  id: string;
  route: number;
  ctxs: { in: number[] };
  prev: Record<string, number>;
  /** False for a barrier still waiting on inbound transitions. */
  ready: boolean;
  retry?: TaskRetryState;
  items?: StagedItem[];
  /** A with-items task that ended abnormally stays staged, flagged, so it can be re-run. */
  completed?: boolean;
  /** Remediation staged next to a `fail` command: still returned once the workflow has failed. */
  run_on_fail?: boolean;
}

export interface WorkflowStateData {
  contexts: Record<string, unknown>[];
  routes: string[][];
  sequence: TaskStateEntry[];
  staged: StagedTask[];
  status: Status;
  tasks: Record<string, number>;
  reruns?: number[][];
}

/** `task1__r0`: the key of a task run in `tasks`. */
export function taskKey(taskId: string, route: number): string {
  return `${taskId}__r${route}`;
}

/** The workflow state plus the queries the conductor and the machines ask of it. */
export class WorkflowState {
  contexts: Record<string, unknown>[] = [];
  routes: string[][] = [];
  sequence: TaskStateEntry[] = [];
  staged: StagedTask[] = [];
  status: Status = 'null';
  tasks: Record<string, number> = {};
  reruns: number[][] = [];

  static fromData(data: WorkflowStateData): WorkflowState {
    const state = new WorkflowState();
    state.contexts = data.contexts;
    state.routes = data.routes;
    state.sequence = data.sequence;
    state.staged = data.staged;
    state.status = data.status;
    state.tasks = data.tasks;
    state.reruns = data.reruns ?? [];
    return state;
  }

  /** The state as plain data (shared, not copied: the conductor copies when it serializes). */
  toData(): WorkflowStateData {
    const data: WorkflowStateData = {
      contexts: this.contexts,
      routes: this.routes,
      sequence: this.sequence,
      staged: this.staged,
      status: this.status,
      tasks: this.tasks,
    };
    if (this.reruns.length > 0) data.reruns = this.reruns;
    return data;
  }

  taskIndex(taskId: string, route: number): number | undefined {
    return this.tasks[taskKey(taskId, route)];
  }

  /** The latest run of a task on a route. */
  getTask(taskId: string, route: number): TaskStateEntry | undefined {
    const idx = this.taskIndex(taskId, route);
    return idx === undefined ? undefined : this.sequence[idx];
  }

  /** Appends a run and makes it the latest for its task and route. */
  addTask(entry: TaskStateEntry): number {
    this.sequence.push(entry);
    const idx = this.sequence.length - 1;
    this.tasks[taskKey(entry.id, entry.route)] = idx;
    return idx;
  }

  /** Latest runs whose status is in `statuses`. Only latest runs count: an older run of a cycle is history. */
  latestTasksIn(statuses: ReadonlySet<Status>): TaskStateEntry[] {
    const out: TaskStateEntry[] = [];
    for (const idx of Object.values(this.tasks)) {
      const entry = this.sequence[idx];
      if (entry?.status !== undefined && statuses.has(entry.status)) out.push(entry);
    }
    return out;
  }

  #anyLatestIn(statuses: ReadonlySet<Status>): boolean {
    for (const idx of Object.values(this.tasks)) {
      const status = this.sequence[idx]?.status;
      if (status !== undefined && statuses.has(status)) return true;
    }
    return false;
  }

  get hasActiveTasks(): boolean {
    return this.#anyLatestIn(ACTIVE_STATUSES);
  }

  get hasPausingTasks(): boolean {
    return this.#anyLatestIn(PAUSING);
  }

  get hasPausedTasks(): boolean {
    return this.#anyLatestIn(PAUSED_OR_PENDING);
  }

  get hasCancelingTasks(): boolean {
    return this.#anyLatestIn(CANCELING);
  }

  get hasCanceledTasks(): boolean {
    return this.#anyLatestIn(CANCELED);
  }

  /** Runs flagged terminal, in sequence order. */
  terminalTasks(): TaskStateEntry[] {
    return this.sequence.filter((t) => t.term === true);
  }

  /** Staged tasks that are ready and not kept only for a re-run. */
  readyStagedTasks(): StagedTask[] {
    return this.staged.filter((s) => s.ready && !s.completed);
  }

  get hasStagedTasks(): boolean {
    return this.staged.some((s) => s.ready && !s.completed);
  }

  getStaged(taskId: string, route: number): StagedTask | undefined {
    return this.staged.find((s) => s.id === taskId && s.route === route);
  }

  addStaged(entry: StagedTask): StagedTask {
    this.staged.push(entry);
    return entry;
  }

  /** Unstages a task, unless it is a with-items task with items still in flight. */
  removeStaged(taskId: string, route: number): void {
    const idx = this.staged.findIndex((s) => s.id === taskId && s.route === route);
    if (idx < 0) return;
    const items = this.staged[idx]!.items ?? [];
    if (items.some((i) => ACTIVE_STATUSES.has(i.status))) return;
    this.staged.splice(idx, 1);
  }

  /**
   * The runs that follow from a task run (itself first), by following `prev` links forward.
   * Used by re-run to reset the terminal flags of a branch that runs again.
   */
  followingRuns(taskId: string, route: number): TaskStateEntry[] {
    const start = this.taskIndex(taskId, route);
    if (start === undefined) return [];
    const seen = new Set<number>([start]);
    const queue = [start];
    while (queue.length > 0) {
      const from = queue.shift()!;
      this.sequence.forEach((t, i) => {
        if (seen.has(i)) return;
        if (Object.values(t.prev).includes(from)) {
          seen.add(i);
          queue.push(i);
        }
      });
    }
    return [...seen].sort((a, b) => a - b).map((i) => this.sequence[i]!);
  }
}

const PAUSING: ReadonlySet<Status> = new Set<Status>(['pausing']);
const PAUSED_OR_PENDING: ReadonlySet<Status> = new Set<Status>(['paused', 'pending']);
const CANCELING: ReadonlySet<Status> = new Set<Status>(['canceling']);
const CANCELED: ReadonlySet<Status> = new Set<Status>(['canceled']);

/** True when a status is one after which the task does nothing more. */
export function isFinished(status: Status | undefined): boolean {
  return status !== undefined && COMPLETED_STATUSES.has(status);
}
