/**
 * Orquesta's two state machines as data: for each current status, which (qualified) event moves
 * to which status. An event missing from a row changes nothing. The qualifiers come from
 * `conductor-machine.ts`, which looks at the workflow when an event arrives.
 *
 * Reading guide for the workflow table: `_workflow_active` / `_workflow_dormant` say whether
 * other tasks are still in flight; for a finished task, `_incomplete` means more tasks are staged,
 * `_completed` means nothing is left, `_paused` / `_canceled` mean some task paused or was
 * canceled. A task is `remediated` when it failed but one of its transitions matched.
 */
import type { ActionEventName, EngineEventName, EventName, TaskEventName, WorkflowEventName } from './events.js';
import type { Status } from './statuses.js';

/** A machine: current status → qualified event → next status. */
export type StateMachine<E extends EventName = EventName> = Readonly<Record<Status, Readonly<Partial<Record<E, Status>>>>>;

type WorkflowMachineEvent = WorkflowEventName | TaskEventName;
type TaskMachineEvent = ActionEventName | EngineEventName | WorkflowEventName;

// The pause/cancel requests while work is in flight (active) or not (dormant), shared by several rows.
const HALT_FROM_ACTIVE = {
  workflow_pausing_workflow_active: 'pausing', workflow_pausing_workflow_dormant: 'paused',
  workflow_paused_workflow_active: 'pausing', workflow_paused_workflow_dormant: 'paused',
  workflow_canceling_workflow_active: 'canceling', workflow_canceling_workflow_dormant: 'canceled',
  workflow_canceled_workflow_active: 'canceling', workflow_canceled_workflow_dormant: 'canceled',
} as const satisfies Partial<Record<WorkflowMachineEvent, Status>>;

const HALT_BEFORE_START = {
  workflow_pausing_workflow_dormant: 'paused', workflow_paused_workflow_dormant: 'paused',
  workflow_canceling_workflow_dormant: 'canceled', workflow_canceled_workflow_dormant: 'canceled',
  workflow_failed: 'failed',
} as const satisfies Partial<Record<WorkflowMachineEvent, Status>>;

/** The workflow's status machine: fed workflow requests and the tasks' new statuses. */
export const WORKFLOW_MACHINE: StateMachine<WorkflowMachineEvent> = {
  null: {
    workflow_requested: 'requested', workflow_scheduled: 'scheduled', workflow_delayed: 'delayed',
    workflow_running: 'running', workflow_failed: 'failed',
  },
  requested: { workflow_scheduled: 'scheduled', workflow_delayed: 'delayed', workflow_running: 'running', ...HALT_BEFORE_START },
  scheduled: { workflow_delayed: 'delayed', workflow_running: 'running', ...HALT_BEFORE_START },
  delayed: { workflow_scheduled: 'scheduled', workflow_running: 'running', ...HALT_BEFORE_START },
  running: {
    ...HALT_FROM_ACTIVE,
    workflow_failed: 'failed', workflow_succeeded: 'succeeded',
    task_pending_workflow_active: 'pausing', task_pending_workflow_dormant: 'paused',
    // A paused task alone does not pause the workflow, unless it was the last thing running.
    task_pausing: 'running', task_paused_workflow_active: 'running', task_paused_workflow_dormant: 'paused',
    task_succeeded_workflow_active_incomplete: 'running', task_succeeded_workflow_active_completed: 'running',
    task_succeeded_workflow_active_paused: 'pausing', task_succeeded_workflow_active_canceled: 'canceling',
    task_succeeded_workflow_dormant_incomplete: 'running', task_succeeded_workflow_dormant_completed: 'succeeded',
    task_succeeded_workflow_dormant_paused: 'paused', task_succeeded_workflow_dormant_canceled: 'canceled',
    // Fail fast: a failed task that nothing remediates fails the workflow even with work in flight.
    task_failed_workflow_active: 'failed', task_failed_workflow_dormant: 'failed',
    task_remediated_workflow_active_incomplete: 'running', task_remediated_workflow_active_completed: 'running',
    task_remediated_workflow_active_paused: 'pausing', task_remediated_workflow_active_canceled: 'canceling',
    task_remediated_workflow_dormant_incomplete: 'running', task_remediated_workflow_dormant_completed: 'succeeded',
    task_remediated_workflow_dormant_paused: 'paused', task_remediated_workflow_dormant_canceled: 'canceled',
    task_canceling: 'canceling', task_canceled_workflow_active: 'canceling', task_canceled_workflow_dormant: 'canceled',
  },
  pausing: {
    ...HALT_FROM_ACTIVE,
    workflow_running: 'running', workflow_resuming: 'resuming', workflow_failed: 'failed',
    task_pending_workflow_active: 'pausing', task_pending_workflow_dormant: 'paused',
    task_paused_workflow_active: 'pausing', task_paused_workflow_dormant: 'paused',
    task_succeeded_workflow_active_incomplete: 'pausing', task_succeeded_workflow_active_completed: 'pausing',
    task_succeeded_workflow_active_paused: 'pausing', task_succeeded_workflow_active_canceled: 'pausing',
    task_succeeded_workflow_dormant_incomplete: 'paused', task_succeeded_workflow_dormant_completed: 'paused',
    task_succeeded_workflow_dormant_paused: 'paused', task_succeeded_workflow_dormant_canceled: 'canceled',
    task_failed_workflow_active: 'failed', task_failed_workflow_dormant: 'failed',
    task_remediated_workflow_active_incomplete: 'pausing', task_remediated_workflow_active_completed: 'pausing',
    task_remediated_workflow_active_paused: 'pausing', task_remediated_workflow_active_canceled: 'canceling',
    task_remediated_workflow_dormant_incomplete: 'paused', task_remediated_workflow_dormant_completed: 'paused',
    task_remediated_workflow_dormant_paused: 'paused', task_remediated_workflow_dormant_canceled: 'canceled',
    task_canceling: 'canceling', task_canceled_workflow_active: 'canceling', task_canceled_workflow_dormant: 'canceled',
    task_retrying_workflow_active: 'pausing', task_retrying_workflow_dormant: 'paused',
  },
  paused: {
    workflow_running: 'running', workflow_running_workflow_completed: 'succeeded',
    workflow_resuming: 'resuming', workflow_resuming_workflow_completed: 'succeeded',
    workflow_canceling_workflow_dormant: 'canceled', workflow_canceled_workflow_dormant: 'canceled',
    workflow_failed: 'failed', task_running: 'running', task_resuming: 'running',
  },
  resuming: {
    ...HALT_FROM_ACTIVE,
    workflow_running: 'running', workflow_failed: 'failed', task_running: 'running',
    task_pending_workflow_active: 'pausing', task_pending_workflow_dormant: 'paused',
    task_succeeded_workflow_active_incomplete: 'running', task_succeeded_workflow_active_completed: 'running',
    task_succeeded_workflow_dormant_incomplete: 'running', task_succeeded_workflow_dormant_completed: 'succeeded',
    task_succeeded_workflow_dormant_paused: 'paused', task_succeeded_workflow_dormant_canceled: 'canceled',
    task_failed_workflow_active: 'failed', task_failed_workflow_dormant: 'failed',
    task_remediated_workflow_active_incomplete: 'running', task_remediated_workflow_active_completed: 'running',
    task_remediated_workflow_dormant_incomplete: 'running', task_remediated_workflow_dormant_completed: 'succeeded',
    task_remediated_workflow_dormant_paused: 'paused', task_remediated_workflow_dormant_canceled: 'canceled',
    task_canceling: 'canceling', task_canceled_workflow_active: 'canceling', task_canceled_workflow_dormant: 'canceled',
  },
  canceling: {
    workflow_canceling_workflow_active: 'canceling', workflow_canceling_workflow_dormant: 'canceled',
    workflow_canceled_workflow_active: 'canceling', workflow_canceled_workflow_dormant: 'canceled',
    workflow_failed: 'failed',
    task_pending_workflow_active: 'canceling', task_pending_workflow_dormant: 'canceled',
    task_paused_workflow_active: 'canceling', task_paused_workflow_dormant: 'canceled',
    task_succeeded_workflow_active_incomplete: 'canceling', task_succeeded_workflow_active_completed: 'canceling',
    task_succeeded_workflow_dormant_incomplete: 'canceled', task_succeeded_workflow_dormant_completed: 'canceled',
    task_succeeded_workflow_dormant_paused: 'canceled', task_succeeded_workflow_dormant_canceled: 'canceled',
    task_failed_workflow_active: 'canceling', task_failed_workflow_dormant: 'canceled',
    task_remediated_workflow_active_incomplete: 'canceling', task_remediated_workflow_active_completed: 'canceling',
    task_remediated_workflow_dormant_incomplete: 'canceled', task_remediated_workflow_dormant_completed: 'canceled',
    task_remediated_workflow_dormant_paused: 'canceled', task_remediated_workflow_dormant_canceled: 'canceled',
    task_canceled_workflow_active: 'canceling', task_canceled_workflow_dormant: 'canceled',
    task_retrying_workflow_active: 'canceling', task_retrying_workflow_dormant: 'canceled',
  },
  canceled: {},
  // Rendering the output can still fail a succeeded workflow.
  succeeded: { workflow_failed: 'failed' },
  failed: {},
  timeout: {},
  abandoned: {},
  pending: {},
  retrying: {},
};

// Rows of the task table repeat one pattern per action status: the plain event, then the event
// qualified by the other items of a with-items task. `items(s, {...})` spells that pattern out.
type ItemsKey = 'incomplete' | 'completed' | 'paused' | 'canceled' | 'failed';
function items<S extends string>(status: S, to: Partial<Record<ItemsKey, Status>>): Partial<Record<TaskMachineEvent, Status>> {
  const row: Record<string, Status> = {};
  for (const [key, value] of Object.entries(to)) if (value) row[`action_${status}_task_dormant_items_${key}`] = value;
  return row as Partial<Record<TaskMachineEvent, Status>>;
}
const ALL_TO = (s: Status): Record<ItemsKey, Status> => ({ incomplete: s, completed: s, paused: s, canceled: s, failed: s });

const START = {
  action_pausing: 'pausing', action_paused: 'paused', action_canceling: 'canceling', action_canceled: 'canceled',
  action_failed: 'failed', action_timeout: 'timeout', action_abandoned: 'abandoned',
} as const satisfies Partial<Record<TaskMachineEvent, Status>>;

/** A task run's status machine: fed action, item, engine-command and workflow events. */
export const TASK_MACHINE: StateMachine<TaskMachineEvent> = {
  null: {
    action_requested: 'requested', action_scheduled: 'scheduled', action_delayed: 'delayed',
    action_running: 'running', action_pending: 'pending',
    task_continue_requested: 'succeeded', task_noop_requested: 'succeeded', task_fail_requested: 'failed',
  },
  requested: { action_scheduled: 'scheduled', action_delayed: 'delayed', action_running: 'running', action_pending: 'pending', ...START },
  scheduled: { action_delayed: 'delayed', action_running: 'running', action_pending: 'pending', ...START },
  delayed: { action_scheduled: 'scheduled', action_running: 'running', action_pending: 'pending', ...START },
  running: {
    action_running: 'running', action_pending: 'pending', action_pending_task_active_items_incomplete: 'pausing',
    ...items('pending', { paused: 'paused', canceled: 'canceled', failed: 'failed', incomplete: 'paused', completed: 'paused' }),
    action_pausing: 'pausing', action_paused: 'paused', action_paused_task_active_items_incomplete: 'pausing',
    ...items('paused', { paused: 'paused', canceled: 'canceled', failed: 'failed', incomplete: 'paused', completed: 'paused' }),
    action_canceling: 'canceling', action_canceled: 'canceled', action_canceled_task_active_items_incomplete: 'canceling',
    ...items('canceled', ALL_TO('canceled')),
    action_failed: 'failed', ...items('failed', { ...ALL_TO('failed'), canceled: 'canceled' }),
    // A timed-out or abandoned action fails its task.
    action_timeout: 'failed', ...items('timeout', { ...ALL_TO('failed'), canceled: 'canceled' }),
    action_abandoned: 'failed', ...items('abandoned', { ...ALL_TO('failed'), canceled: 'canceled' }),
    action_succeeded: 'succeeded', action_succeeded_task_active_items_incomplete: 'running',
    ...items('succeeded', { canceled: 'canceled', paused: 'paused', failed: 'failed', incomplete: 'running', completed: 'succeeded' }),
    workflow_pausing_task_active_items_incomplete: 'pausing', workflow_pausing_task_dormant_items_incomplete: 'paused',
    workflow_paused_task_active_items_incomplete: 'pausing', workflow_paused_task_dormant_items_incomplete: 'paused',
    workflow_canceling_task_active_items_incomplete: 'canceling', workflow_canceling_task_dormant_items_incomplete: 'canceled',
    workflow_canceled_task_active_items_incomplete: 'canceling', workflow_canceled_task_dormant_items_incomplete: 'canceled',
  },
  pending: {
    action_canceled: 'canceled', action_failed: 'failed', action_timeout: 'failed', action_abandoned: 'failed',
    action_succeeded: 'succeeded',
  },
  pausing: {
    ...items('pending', { paused: 'paused', canceled: 'canceled', failed: 'failed', incomplete: 'paused', completed: 'paused' }),
    action_paused: 'paused',
    ...items('paused', { paused: 'paused', canceled: 'canceled', failed: 'failed', incomplete: 'paused', completed: 'paused' }),
    action_resuming: 'resuming', action_canceling: 'canceling', action_canceled: 'canceled',
    ...items('canceled', ALL_TO('canceled')),
    action_failed: 'failed', ...items('failed', { ...ALL_TO('failed'), canceled: 'canceled' }),
    action_timeout: 'failed', ...items('timeout', { ...ALL_TO('failed'), canceled: 'canceled' }),
    action_abandoned: 'failed', ...items('abandoned', { ...ALL_TO('failed'), canceled: 'canceled' }),
    ...items('succeeded', { paused: 'paused', canceled: 'canceled', failed: 'failed', incomplete: 'paused', completed: 'succeeded' }),
  },
  paused: { action_running: 'running', action_resuming: 'resuming', action_canceling: 'canceling', action_canceled: 'canceled' },
  resuming: { action_running: 'running', action_canceling: 'canceling', action_canceled: 'canceled' },
  retrying: {
    action_running: 'running', action_canceling: 'canceling', action_canceled: 'canceled',
    workflow_canceling: 'canceled', workflow_canceled: 'canceled',
  },
  canceling: {
    ...items('pending', ALL_TO('canceled')),
    action_paused: 'canceled', ...items('paused', ALL_TO('canceled')),
    action_canceled: 'canceled', ...items('canceled', ALL_TO('canceled')),
    action_failed: 'failed', ...items('failed', ALL_TO('canceled')),
    action_timeout: 'failed', ...items('timeout', ALL_TO('canceled')),
    action_abandoned: 'failed', ...items('abandoned', ALL_TO('canceled')),
    ...items('succeeded', { ...ALL_TO('canceled'), completed: 'succeeded' }),
  },
  canceled: {},
  // A finished task can only be sent round again by a retry.
  succeeded: { task_retry_requested: 'retrying' },
  failed: { task_retry_requested: 'retrying' },
  timeout: {},
  abandoned: {},
};

/** The status an event leads to from `current`, or undefined when the event changes nothing. */
export function nextStatus<E extends EventName>(machine: StateMachine<E>, current: Status, event: string): Status | undefined {
  return (machine[current] as Partial<Record<string, Status>>)[event];
}

/** Orquesta's validity check for a direct status change: same status, or a status the row can reach. */
export function isTransitionValid(machine: StateMachine, from: Status, to: Status): boolean {
  return from === to || Object.values(machine[from]).includes(to);
}
