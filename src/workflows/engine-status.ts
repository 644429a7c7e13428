/**
 * Keeps a workflow's execution record in step with its conductor. Workflow statuses can change
 * in jumps the execution transition table does not list directly (a paused workflow that fails
 * when asked to resume, say), so the record is moved along the shortest path the table allows.
 */
import type { ExecutionService } from '../executions/execution-service.js';
import { EXECUTION_TRANSITIONS } from '../executions/transitions.js';
import type { Execution, ExecutionStatus } from '../model/index.js';
import type { Status } from './statuses.js';

/** The execution status that shows a workflow status, or undefined when the record stays as it is. */
export function executionStatusOf(status: Status, current: ExecutionStatus): ExecutionStatus | undefined {
  switch (status) {
    case 'running':
    case 'pausing':
    case 'paused':
    case 'canceling':
    case 'succeeded':
    case 'failed':
    case 'timeout':
    case 'abandoned':
    case 'canceled':
      return status;
    // `resuming` only shows on a record that was paused; a re-run starts as a running record.
    case 'resuming':
      return current === 'paused' ? 'resuming' : undefined;
    default:
      return undefined;
  }
}

/** The statuses to pass through from `from` to `to` (ending with `to`), or undefined when none lead there. */
export function transitionPath(from: ExecutionStatus, to: ExecutionStatus): ExecutionStatus[] | undefined {
  if (from === to) return [];
  const previous = new Map<ExecutionStatus, ExecutionStatus>();
  const queue: ExecutionStatus[] = [from];
  while (queue.length > 0) {
    const at = queue.shift()!;
    for (const next of EXECUTION_TRANSITIONS[at]) {
      if (next === from || previous.has(next)) continue;
      previous.set(next, at);
      if (next === to) {
        const path: ExecutionStatus[] = [to];
        for (let step = previous.get(to)!; step !== from; step = previous.get(step)!) path.unshift(step);
        return path;
      }
      queue.push(next);
    }
  }
  return undefined;
}

/**
 * Moves execution `id` to `status` (through the statuses in between), applying `patch` with the
 * last step. Returns false when the table has no way there (the record is left as it is).
 */
export function moveExecution(executions: ExecutionService, id: string, status: ExecutionStatus, patch: Partial<Pick<Execution, 'result' | 'status_reason'>> = {}): boolean {
  const execution = executions.get(id);
  if (!execution) return false;
  const path = transitionPath(execution.status, status);
  if (!path) return false;
  if (path.length === 0) {
    if (Object.keys(patch).length > 0) executions.transition(id, status, patch);
    return true;
  }
  path.forEach((step, i) => executions.transition(id, step, i === path.length - 1 ? patch : {}));
  return true;
}
