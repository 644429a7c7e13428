/**
 * `getNextTasks`: which staged tasks to run now, rendered against their contexts. A with-items
 * task is returned with the items it may start under its concurrency; it comes back on later calls
 * until every item has started.
 */
import type { ConductorCore } from './conductor-core.js';
import { itemTally, notRunItems } from './conductor-items.js';
import { describeFailure, renderTask, type RenderedItems, type TaskAction } from './conductor-render.js';
import type { StagedItem, StagedTask } from './conductor-state.js';
import { isEngineCommand, type TaskSpec } from './spec.js';
import { ACTIVE_STATUSES, RUNNING_STATUSES } from './statuses.js';

/** A task to run: what the engine needs to start its action execution(s). */
export interface NextTask {
  id: string;
  route: number;
  /** The action executions to start: one, or for a with-items task one per item allowed to start now. */
  actions: TaskAction[];
  /** Seconds to wait before starting (the task's `delay`, or the retry delay on a retry). */
  delay?: number;
  /** For a with-items task: how many items it has in all. */
  itemsCount?: number;
  /** For a with-items task: how many items may run at once (null = no limit). */
  concurrency?: number | null;
  /** Set when this run is a retry: which retry it is and how many are allowed. */
  retry?: { tally: number; count: number };
}

/** A task spec for a name the graph knows but the spec does not list (an engine command). */
function specOf(core: ConductorCore, taskId: string): TaskSpec {
  const spec = core.spec.tasks.get(taskId);
  if (spec) return spec;
  return { name: taskId, specPath: `tasks.${taskId}`, inlineInput: false, next: [] };
}

// The evaluated items (and concurrency) of staged with-items tasks, with the items list they were made for.
const RENDERED_ITEMS = new WeakMap<StagedTask, { list: StagedItem[]; values: RenderedItems }>();

/** Items to start, by looking at every item (when the list and the count disagree). */
function selectByScan(items: StagedItem[], count: number, concurrency: number | null): number[] {
  const notRun: number[] = [];
  let active = 0;
  const n = Math.min(items.length, count);
  for (let i = 0; i < n; i++) {
    const status = items[i]!.status;
    if (status === 'null') notRun.push(i);
    else if (ACTIVE_STATUSES.has(status)) active++;
  }
  if (concurrency === null) return notRun;
  return concurrency - active > 0 ? notRun.slice(0, concurrency - active) : [];
}

/** Renders a staged task; throws what rendering throws. */
function renderStaged(core: ConductorCore, staged: StagedTask): NextTask {
  const { id, route } = staged;
  const spec = specOf(core, id);
  const ctx = core.taskInitialContext(id, route);
  // Item bookkeeping lives on the staged entry; it is created the first time the task is offered.
  const select = (count: number, concurrency: number | null): number[] => {
    if (!staged.items || staged.items.length === 0) staged.items = Array.from({ length: count }, () => ({ status: 'null' as const }));
    const items = staged.items;
    if (items.length !== count) return selectByScan(items, count, concurrency);
    // The tally and the not-run cursor answer without walking every item.
    let active = 0;
    for (const [status, n] of itemTally(items)) if (ACTIVE_STATUSES.has(status)) active += n;
    const free = concurrency === null ? items.length : concurrency - active;
    return free > 0 ? notRunItems(items, free) : [];
  };
  // The items list is evaluated once per staged run: its context does not change while it is staged.
  // A new items list on the entry (a retry stages the task again) evaluates it again.
  const cached = RENDERED_ITEMS.get(staged);
  const cache = cached && cached.list === staged.items ? cached.values : undefined;
  const rendered = renderTask(core.evaluator, spec, ctx, { task: { id, route } }, select, cache);
  if (rendered.itemValues && staged.items) RENDERED_ITEMS.set(staged, { list: staged.items, values: rendered.itemValues });
  const next: NextTask = { id, route, actions: rendered.actions };
  if (rendered.delay !== undefined) next.delay = rendered.delay;
  if (rendered.itemsCount !== undefined) {
    next.itemsCount = rendered.itemsCount;
    next.concurrency = rendered.concurrency ?? null;
  }
  return next;
}

/**
 * The tasks to start now, sorted by task id then route. Nothing while the workflow is not running,
 * except remediation tasks staged next to a `fail` command. A task that fails to render is logged
 * (every such task, not just the first) and fails the workflow.
 */
export function getNextTasks(core: ConductorCore): NextTask[] {
  const staged = core.state.readyStagedTasks();
  const remediation = core.status === 'failed' ? staged.filter((s) => s.run_on_fail === true) : [];
  if (!RUNNING_STATUSES.has(core.status) && remediation.length === 0) return [];
  const out: NextTask[] = [];
  let failed = false;
  for (const entry of remediation.length > 0 ? remediation : staged) {
    if (isEngineCommand(entry.id)) continue;
    try {
      const next = renderStaged(core, entry);
      if (entry.retry) {
        // A retry waits for the retry delay instead of the task's own delay.
        next.delay = entry.retry.delay ?? 0;
        next.retry = { tally: entry.retry.tally, count: entry.retry.count };
      }
      if (next.actions.length > 0 || next.itemsCount === 0) out.push(next);
    } catch (err) {
      failed = true;
      core.logError(describeFailure(err), { taskId: entry.id, route: entry.route });
    }
  }
  if (failed) {
    core.requestWorkflowStatus('failed');
    return [];
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.route - b.route));
}
