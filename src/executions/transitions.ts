import type { ExecutionStatus } from '../model/index.js';

/**
 * Which status may follow which, as data. Completed statuses lead nowhere. `abandoned` is reachable
 * from every live status because a restart can interrupt anything that was in flight.
 */
export const EXECUTION_TRANSITIONS: Record<ExecutionStatus, readonly ExecutionStatus[]> = {
  requested: ['scheduled', 'delayed', 'canceled', 'failed', 'abandoned'],
  delayed: ['scheduled', 'requested', 'canceled', 'failed', 'abandoned'],
  scheduled: ['running', 'delayed', 'canceling', 'canceled', 'failed', 'abandoned'],
  running: ['succeeded', 'failed', 'timeout', 'canceling', 'canceled', 'pending', 'pausing', 'paused', 'abandoned'],
  pending: ['running', 'succeeded', 'failed', 'timeout', 'canceling', 'canceled', 'pausing', 'paused', 'abandoned'],
  pausing: ['paused', 'running', 'canceling', 'canceled', 'succeeded', 'failed', 'timeout', 'abandoned'],
  paused: ['resuming', 'running', 'canceling', 'canceled', 'abandoned'],
  resuming: ['running', 'pending', 'succeeded', 'failed', 'canceling', 'canceled', 'abandoned'],
  canceling: ['canceled', 'succeeded', 'failed', 'timeout', 'abandoned'],
  succeeded: [],
  failed: [],
  timeout: [],
  abandoned: [],
  canceled: [],
};

export function canTransition(from: ExecutionStatus, to: ExecutionStatus): boolean {
  return EXECUTION_TRANSITIONS[from].includes(to);
}

/** Statuses a restart interrupts: nothing in the process is working on them any more. */
export const INTERRUPTIBLE_STATUSES: readonly ExecutionStatus[] = ['requested', 'delayed', 'scheduled', 'running', 'canceling', 'pausing', 'resuming'];

/** Statuses that count toward an action's concurrency (StackStorm counts scheduled and running). */
export const ACTIVE_STATUSES: readonly ExecutionStatus[] = ['scheduled', 'running', 'canceling', 'pausing', 'resuming'];
