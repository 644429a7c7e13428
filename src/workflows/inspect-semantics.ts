import { isEngineCommand, type WorkflowSpec } from './spec.js';
import type { TaskRelations } from './spec-relations.js';
import { TASK_SCHEMA_PATH, type InspectionError } from './inspect-types.js';

/**
 * Semantic errors of a workflow (Orquesta's TaskMappingSpec checks, same messages and paths):
 * tasks named after engine commands, no start task, transitions to undefined tasks, joins that
 * cannot be reached unambiguously, and with-items tasks without an action.
 */
export function semanticErrors(spec: WorkflowSpec, relations: TaskRelations): InspectionError[] {
  return [...reservedNames(spec), ...startTasks(spec, relations), ...undefinedTasks(relations), ...unreachableJoins(spec, relations), ...actionlessItems(spec)];
}

function semantic(message: string, spec_path: string, schema_path: string): InspectionError {
  return { type: 'semantic', message, spec_path, schema_path };
}

function reservedNames(spec: WorkflowSpec): InspectionError[] {
  return [...spec.tasks.keys()]
    .filter((name) => isEngineCommand(name))
    .map((name) => semantic(`The task name "${name}" is reserved with special function.`, `tasks.${name}`, TASK_SCHEMA_PATH));
}

function startTasks(spec: WorkflowSpec, relations: TaskRelations): InspectionError[] {
  if (spec.tasks.size === 0 || relations.startTasks().length > 0) return [];
  return [
    semantic(
      'Unable to identify any tasks to start the workflow. If the workflow has a loop, please add a task that serves as an entry point (or lead) into the loop.',
      'tasks',
      'properties.tasks',
    ),
  ];
}

function undefinedTasks(relations: TaskRelations): InspectionError[] {
  // Walks from the start tasks as Orquesta does; a task queued twice before it is visited is
  // looked at twice, so its undefined targets are reported twice there too.
  const out: InspectionError[] = [];
  const traversed = new Set<string>();
  const queue = relations.startTasks();
  while (queue.length > 0) {
    const name = queue.shift()!;
    traversed.add(name);
    for (const transition of relations.task(name)?.next ?? []) {
      for (const target of transition.do) {
        if (traversed.has(target)) continue;
        if (relations.has(target)) {
          if (!isEngineCommand(target)) queue.push(target);
        } else {
          out.push(semantic(`The task "${target}" is not defined.`, `${transition.specPath}.do`, `${TASK_SCHEMA_PATH}.properties.next.items.properties.do`));
        }
      }
    }
  }
  return out;
}

/**
 * A join is unreachable when the split tasks (non-join tasks referred to more than once, outside
 * cycles) on the way to it differ from those on the way to one of its inbound tasks: the engine
 * could not tell on which route the branches should meet.
 */
function unreachableJoins(spec: WorkflowSpec, relations: TaskRelations): InspectionError[] {
  const staging = new Map<string, { join: boolean; splits: Set<string>; prev: Set<string> }>();
  const queue: { prev: string | undefined; name: string; splits: string[] }[] = relations.startTasks().map((name) => ({ prev: undefined, name, splits: [] }));
  while (queue.length > 0) {
    const { prev, name, splits } = queue.shift()!;
    if (!spec.tasks.has(name)) continue;
    if (relations.isSplit(name) && !relations.inCycle(name)) splits.push(name);
    let meta = staging.get(name);
    if (!meta) {
      meta = { join: relations.isJoin(name), splits: new Set(), prev: new Set() };
      staging.set(name, meta);
    }
    for (const s of splits) meta.splits.add(s);
    if (prev !== undefined) meta.prev.add(prev);
    for (const next of relations.next(name)) {
      if (!staging.has(next.to) || !relations.inCycle(next.to)) queue.push({ prev: name, name: next.to, splits: [...splits] });
    }
  }
  const out: InspectionError[] = [];
  for (const [name, meta] of staging) {
    if (!meta.join) continue;
    for (const prev of meta.prev) {
      const other = staging.get(prev)?.splits ?? new Set<string>();
      if (!sameSet(meta.splits, other)) {
        out.push(
          semantic(
            `The join task "${name}" is unreachable. A join task is determined to be unreachable if there are nested forks from multi-referenced tasks that join on the said task. This is ambiguous to the workflow engine because it does not know at which level should the join occurs.`,
            `tasks.${name}`,
            TASK_SCHEMA_PATH,
          ),
        );
        break;
      }
    }
  }
  return out;
}

function actionlessItems(spec: WorkflowSpec): InspectionError[] {
  return [...spec.tasks.values()]
    .filter((task) => task.with !== undefined && !task.action)
    .map((task) => semantic('The action property is required for with items task.', task.specPath, TASK_SCHEMA_PATH));
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
