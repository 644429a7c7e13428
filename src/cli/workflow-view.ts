/**
 * How the CLI shows workflows: the task runs of a workflow execution as a table (under
 * `squall execution get`), and a line per task status change while `squall run` waits.
 */
import type { App } from '../app.js';
import type { Execution } from '../model/index.js';
import type { WorkflowTaskView } from '../workflows/engine.js';
import { describeExecution, formatDuration } from './execution-view.js';
import { table } from './format.js';

/** One row per task run, in the order they started: task, route, status, execution(s), start, duration. */
export function describeWorkflowTasks(tasks: readonly WorkflowTaskView[]): string {
  if (tasks.length === 0) return 'tasks: none started';
  const rows = tasks.map((t) => [
    t.items ? `${t.task_id} (${t.items.started}/${t.items.count} items)` : t.task_id,
    t.route,
    t.status,
    t.executions.length <= 1 ? (t.executions[0] ?? '') : `${t.executions[0]} +${t.executions.length - 1} more`,
    t.start_timestamp,
    t.elapsed_ms === undefined ? '' : formatDuration(t.elapsed_ms),
  ]);
  const lines = table(['task', 'route', 'status', 'execution', 'started', 'took'], rows, 80).split('\n');
  return ['tasks:', ...lines.map((l) => `  ${l}`)].join('\n');
}

/** `describeExecution`, plus the task table when the execution is a workflow. */
export function describeWithTasks(app: App, e: Execution): string {
  const tasks = app.workflows.isWorkflow(e) ? app.workflows.tasks(e.id) : undefined;
  return tasks ? `${describeExecution(e)}\n${describeWorkflowTasks(tasks)}` : describeExecution(e);
}

// Statuses worth a line; the queueing ones (requested, scheduled, delayed) are noise here.
const SHOWN = new Set(['running', 'pending', 'pausing', 'paused', 'resuming', 'canceling', 'succeeded', 'failed', 'timeout', 'abandoned', 'canceled']);

/** How a task run is named in a progress line: `task`, `task@route`, `task[item]`. */
function taskLabel(e: Execution): string {
  const p = e.context.parent;
  if (!p?.task_id) return e.action.ref;
  return `${p.task_id}${p.route ? `@${p.route}` : ''}${p.item_id !== undefined ? `[${p.item_id}]` : ''}`;
}

/** Follows one workflow's progress; see `followWorkflow`. */
export interface WorkflowFollower {
  /** Names the workflow to follow; changes seen before (its first tasks start at once) are printed now. */
  follow(rootId: string): void;
  stop(): void;
}

/**
 * Prints a line each time a task of the followed workflow (or of one of its subworkflows,
 * indented under its task) changes status, and when the workflow itself pauses or resumes.
 * Subscribe before requesting the workflow, then call `follow` with its id.
 */
export function followWorkflow(app: App, print: (line: string) => void): WorkflowFollower {
  let rootId: string | undefined;
  const early: { e: Execution; line: (depth: number) => string }[] = [];
  const depths = new Map<string, number>();
  const depthOf = (e: Execution): number | undefined => {
    const known = depths.get(e.id);
    if (known !== undefined) return known;
    const parent = e.parent ? app.executions.get(e.parent) : undefined;
    const parentDepth = parent ? depthOf(parent) : undefined;
    if (parentDepth === undefined) return undefined;
    depths.set(e.id, parentDepth + 1);
    return parentDepth + 1;
  };
  const emit = (e: Execution, line: (depth: number) => string): void => {
    const depth = depthOf(e);
    if (depth !== undefined) print(line(depth));
  };
  const unsubscribe = app.executions.on((event) => {
    if (event.type !== 'status' || !SHOWN.has(event.execution.status)) return;
    const e = event.execution;
    if (e.id === rootId) {
      if (['pausing', 'paused', 'resuming', 'canceling'].includes(e.status)) print(`workflow ${e.status}`);
      return;
    }
    if (!e.parent) return;
    // The line is made now: the record moves on before an early line is printed.
    const text = `${taskLabel(e)} ${e.status}${e.elapsed_ms === undefined ? '' : ` (${formatDuration(e.elapsed_ms)})`}  ${e.action.ref} ${e.id}`;
    const line = (depth: number): string => `${'  '.repeat(depth)}${text}`;
    if (rootId === undefined) early.push({ e, line });
    else emit(e, line);
  });
  return {
    follow(id) {
      rootId = id;
      depths.set(id, 0);
      for (const { e, line } of early.splice(0)) emit(e, line);
    },
    stop: unsubscribe,
  };
}
