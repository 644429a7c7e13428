/**
 * The workflows benchmark's content: the two workflow shapes, as YAML text (for the conductor
 * alone) and as a pack on disk (for the engine, loaded through `createApp` like a user's pack).
 *
 * - `sequential`: `task_0000 → task_0001 → …`, each a `core.noop` whose only transition goes on
 *   `<% succeeded() %>`, so the workflow runs exactly one task at a time;
 * - `items`: one task running `core.noop` for every item of `<% range(ctx(count)) %>` with a
 *   `concurrency`. The items are generated inside the workflow, so the input stays one number.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

/** The pack's ref. */
export const WORKFLOW_PACK = 'bench_workflows';

/** The workflow actions of the pack (`<pack>.<name>`). */
export const WORKFLOW_ACTIONS = {
  sequential: 'sequential',
  items: 'items',
  warmupSequential: 'warmup_sequential',
} as const;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** The task names of a sequential workflow of `tasks` tasks (zero-padded, so they sort in run order). */
export function sequentialTaskName(i: number, tasks: number): string {
  return `task_${pad(i, Math.max(4, String(tasks - 1).length))}`;
}

/** A workflow of `tasks` `core.noop` tasks, each starting the next when it succeeded. */
export function sequentialWorkflow(tasks: number): string {
  const lines = ['version: 1.0', `description: ${tasks} core.noop tasks in a row`, 'tasks:'];
  for (let i = 0; i < tasks; i++) {
    lines.push(`  ${sequentialTaskName(i, tasks)}:`, '    action: core.noop');
    if (i + 1 < tasks) lines.push('    next:', '      - when: <% succeeded() %>', `        do: ${sequentialTaskName(i + 1, tasks)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A workflow with one with-items task: `core.noop` for each of `count` items (input `count`), `concurrency` at a time. */
export function itemsWorkflow(concurrency: number): string {
  return YAML.stringify({
    version: 1.0,
    description: `one with-items task over range(count), ${concurrency} at a time`,
    input: ['count'],
    tasks: {
      fan_out: {
        with: { items: 'i in <% range(ctx(count)) %>', concurrency },
        action: 'core.noop',
      },
    },
  });
}

/** The sizes the pack's workflows are written for. */
export interface WorkflowPackSizes {
  sequentialTasks: number;
  warmupTasks: number;
  concurrency: number;
}

function writeAction(dir: string, name: string, description: string, workflow: string, parameters: Record<string, unknown> = {}): void {
  writeFileSync(path.join(dir, 'actions', 'workflows', `${name}.yaml`), workflow);
  writeFileSync(
    path.join(dir, 'actions', `${name}.yaml`),
    YAML.stringify({ name, pack: WORKFLOW_PACK, description, runner_type: 'orquesta', entry_point: `workflows/${name}.yaml`, enabled: true, parameters }),
  );
}

/** Writes the pack under `packsDir`; returns its directory. */
export function writeWorkflowPack(packsDir: string, sizes: WorkflowPackSizes): string {
  const dir = path.join(packsDir, WORKFLOW_PACK);
  mkdirSync(path.join(dir, 'actions', 'workflows'), { recursive: true });
  writeFileSync(path.join(dir, 'pack.yaml'), YAML.stringify({ ref: WORKFLOW_PACK, name: WORKFLOW_PACK, description: 'Workflow benchmark content', version: '0.1.0', author: 'bench' }));
  const count = { count: { type: 'integer', required: true } };
  writeAction(dir, WORKFLOW_ACTIONS.sequential, `${sizes.sequentialTasks} sequential core.noop tasks`, sequentialWorkflow(sizes.sequentialTasks));
  writeAction(dir, WORKFLOW_ACTIONS.warmupSequential, `${sizes.warmupTasks} sequential core.noop tasks (warm-up)`, sequentialWorkflow(sizes.warmupTasks));
  writeAction(dir, WORKFLOW_ACTIONS.items, `core.noop over count items, ${sizes.concurrency} at a time`, itemsWorkflow(sizes.concurrency), count);
  return dir;
}
