/**
 * Orquesta's task and workflow statuses. They are the execution statuses of `model/execution.ts`
 * plus two that only workflows know: `retrying` (a task about to run again) and the unset status,
 * which Orquesta spells as the string `"null"` (so `task_status('never_ran')` answers `"null"`).
 */
import { EXECUTION_STATUS } from '../model/execution.js';

/** Every task and workflow status, by name (the unset status is the string `"null"`). */
export const STATUS = {
  ...EXECUTION_STATUS,
  retrying: 'retrying',
  unset: 'null',
} as const;

export type Status = (typeof STATUS)[keyof typeof STATUS];

const ALL: ReadonlySet<string> = new Set(Object.values(STATUS));

/** True for every status name Orquesta accepts (including `"null"`). */
export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && ALL.has(value);
}

/** Statuses a (re)started task reports first; a completed task seeing one of these is in a cycle. */
export const STARTING_STATUSES: ReadonlySet<Status> = new Set<Status>(['requested', 'scheduled', 'delayed', 'running', 'pending']);

/** Statuses in which the workflow schedules new tasks. */
export const RUNNING_STATUSES: ReadonlySet<Status> = new Set<Status>(['requested', 'scheduled', 'delayed', 'running', 'resuming', 'retrying']);

/** Statuses of work still in flight. */
export const ACTIVE_STATUSES: ReadonlySet<Status> = new Set<Status>([
  'requested',
  'scheduled',
  'delayed',
  'running',
  'resuming',
  'pausing',
  'canceling',
]);

/** A pause requested or reached. */
export const PAUSE_STATUSES: ReadonlySet<Status> = new Set<Status>(['pausing', 'paused']);

/** A cancel requested or reached. */
export const CANCEL_STATUSES: ReadonlySet<Status> = new Set<Status>(['canceling', 'canceled']);

/** Abnormal ends: what `retry` without `when` and the re-run of a workflow look for. */
export const ABENDED_STATUSES: ReadonlySet<Status> = new Set<Status>(['failed', 'timeout', 'abandoned']);

/** Statuses after which nothing more happens; `completed()` is true for these. */
export const COMPLETED_STATUSES: ReadonlySet<Status> = new Set<Status>(['succeeded', 'failed', 'timeout', 'abandoned', 'canceled']);

/** Membership test that accepts an absent status (an entry that never received an event). */
export function statusIn(set: ReadonlySet<Status>, status: Status | undefined): boolean {
  return status !== undefined && set.has(status);
}
