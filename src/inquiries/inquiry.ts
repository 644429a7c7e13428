import type { Execution, ExecutionStatus } from '../model/index.js';

/** The runner whose executions are inquiries (StackStorm's `inquirer`). */
export const INQUIRER_RUNNER = 'inquirer';

/** Trigger the inquirer runner emits when an inquiry starts waiting (`{id, route}`). */
export const INQUIRY_TRIGGER = 'core.st2.generic.inquiry';

/** What the inquirer runner stores as the execution result while the inquiry waits. */
export interface InquiryResult {
  schema: Record<string, unknown>;
  roles: string[];
  users: string[];
  route: string;
  /** Minutes the inquiry waits for a response; 0 waits for ever. */
  ttl: number;
  /** The response, secret schema members masked; present once answered. */
  response?: unknown;
}

/**
 * An inquiry as listed and shown: the inquirer execution seen through StackStorm's inquiry API
 * fields (`id`, `route`, `ttl`, `users`, `roles`, `schema`) plus its status and deadline.
 * The id is the execution id, as in StackStorm.
 */
export interface Inquiry {
  id: string;
  action: string;
  status: ExecutionStatus;
  route: string;
  ttl: number;
  users: string[];
  roles: string[];
  schema: Record<string, unknown>;
  /** The execution that started the inquiry (a workflow), when there is one. */
  parent?: string;
  start_timestamp: string;
  /** When a pending inquiry times out; absent for ttl 0. */
  expires_at?: string;
  /** Secret schema members masked. */
  response?: unknown;
}

/** True for executions of an inquirer action. */
export function isInquiryExecution(execution: Execution): boolean {
  return execution.action.runner_type === INQUIRER_RUNNER;
}

/**
 * The inquiry fields of an inquirer execution. Before the runner has stored its result (the
 * execution is still requested or scheduled) they come from the parameters instead.
 */
export function inquiryResult(execution: Execution): InquiryResult {
  const source = isObject(execution.result) && isObject(execution.result.schema) ? execution.result : execution.parameters;
  const ttl = typeof source.ttl === 'number' && Number.isFinite(source.ttl) ? source.ttl : 0;
  return {
    schema: isObject(source.schema) ? source.schema : {},
    roles: strings(source.roles),
    users: strings(source.users),
    route: typeof source.route === 'string' ? source.route : '',
    ttl,
    ...(isObject(execution.result) && 'response' in execution.result ? { response: execution.result.response } : {}),
  };
}

/** Milliseconds since the epoch at which the inquiry times out, or undefined when it never does. */
export function expiresAt(execution: Execution): number | undefined {
  const { ttl } = inquiryResult(execution);
  // StackStorm counts the ttl from the execution's start, not from when it began to wait.
  return ttl > 0 ? Date.parse(execution.start_timestamp) + ttl * 60_000 : undefined;
}

/** The inquiry view of an inquirer execution. */
export function toInquiry(execution: Execution): Inquiry {
  const r = inquiryResult(execution);
  const expiry = execution.status === 'pending' ? expiresAt(execution) : undefined;
  return {
    id: execution.id,
    action: execution.action.ref,
    status: execution.status,
    route: r.route,
    ttl: r.ttl,
    users: r.users,
    roles: r.roles,
    schema: r.schema,
    ...(execution.parent ? { parent: execution.parent } : {}),
    start_timestamp: execution.start_timestamp,
    ...(expiry !== undefined ? { expires_at: new Date(expiry).toISOString() } : {}),
    ...('response' in r ? { response: r.response } : {}),
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
