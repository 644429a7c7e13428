/**
 * Task retry (`retry: {when, count, delay}` or `do: retry`): a run gets its retry policy when it
 * is created, with `count` and `delay` evaluated then; when the run completes, `when` decides
 * whether it goes round again (without `when`, only an abnormal end retries).
 */
import { PythonError } from '../python/errors.js';
import { pyTruthy } from '../python/values.js';
import type { Context } from './conductor-context.js';
import type { ConductorCore } from './conductor-core.js';
import type { FunctionScope } from './conductor-functions.js';
import { describeFailure } from './conductor-render.js';
import type { TaskStateEntry } from './conductor-state.js';
import { ABENDED_STATUSES } from './statuses.js';

function evaluateInteger(core: ConductorCore, value: number | string, ctx: Context, what: string, taskId: string): number {
  const evaluated = typeof value === 'string' ? core.evaluator.evaluate(value, ctx) : value;
  if (typeof evaluated !== 'number' || !Number.isInteger(evaluated)) {
    throw new PythonError('ValueError', `The retry ${what} for task "${taskId}" is not an integer.`);
  }
  return evaluated;
}

/**
 * Gives a new run its retry policy. A count or delay that does not evaluate to an integer is
 * logged against the task and fails the workflow; the run then has no retry.
 */
export function setupRetry(core: ConductorCore, entry: TaskStateEntry): void {
  const spec = core.graph.retry(entry.id);
  if (!spec || spec.count === undefined) return;
  const ctx = core.taskContext(entry.ctxs.in);
  try {
    const count = evaluateInteger(core, spec.count, ctx, 'count', entry.id);
    const retry: NonNullable<TaskStateEntry['retry']> = { count, tally: 0 };
    if (spec.when !== undefined) retry.when = spec.when;
    if (spec.delay !== undefined && spec.delay !== null) retry.delay = evaluateInteger(core, spec.delay, ctx, 'delay', entry.id);
    entry.retry = retry;
  } catch (err) {
    core.logError(describeFailure(err), { taskId: entry.id, route: entry.route });
    if (core.status !== 'failed') core.requestWorkflowStatus('failed');
  }
}

/** True when a completed run should be retried. */
export function evaluateRetry(core: ConductorCore, entry: TaskStateEntry, ctx: Context, scope: FunctionScope): boolean {
  const retry = entry.retry;
  if (!retry || retry.tally >= retry.count) return false;
  if (retry.when === undefined) return entry.status !== undefined && ABENDED_STATUSES.has(entry.status);
  try {
    return pyTruthy(core.evaluator.evaluate(retry.when, ctx, scope));
  } catch (err) {
    core.logError(describeFailure(err), { taskId: entry.id, route: entry.route });
    core.requestWorkflowStatus('failed');
    return false;
  }
}
