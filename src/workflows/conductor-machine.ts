/**
 * Runs events through the machine tables of `machines.ts`. Before the lookup an event's name is
 * qualified with what the workflow looks like right now (Orquesta's `add_context_to_*`): whether
 * other items or tasks are in flight, whether anything is staged, paused or canceled.
 */
import { eventName, type EngineEvent, type TaskExecutionEvent, type TaskItemEvent, type TaskStateEvent, type WorkflowEvent } from './events.js';
import { TASK_MACHINE, WORKFLOW_MACHINE, nextStatus } from './machines.js';
import type { StagedTask, TaskStateEntry, WorkflowState } from './conductor-state.js';
import { ABENDED_STATUSES, ACTIVE_STATUSES, CANCEL_STATUSES, COMPLETED_STATUSES, PAUSE_STATUSES, type Status } from './statuses.js';

/** What the machines need to know beyond the state itself; the conductor provides it. */
export interface MachineHost {
  readonly state: WorkflowState;
  /** True when a completed task has a satisfied transition to something that can still run. */
  hasNextTasks(taskId: string, route: number): boolean;
  /** Joins that are staged, waiting, and can no longer be satisfied. */
  unreachableBarriers(): StagedTask[];
  /** Records an unreachable join in the workflow's errors. */
  logUnreachableJoin(taskId: string, route: number): void;
}

// Statuses at which an item event is qualified with the state of the other items.
const ITEM_QUALIFIED: ReadonlySet<Status> = new Set<Status>(['resuming', 'pending', 'paused', 'succeeded', 'failed', 'timeout', 'abandoned', 'canceled']);
const PAUSED_OR_PENDING: ReadonlySet<Status> = new Set<Status>(['pending', 'paused']);
// Task events that say whether the workflow is still active.
const TASK_CONDITIONAL = new Set(['task_pending', 'task_paused', 'task_succeeded', 'task_failed', 'task_remediated', 'task_canceled', 'task_retrying']);

/** Applies an action, item or engine event to a task run. */
export function processTaskEvent(state: WorkflowState, task: TaskStateEntry, event: TaskStateEvent | EngineEvent): void {
  const name = event.type === 'item' ? qualifyItemEvent(state, task, event) : eventName(event);
  applyTaskEvent(task, name);
}

/** Applies a workflow request (pause, cancel, ...) to a task run. */
export function processTaskWorkflowEvent(state: WorkflowState, task: TaskStateEntry, event: WorkflowEvent): void {
  let name: string = eventName(event);
  const staged = state.getStaged(task.id, task.route);
  if ((PAUSE_STATUSES.has(event.status) || CANCEL_STATUSES.has(event.status)) && staged?.items) {
    const statuses = staged.items.map((i) => i.status);
    name += statuses.some((s) => ACTIVE_STATUSES.has(s)) ? '_task_active' : '_task_dormant';
    name += statuses.some((s) => !COMPLETED_STATUSES.has(s)) ? '_items_incomplete' : '_items_completed';
  }
  applyTaskEvent(task, name);
}

function applyTaskEvent(task: TaskStateEntry, name: string): void {
  const next = nextStatus(TASK_MACHINE, task.status ?? 'null', name);
  if (next !== undefined) task.status = next;
}

function qualifyItemEvent(state: WorkflowState, task: TaskStateEntry, event: TaskItemEvent): string {
  const name = eventName(event);
  if (!ITEM_QUALIFIED.has(event.status)) return name;
  const items = state.getStaged(task.id, task.route)?.items ?? [];
  let active = false;
  let incomplete = false;
  let paused = false;
  let canceled = false;
  let failed = false;
  // One pass over the other items; a with-items task may have thousands.
  for (let i = 0; i < items.length; i++) {
    if (i === event.itemId) continue;
    const s = items[i]!.status;
    if (ACTIVE_STATUSES.has(s)) active = true;
    if (!COMPLETED_STATUSES.has(s)) incomplete = true;
    if (PAUSED_OR_PENDING.has(s)) paused = true;
    if (s === 'canceled') canceled = true;
    if (ABENDED_STATUSES.has(s)) failed = true;
  }
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
  // A failed task with a matching transition is remediated: it counts as succeeded.
  if (ABENDED_STATUSES.has(event.status) && hasNext) name = 'task_remediated';
  if (TASK_CONDITIONAL.has(name)) name += state.hasActiveTasks ? '_workflow_active' : '_workflow_dormant';
  if (!name.startsWith('task_succeeded') && !name.startsWith('task_remediated')) return name;
  // Cancelation wins over pause, pause over more work, more work over completion.
  if (state.hasCancelingTasks || state.hasCanceledTasks) return `${name}_canceled`;
  if (state.hasPausingTasks || state.hasPausedTasks) return `${name}_paused`;
  if (state.hasStagedTasks || hasNext) return `${name}_incomplete`;
  return `${name}_completed`;
}
