/**
 * Re-running a completed workflow from some of its tasks (by default: the terminal tasks that
 * failed). The chosen runs are staged again with the context they had; a with-items task keeps
 * its succeeded items and runs the failed ones again (or all of them with `resetItems`).
 */
import { SquallError } from '../errors/index.js';
import type { ConductorCore } from './conductor-core.js';
import { setItemStatus } from './conductor-items.js';
import { taskKey, type TaskStateEntry } from './conductor-state.js';
import { addTaskState } from './conductor-update.js';
import { ABENDED_STATUSES, COMPLETED_STATUSES, statusIn } from './statuses.js';

/** One task run to re-run. */
export interface TaskRerunRequest {
  taskId: string;
  route?: number;
  /** For a with-items task: run every item again, not only the failed ones. */
  resetItems?: boolean;
}

function rerunTask(core: ConductorCore, taskId: string, route: number, resetItems: boolean): void {
  const { state } = core;
  const task = state.getTask(taskId, route)!;
  const ctxs = [...task.ctxs.in];
  const prev = { ...task.prev };
  state.setTerm(task, false);
  const staged = state.getStaged(taskId, route);
  if (staged) delete staged.completed;
  core.errors = core.errors.filter((e) => e.task_id !== taskId);
  if (core.spec.tasks.get(taskId)?.with !== undefined && staged) {
    const items = staged.items ?? [];
    items.forEach((item, i) => {
      if (resetItems || ABENDED_STATUSES.has(item.status)) setItemStatus(items, i, 'null');
    });
  } else {
    addTaskState(core, taskId, route, ctxs, prev);
    state.addStaged({ id: taskId, route, ctxs: { in: ctxs }, prev, ready: true });
  }
  for (const next of state.followingRuns(taskId, route)) state.setTerm(next, false);
}

/** Sequence indexes of a run and of every run that followed from it. */
function following(core: ConductorCore, req: Required<Pick<TaskRerunRequest, 'taskId' | 'route'>>): Set<number> {
  const runs = core.state.followingRuns(req.taskId, req.route);
  return new Set(runs.map((r) => core.state.sequence.indexOf(r)));
}

/**
 * Prepares a completed workflow to run again from `requests` (or its failed terminal tasks) and
 * sets it `resuming`. Throws WORKFLOW_STATE_INVALID for an active workflow or an unknown task run.
 */
export function requestWorkflowRerun(core: ConductorCore, requests: readonly TaskRerunRequest[] = []): void {
  const { state } = core;
  if (!COMPLETED_STATUSES.has(core.status)) throw new SquallError('WORKFLOW_STATE_INVALID', 'The workflow is still active and cannot be re-run');
  const asked = new Map<string, Required<TaskRerunRequest>>();
  for (const r of requests) asked.set(taskKey(r.taskId, r.route ?? 0), { taskId: r.taskId, route: r.route ?? 0, resetItems: r.resetItems ?? false });
  const invalid = [...asked.keys()].filter((k) => state.tasks[k] === undefined);
  if (invalid.length > 0) {
    throw new SquallError('WORKFLOW_STATE_INVALID', `Unable to rerun task|route(s) because it doesn't exist or isn't rerunnable: ${invalid.map((k) => k.replace('__r', '|')).join(', ')}`);
  }
  let candidates: TaskStateEntry[];
  if (asked.size === 0) {
    candidates = state.terminalTasks().filter((t) => statusIn(ABENDED_STATUSES, t.status));
  } else {
    // A requested run that follows from another requested run is re-run by that one already.
    const seqs = new Map([...asked].map(([k, r]) => [k, following(core, r)]));
    const kept = [...asked.keys()].filter((k) => asked.size === 1 || [...seqs.values()].some((other) => [...seqs.get(k)!].some((i) => !other.has(i))));
    candidates = kept.map((k) => state.getTask(asked.get(k)!.taskId, asked.get(k)!.route)!);
  }
  state.reruns.push(candidates.map((t) => state.taskIndex(t.id, t.route)!));
  const sorted = [...candidates].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.route - b.route));
  for (const task of sorted) rerunTask(core, task.id, task.route, asked.get(taskKey(task.id, task.route))?.resetItems ?? false);
  // Terminal runs that had somewhere to go (a remediation, say) continue too.
  for (const t of state.terminalTasks()) if (Object.values(t.next).some(Boolean)) state.setTerm(t, false);
  core.output = null;
  state.status = 'resuming';
}
