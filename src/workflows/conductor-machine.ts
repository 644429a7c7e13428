/**
 * Runs events through the machine tables of `machines.ts`. Before the lookup an event's name is
 * qualified with what the workflow looks like right now (Orquesta's `add_context_to_*`): whether
 * other items or tasks are in flight, whether anything is staged, paused or canceled.
 */
import { eventName, type EngineEvent, type TaskExecutionEvent, type TaskItemEvent, type TaskStateEvent, type WorkflowEvent } from './events.js';
import { TASK_MACHINE, WORKFLOW_MACHINE, nextStatus } from './machines.js';
import { itemTally } from './conductor-items.js';
import type { StagedTask, TaskStateEntry, WorkflowState } from './conductor-state.js';
import { ABENDED_STATUSES, ACTIVE_STATUSES, CANCEL_STATUSES, COMPLETED_STATUSES, PAUSE_STATUSES, type Status } from './statuses.js';

/** What the machines need to know beyond the state itself; the conductor provides it. */
export interface MachineHost {
  readonly state: WorkflowState;
  /** True when a completed task has a satisfied transition to something that can still run. */
  hasNextTasks(taskId: string, route: number): boolean;
  /** True when a task has a satisfied transition into a join (which may still be waiting). */
  hasBarrierNext(taskId: string, route: number): boolean;
  /** Joins that are staged, waiting, and can no longer be satisfied. */
  unreachableBarriers(): StagedTask[];
  /** Records an unreachable join in the workflow's errors. */
  logUnreachableJoin(taskId: string, route: number): void;
}

// Statuses at which an item event is qualified with the state of the other items.
const ITEM_QUALIFIED: ReadonlySet<Status> = new Set<Status>(['resuming', 'pending', 'paused', 'succeeded', 'failed', 'timeout', 'abandoned', 'canceled']);
const PAUSED_OR_PENDING: ReadonlySet<Status> = new Set<Status>(['pending', 'paused']);
const CANCELED_ONLY: ReadonlySet<Status> = new Set<Status>(['canceled']);
// Task events that say whether the workflow is still active.
const TASK_CONDITIONAL = new Set(['task_pending', 'task_paused', 'task_succeeded', 'task_failed', 'task_remediated', 'task_canceled', 'task_retrying']);

/** Applies an action, item or engine event to a task run. */
export function processTaskEvent(state: WorkflowState, task: TaskStateEntry, event: TaskStateEvent | EngineEvent): void {
  const name = event.type === 'item' ? qualifyItemEvent(state, task, event) : eventName(event);
  applyTaskEvent(state, task, name);
}

/** Applies a workflow request (pause, cancel, ...) to a task run. */
export function processTaskWorkflowEvent(state: WorkflowState, task: TaskStateEntry, event: WorkflowEvent): void {
  let name: string = eventName(event);
  const staged = state.getStaged(task.id, task.route);
  if ((PAUSE_STATUSES.has(event.status) || CANCEL_STATUSES.has(event.status)) && staged?.items) {
    const tally = itemTally(staged.items);
    name += countIn(tally, ACTIVE_STATUSES) > 0 ? '_task_active' : '_task_dormant';
    name += staged.items.length - countIn(tally, COMPLETED_STATUSES) > 0 ? '_items_incomplete' : '_items_completed';
  }
  applyTaskEvent(state, task, name);
}

function applyTaskEvent(state: WorkflowState, task: TaskStateEntry, name: string): void {
  const next = nextStatus(TASK_MACHINE, task.status ?? 'null', name);
  if (next !== undefined) state.setTaskStatus(task, next);
}

/** How many items have a status in `statuses`, leaving out one item with status `except`. */
function countIn(tally: ReadonlyMap<Status, number>, statuses: ReadonlySet<Status>, except?: Status): number {
  let n = 0;
  for (const [status, count] of tally) if (statuses.has(status)) n += count;
  return except !== undefined && statuses.has(except) ? n - 1 : n;
}

function qualifyItemEvent(state: WorkflowState, task: TaskStateEntry, event: TaskItemEvent): string {
  const name = eventName(event);
  if (!ITEM_QUALIFIED.has(event.status)) return name;
  const items = state.getStaged(task.id, task.route)?.items ?? [];
  // The other items: the tally of all of them, less this item (already set to the event's status).
  const own = items[event.itemId]?.status;
  const tally = itemTally(items);
  const others = items.length - (own === undefined ? 0 : 1);
  const active = countIn(tally, ACTIVE_STATUSES, own) > 0;
  const incomplete = others - countIn(tally, COMPLETED_STATUSES, own) > 0;
  const paused = countIn(tally, PAUSED_OR_PENDING, own) > 0;
  const canceled = countIn(tally, CANCELED_ONLY, own) > 0;
  const failed = countIn(tally, ABENDED_STATUSES, own) > 0;
  const base = name + (active ? '_task_active' : '_task_dormant');
  if (!active && paused) return `${base}_items_paused`;
  if (!active && canceled) return `${base}_items_canceled`;
  if (!active && failed) return `${base}_items_failed`;
  return `${base}${incomplete ? '_items_incomplete' : '_items_completed'}`;
}

/** Applies a workflow request to the workflow status. */
export function processWorkflowEvent(state: WorkflowState, event: WorkflowEvent): void {
  let name: string = eventName(event);
  if (PAUSE_STATUSES.has(event.status) || CANCEL_STATUSES.has(event.status)) {
    name += state.hasActiveTasks ? '_workflow_active' : '_workflow_dormant';
  }
  // Resuming a paused workflow that has nothing left to do completes it.
  if (
    state.status === 'paused' &&
    (event.status === 'running' || event.status === 'resuming') &&
    !state.hasActiveTasks &&
    !state.hasStagedTasks &&
    !state.hasPausedTasks
  ) {
    name += '_workflow_completed';
  }
  const next = nextStatus(WORKFLOW_MACHINE, state.status, name);
  if (next !== undefined) state.status = next;
}

/** Applies a task's new status to the workflow status, then fails the workflow on unreachable joins. */
export function processWorkflowTaskEvent(host: MachineHost, event: TaskExecutionEvent): void {
  const { state } = host;
  const name = qualifyTaskEvent(host, event);
  const next = nextStatus(WORKFLOW_MACHINE, state.status, name);
  if (next === undefined) return;
  state.status = next;
  // A workflow that completed with a join still waiting can never run that join: it failed.
  if (COMPLETED_STATUSES.has(state.status)) {
    const unreachable = host.unreachableBarriers();
    if (unreachable.length > 0) {
      state.status = 'failed';
      for (const staged of unreachable) host.logUnreachableJoin(staged.id, staged.route);
    }
  }
}

function qualifyTaskEvent(host: MachineHost, event: TaskExecutionEvent): string {
  const { state } = host;
  let name: string = eventName(event);
  const hasNext = host.hasNextTasks(event.taskId, event.route);
  // A failed task with a matching transition is remediated: it counts as succeeded. A transition
  // into a join counts even while the join waits (the join fails the workflow if it never runs).
  if (ABENDED_STATUSES.has(event.status) && (hasNext || host.hasBarrierNext(event.taskId, event.route))) name = 'task_remediated';
  if (TASK_CONDITIONAL.has(name)) name += state.hasActiveTasks ? '_workflow_active' : '_workflow_dormant';
  if (!name.startsWith('task_succeeded') && !name.startsWith('task_remediated')) return name;
  // Cancelation wins over pause, pause over more work, more work over completion.
  if (state.hasCancelingTasks || state.hasCanceledTasks) return `${name}_canceled`;
  if (state.hasPausingTasks || state.hasPausedTasks) return `${name}_paused`;
  if (state.hasStagedTasks || hasNext) return `${name}_incomplete`;
  return `${name}_completed`;
}
