/**
 * The runtime state of one workflow, as plain data (Orquesta's `WorkflowState`). Field names are Orquesta's, so a checkpoint reads like Orquesta's own:
 *
 * - `contexts`: context fragments; a task's context is the merge of the fragments its `ctxs.in`
 *   lists (index 0 is the initial context: parent context, input, vars).
 * - `routes`: route table; route 0 is `[]`, a split adds `[..., "<from>__t<key>"]`.
 * - `sequence`: one entry per task run, in the order runs started.
 * - `tasks`: `"<task>__r<route>"` → index of the latest run of that task on that route.
 * - `staged`: tasks waiting to run (or, for a barrier, waiting for its inbound transitions).
 */
import { decodeItems, encodeItems, type EncodedItems } from './conductor-items.js';
import { ACTIVE_STATUSES, type Status } from './statuses.js';

/** The retry bookkeeping of a task run (the retry spec with count and delay evaluated). */
export interface TaskRetryState {
  when?: string;
  count: number;
  delay?: number;
  tally: number;
}

/** One run of a task on a route. Changed only through `WorkflowState`'s methods (checkpoints cache runs' text). */
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
  /** Set on a run that ends a branch: the task has no transitions, or the workflow completed with it. */
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

/** A staged task as a checkpoint holds it: item lists may be run-length encoded. */
export type SerializedStagedTask = Omit<StagedTask, 'items'> & { items?: StagedItem[] | EncodedItems };

/** The state as a checkpoint holds it. */
export interface WorkflowStateData {
  contexts: Record<string, unknown>[];
  routes: string[][];
  sequence: TaskStateEntry[];
  staged: SerializedStagedTask[];
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
    state.staged = data.staged.map(({ items, ...rest }) => (items ? { ...rest, items: decodeItems(items) } : rest));
    state.status = data.status;
    state.tasks = data.tasks;
    state.reruns = data.reruns ?? [];
    state.sequence.forEach((entry, i) => state.#index.set(entry, i));
    return state;
  }

  // Sequence indexes of runs changed (or added) since the last `takeChangedRuns()`, for a
  // checkpoint that rewrites only the part of the history that changed.
  #changed = new Set<number>();
  #index = new WeakMap<TaskStateEntry, number>();

  #touch(entry: TaskStateEntry): void {
    this.#runJson.delete(entry);
    const idx = this.#index.get(entry);
    if (idx !== undefined) this.#changed.add(idx);
  }

  /** Sequence indexes of the runs added or changed since the last call, ascending. */
  takeChangedRuns(): number[] {
    const out = [...this.#changed].sort((a, b) => a - b);
    this.#changed.clear();
    return out;
  }

  /**
   * The state without its append-only parts (`contexts`, `sequence`) and without `tasks` (which
   * `fromParts` rebuilds from the sequence): what changes from one event to the next.
   */
  headData(): Pick<WorkflowStateData, 'routes' | 'staged' | 'status' | 'reruns'> {
    const staged = this.staged.map((s) => (s.items ? { ...s, items: encodeItems(s.items) } : s));
    const head: Pick<WorkflowStateData, 'routes' | 'staged' | 'status' | 'reruns'> = { routes: this.routes, staged, status: this.status };
    if (this.reruns.length > 0) head.reruns = this.reruns;
    return head;
  }

  /** Reassembles `WorkflowStateData` from `headJson()`'s data plus the contexts and runs written apart. */
  static fromParts(head: Pick<WorkflowStateData, 'routes' | 'staged' | 'status' | 'reruns'>, contexts: Record<string, unknown>[], sequence: TaskStateEntry[]): WorkflowStateData {
    const tasks: Record<string, number> = {};
    // `addTask` always makes the newest run of a task and route its latest one.
    sequence.forEach((entry, i) => (tasks[taskKey(entry.id, entry.route)] = i));
    const data: WorkflowStateData = { contexts, routes: head.routes, sequence, staged: head.staged, status: head.status, tasks };
    if (head.reruns) data.reruns = head.reruns;
    return data;
  }

  // JSON text of each run and context fragment, reused by later checkpoints until the run changes
  // (fragments never change once written): a checkpoint costs what changed since the last one,
  // not the whole history again. Runs change only through the methods below, which drop their text.
  #runJson = new WeakMap<TaskStateEntry, string>();
  static readonly #fragmentJson = new WeakMap<object, string>();

  /**
   * The state as JSON text (a `WorkflowStateData`). Item lists are written run-length encoded
   * (`[["succeeded", 1200], ["null", 8800]]`), so a with-items task over ten thousand items
   * checkpoints in a few bytes.
   */
  toJson(): string {
    const fragments = WorkflowState.#fragmentJson;
    const contexts = this.contexts.map((c) => {
      let text = fragments.get(c);
      if (text === undefined) {
        text = JSON.stringify(c);
        fragments.set(c, text);
      }
      return text;
    });
    const sequence = this.sequence.map((entry) => {
      let text = this.#runJson.get(entry);
      if (text === undefined) {
        text = JSON.stringify(entry);
        this.#runJson.set(entry, text);
      }
      return text;
    });
    const staged = this.staged.map((s) => (s.items ? { ...s, items: encodeItems(s.items) } : s));
    const reruns = this.reruns.length > 0 ? `,"reruns":${JSON.stringify(this.reruns)}` : '';
    return (
      `{"contexts":[${contexts.join(',')}],"routes":${JSON.stringify(this.routes)},"sequence":[${sequence.join(',')}],` +
      `"staged":${JSON.stringify(staged)},"status":${JSON.stringify(this.status)},"tasks":${JSON.stringify(this.tasks)}${reruns}}`
    );
  }

  /** Records whether a transition of a run was taken. */
  setNext(entry: TaskStateEntry, transitionId: string, taken: boolean): void {
    this.#touch(entry);
    entry.next[transitionId] = taken;
  }

  /** Records the context fragment a run's transition published. */
  setOutContext(entry: TaskStateEntry, transitionId: string, index: number): void {
    this.#touch(entry);
    // Orquesta keeps only the latest transition's fragment here.
    entry.ctxs.out = { [transitionId]: index };
  }

  /** Flags (or unflags) a run as the end of a branch. */
  setTerm(entry: TaskStateEntry, term: boolean): void {
    this.#touch(entry);
    if (term) entry.term = true;
    else delete entry.term;
  }

  /** Counts one more retry of a run. */
  countRetry(entry: TaskStateEntry): void {
    this.#touch(entry);
    if (entry.retry) entry.retry.tally += 1;
  }

  // Counts of the latest runs by status, so that "is anything active/paused/canceled" is answered
  // without a pass over every task (built on first use, then kept up to date; never serialized).
  #latestCounts: Map<Status, number> | undefined;

  #counts(): Map<Status, number> {
    if (!this.#latestCounts) {
      const counts = new Map<Status, number>();
      for (const idx of Object.values(this.tasks)) {
        const status = this.sequence[idx]?.status;
        if (status !== undefined) counts.set(status, (counts.get(status) ?? 0) + 1);
      }
      this.#latestCounts = counts;
    }
    return this.#latestCounts;
  }

  #count(status: Status | undefined, delta: number): void {
    if (status === undefined || !this.#latestCounts) return;
    this.#latestCounts.set(status, (this.#latestCounts.get(status) ?? 0) + delta);
  }

  /** Sets a run's status; every status change goes through here. */
  setTaskStatus(entry: TaskStateEntry, status: Status): void {
    if (entry.status === status) return;
    this.#touch(entry);
    if (this.getTask(entry.id, entry.route) === entry) {
      this.#count(entry.status, -1);
      this.#count(status, +1);
    }
    entry.status = status;
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
    this.#count(this.getTask(entry.id, entry.route)?.status, -1);
    this.sequence.push(entry);
    const idx = this.sequence.length - 1;
    this.#index.set(entry, idx);
    this.#changed.add(idx);
    this.tasks[taskKey(entry.id, entry.route)] = idx;
    this.#count(entry.status, +1);
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
    for (const [status, n] of this.#counts()) if (n > 0 && statuses.has(status)) return true;
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
