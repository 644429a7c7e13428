/**
 * Packs with Orquesta workflows for the workflow engine's end-to-end tests: each workflow becomes
 * an `orquesta` action `<pack>.<name>` whose entry point is `actions/workflows/<name>.yaml`.
 */
import type { App } from '../../../src/app.js';
import type { Execution } from '../../../src/model/index.js';
import { waitFor } from '../../helpers/app.js';
import type { PackFiles } from '../../helpers/temp-pack.js';

/** One workflow action: its definition and, optionally, the action's parameters and other metadata. */
export interface WorkflowAction {
  definition: Record<string, unknown> | string;
  parameters?: Record<string, unknown>;
  meta?: Record<string, unknown>;
}

/** Pack files for `workflows` (name → workflow action), plus `extra` files as they are. */
export function workflowFiles(workflows: Record<string, WorkflowAction>, extra: PackFiles = {}): PackFiles {
  const files: PackFiles = { ...extra };
  for (const [name, w] of Object.entries(workflows)) {
    files[`actions/${name}.yaml`] = { name, runner_type: 'orquesta', entry_point: `workflows/${name}.yaml`, enabled: true, parameters: w.parameters ?? {}, ...w.meta };
    files[`actions/workflows/${name}.yaml`] = w.definition;
  }
  return files;
}

/** The workflow's child executions, oldest first. */
export function children(app: App, workflow: Execution | string): Execution[] {
  const id = typeof workflow === 'string' ? workflow : workflow.id;
  return (app.executions.get(id)?.children ?? []).map((c) => app.executions.get(c)!);
}

/** The child execution of task `taskId` (the latest one, or the item's). */
export function childOf(app: App, workflowId: string, taskId: string, itemId?: number): Execution | undefined {
  return children(app, workflowId)
    .filter((c) => c.context.parent?.task_id === taskId && (itemId === undefined || c.context.parent?.item_id === itemId))
    .at(-1);
}

/** Waits until task `taskId` of the workflow has a child execution in `status`. */
export function waitForTask(app: App, workflowId: string, taskId: string, status: Execution['status'], timeoutMs = 10_000): Promise<Execution> {
  return waitFor(() => {
    const c = childOf(app, workflowId, taskId);
    return c && c.status === status ? c : undefined;
  }, `task ${taskId} of ${workflowId} to be ${status}`, timeoutMs);
}

/** The (task id, route) sequence of a workflow's task runs, as `squall execution get` lists them. */
export function taskSequence(app: App, workflowId: string): string[] {
  return (app.workflows.tasks(workflowId) ?? []).map((t) => (t.route === 0 ? t.task_id : `${t.task_id}@${t.route}`));
}
