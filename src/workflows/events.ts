/**
 * The events that drive Orquesta's state machines. An event is a plain object; its *name* (what
 * the machine tables are keyed by) is derived from it and then, inside the conductor, refined with
 * what the workflow looks like at that moment (`action_succeeded_task_dormant_items_completed`,
 * `task_failed_workflow_active`, ...). The name unions below are the complete vocabulary.
 */
import { SquallError } from '../errors/index.js';
import type { EngineCommand } from './spec.js';
import { isStatus, type Status } from './statuses.js';

// The engine commands themselves (`continue`, `fail`, `noop`, `retry`) are defined by the spec.
export { ENGINE_COMMANDS, isEngineCommand, type EngineCommand } from './spec.js';

/** The status an engine command gives the pseudo-task that carries it. */
export const ENGINE_COMMAND_STATUS: Readonly<Record<EngineCommand, Status>> = {
  continue: 'succeeded',
  fail: 'failed',
  noop: 'succeeded',
  retry: 'retrying',
};

type ActionStatus =
  | 'requested' | 'scheduled' | 'delayed' | 'running' | 'pending' | 'pausing' | 'paused'
  | 'resuming' | 'succeeded' | 'failed' | 'timeout' | 'abandoned' | 'canceling' | 'canceled';
type ItemizedStatus = 'pending' | 'paused' | 'succeeded' | 'failed' | 'timeout' | 'abandoned' | 'canceled';
type ItemsContext =
  | 'task_active_items_incomplete' | 'task_dormant_items_incomplete' | 'task_dormant_items_completed'
  | 'task_dormant_items_paused' | 'task_dormant_items_canceled' | 'task_dormant_items_failed';

/** Action execution events, plain or (for with-items tasks) qualified by the state of the other items. */
export type ActionEventName = `action_${ActionStatus}` | `action_${ItemizedStatus}_${ItemsContext}`;

type WorkflowRequest =
  | 'requested' | 'scheduled' | 'delayed' | 'running' | 'pausing' | 'paused' | 'resuming'
  | 'succeeded' | 'failed' | 'canceling' | 'canceled';
type WorkflowHalt = 'pausing' | 'paused' | 'canceling' | 'canceled';
type HaltContext = 'task_active_items_incomplete' | 'task_dormant_items_incomplete' | 'workflow_active' | 'workflow_dormant';

/** Requests to change the workflow status, qualified by whether work is still in flight. */
export type WorkflowEventName =
  | `workflow_${WorkflowRequest}`
  | 'workflow_running_workflow_completed'
  | 'workflow_resuming_workflow_completed'
  | `workflow_${WorkflowHalt}_${HaltContext}`;

type TaskStatusName =
  | 'requested' | 'scheduled' | 'delayed' | 'running' | 'pending' | 'pausing' | 'paused' | 'resuming'
  | 'succeeded' | 'failed' | 'remediated' | 'canceling' | 'canceled' | 'retrying';
type TaskConditional = 'pending' | 'paused' | 'failed' | 'canceled' | 'retrying';
type TaskFinished = 'succeeded' | 'remediated';
type Activity = 'active' | 'dormant';
type Outlook = 'incomplete' | 'completed' | 'paused' | 'canceled';

/** Task status changes as the workflow machine sees them. */
export type TaskEventName =
  | `task_${TaskStatusName}`
  | `task_${TaskConditional}_workflow_${Activity}`
  | `task_${TaskFinished}_workflow_${Activity}_${Outlook}`;

export type EngineEventName = `task_${EngineCommand}_requested`;

export type EventName = ActionEventName | WorkflowEventName | TaskEventName | EngineEventName;

/** An action execution (the task's child execution) changed status. */
export interface ActionExecutionEvent {
  readonly type: 'action';
  readonly status: Status;
  readonly result?: unknown;
}

/**
 * One item of a with-items task changed status. `accumulatedResult` is the list of item results
 * so far (index = item id), which the caller keeps: the conductor does not store item results,
 * so a checkpoint stays small however large the results are.
 */
export interface TaskItemEvent {
  readonly type: 'item';
  readonly itemId: number;
  readonly status: Status;
  readonly result?: unknown;
  readonly accumulatedResult?: unknown[];
}

/** An engine command (`continue`, `fail`, `noop`, `retry`) applied to a task. */
export interface EngineEvent {
  readonly type: 'engine';
  readonly command: EngineCommand;
  readonly status: Status;
}

/** A request to change the workflow's status (pause, resume, cancel, fail, run). */
export interface WorkflowEvent {
  readonly type: 'workflow';
  readonly status: Status;
}

/** A task's new status, as fed to the workflow machine. */
export interface TaskExecutionEvent {
  readonly type: 'task';
  readonly taskId: string;
  readonly route: number;
  readonly status: Status;
}

/** What `updateTaskState` accepts from the outside world. */
export type TaskStateEvent = ActionExecutionEvent | TaskItemEvent;

export type ExecutionEvent = TaskStateEvent | EngineEvent | WorkflowEvent | TaskExecutionEvent;

function checkStatus(status: unknown): Status {
  if (!isStatus(status)) throw new SquallError('WORKFLOW_STATE_INVALID', `"${String(status)}" is not a workflow status`);
  return status;
}

/** An action execution's new status (and its result, once it completed). */
export function actionEvent(status: Status, result?: unknown): ActionExecutionEvent {
  return result === undefined ? { type: 'action', status: checkStatus(status) } : { type: 'action', status: checkStatus(status), result };
}

/** One item's new status; `accumulatedResult` is every item's result so far (index = item id). */
export function itemEvent(itemId: number, status: Status, result?: unknown, accumulatedResult?: unknown[]): TaskItemEvent {
  if (!Number.isInteger(itemId) || itemId < 0) throw new SquallError('WORKFLOW_STATE_INVALID', `item id ${String(itemId)} is not a non-negative integer`);
  const event: { -readonly [K in keyof TaskItemEvent]: TaskItemEvent[K] } = { type: 'item', itemId, status: checkStatus(status) };
  if (result !== undefined) event.result = result;
  if (accumulatedResult !== undefined) event.accumulatedResult = accumulatedResult;
  return event;
}

/** The event of an engine command. */
export function engineEvent(command: EngineCommand): EngineEvent {
  return { type: 'engine', command, status: ENGINE_COMMAND_STATUS[command] };
}

/** A request for a workflow status. */
export function workflowEvent(status: Status): WorkflowEvent {
  return { type: 'workflow', status: checkStatus(status) };
}

/** A task run's new status, for the workflow machine. */
export function taskExecutionEvent(taskId: string, route: number, status: Status): TaskExecutionEvent {
  return { type: 'task', taskId, route, status };
}

/** The base name of an event, before the conductor adds what it knows about the workflow. */
export function eventName(event: ExecutionEvent): EventName {
  switch (event.type) {
    case 'action':
    case 'item':
      return `action_${event.status}` as ActionEventName;
    case 'engine':
      return `task_${event.command}_requested`;
    case 'workflow':
      return `workflow_${event.status}` as WorkflowEventName;
    case 'task':
      return `task_${event.status}` as TaskEventName;
  }
}
