import type { ChatTarget } from './chat-target.js';
import type { Params } from './json.js';
import type { Ref } from './ref.js';

/** StackStorm's live-action statuses, stored as plain strings. */
export const EXECUTION_STATUS = {
  requested: 'requested',
  scheduled: 'scheduled',
  delayed: 'delayed',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  timeout: 'timeout',
  abandoned: 'abandoned',
  canceling: 'canceling',
  canceled: 'canceled',
  pending: 'pending',
  pausing: 'pausing',
  paused: 'paused',
  resuming: 'resuming',
} as const;
export type ExecutionStatus = (typeof EXECUTION_STATUS)[keyof typeof EXECUTION_STATUS];

/** Statuses after which nothing more happens to an execution. */
export const COMPLETED_STATUSES: readonly ExecutionStatus[] = ['succeeded', 'failed', 'timeout', 'abandoned', 'canceled'];

export function isCompleted(status: ExecutionStatus): boolean {
  return COMPLETED_STATUSES.includes(status);
}

/** Who or what asked for an execution. Field names follow StackStorm's execution context. */
export interface ExecutionContext {
  /** The Squall user the execution runs as (`stanley` in StackStorm; here the configured system user or the chat user). */
  user: string;
  /** The chat user who typed the command, when it came from chat. */
  api_user?: string;
  /** Set when a rule fired the execution. */
  rule?: { ref: Ref; id?: string };
  trigger_instance?: { id: string; trigger: Ref };
  /** Set when an action alias started the execution. */
  action_alias_ref?: string;
  /** Where a chat-started execution's results go. */
  chat?: ChatTarget;
  /** For executions started by a workflow or another execution. */
  parent?: { execution_id: string; task_id?: string; route?: number; item_id?: number };
  trace_tag?: string;
  /** How the request arrived: cli, api, rule, chat, workflow, policy-retry, re-run. */
  source?: string;
  /** Policy bookkeeping: how many times `action.retry` already re-ran this request. */
  retry_count?: number;
  [key: string]: unknown;
}

export interface ExecutionLogEntry {
  status: ExecutionStatus;
  timestamp: string;
}

/**
 * An execution record as stored and shown. Field names are StackStorm's (snake_case), because pack
 * authors reference them from templates (`execution.start_timestamp`, `execution.result.stdout`).
 * Secret parameters are masked in `parameters`; their real values live encrypted in `secret_parameters`.
 */
export interface Execution {
  id: string;
  action: { ref: Ref; runner_type: string; pack: string; name: string };
  parameters: Params;
  /** Encrypted JSON of the unmasked secret parameters, so re-run and resume work without storing secrets in clear. */
  secret_parameters?: string;
  status: ExecutionStatus;
  start_timestamp: string;
  end_timestamp?: string;
  /** Milliseconds from start to end, once completed. */
  elapsed_ms?: number;
  result?: unknown;
  context: ExecutionContext;
  parent?: string;
  children: string[];
  log: ExecutionLogEntry[];
  /** Why the execution is in its status when that is not obvious (policy delay, abandoned on restart, ...). */
  status_reason?: string;
}
