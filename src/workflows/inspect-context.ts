import type { WorkflowSpec } from './spec.js';
import type { TaskRelations } from './spec-relations.js';
import { parseInlineParams } from './spec-inline.js';
import { doNames, isFalsy, isMap, taskView, type TransitionView } from './inspect-view.js';
import { extractVariables } from './inspect-vars.js';
import { TASK_SCHEMA_PATH, type InspectionError } from './inspect-types.js';

/** One value to check: its name (for the inputs list), value and paths. */
interface Prop {
  readonly value: unknown;
  readonly specPath: string;
  readonly schemaPath: string;
  /** True when the value defines variables (workflow input/vars/output, transition publish). */
  readonly defines: boolean;
}

/**
 * Context errors: `ctx()` variables read before anything defines them. The order is Orquesta's:
 * the initial names (`initial`, e.g. `st2`), then `input` and `vars` entry by entry, then the
 * tasks from the start tasks along the transitions, each branch carrying the variables its
 * transitions published (a join sees what every branch into it published), then `output`,
 * which sees everything published anywhere.
 */
export function contextErrors(spec: WorkflowSpec, relations: TaskRelations, initial: readonly string[]): InspectionError[] {
  const errors: InspectionError[] = [];
  let rolling = new Set(initial);
  const data = spec.data;
  rolling = checkProps([{ value: data.input, specPath: 'input', schemaPath: 'properties.input', defines: true }], rolling, errors);
  rolling = checkProps([{ value: data.vars, specPath: 'vars', schemaPath: 'properties.vars', defines: true }], rolling, errors);
  if (!isFalsy(data.tasks) && isMap(data.tasks)) rolling = union(rolling, checkTasks(spec, relations, rolling, errors));
  checkProps([{ value: data.output, specPath: 'output', schemaPath: 'properties.output', defines: true }], rolling, errors);
  return errors;
}

/** Walks the tasks as Orquesta does (breadth first from the start tasks); returns every name seen. */
function checkTasks(spec: WorkflowSpec, relations: TaskRelations, parent: ReadonlySet<string>, errors: InspectionError[]): Set<string> {
  const joined = new Map<string, Set<string>>();
  const traversed = new Set<string>();
  let rolling = new Set(parent);
  const queue: { name: string; ctx: Set<string> | undefined }[] = relations.startTasks().map((name) => ({ name, ctx: new Set(rolling) }));
  while (queue.length > 0) {
    const { name, ctx } = queue.shift()!;
    traversed.add(name);
    // An empty branch context and a join both take what has been gathered for the task.
    const taskCtx = ctx && ctx.size > 0 ? ctx : new Set(joined.get(name) ?? []);
    const task = taskView(spec, name);
    const at = (prop: string): { specPath: string; schemaPath: string } => ({ specPath: `${task.specPath}.${prop}`, schemaPath: `${TASK_SCHEMA_PATH}.properties.${prop}` });
    checkProps([{ value: task.delay, ...at('delay'), defines: false }], taskCtx, errors);
    if (task.with) {
      const items = ['items', 'concurrency'].map((p) => ({ value: task.with![p], specPath: `${task.specPath}.with.${p}`, schemaPath: `${TASK_SCHEMA_PATH}.properties.with.properties.${p}`, defines: false }));
      checkProps(items, taskCtx, errors);
    }
    checkProps([{ value: task.action, ...at('action'), defines: false }, { value: task.input, ...at('input'), defines: false }], taskCtx, errors);
    rolling = union(rolling, taskCtx);
    const entries: { target: string | undefined; transition: TransitionView }[] = [];
    for (const transition of task.next) {
      const targets = isFalsy(transition.do) ? [] : doNames(transition.do);
      if (targets.length === 0) entries.push({ target: undefined, transition });
      for (const target of targets) entries.push({ target, transition });
    }
    // Each (transition, target) pair is checked on its own, as Orquesta does.
    for (const { target, transition } of entries) {
      const published = checkTransition(transition, taskCtx, errors);
      const branch = union(taskCtx, published);
      if (target === undefined || traversed.has(target) || !relations.has(target)) continue;
      if (isFalsy(taskView(spec, target).join)) {
        queue.push({ name: target, ctx: branch });
      } else {
        joined.set(target, union(joined.get(target) ?? new Set(), branch));
        queue.push({ name: target, ctx: undefined });
      }
    }
  }
  return rolling;
}

/** Checks `when`, `publish` and `do`; returns the context with what `publish` defines. */
function checkTransition(t: TransitionView, ctx: ReadonlySet<string>, errors: InspectionError[]): Set<string> {
  const schema = `${TASK_SCHEMA_PATH}.properties.next.items.properties`;
  return checkProps(
    [
      { value: t.when, specPath: `${t.specPath}.when`, schemaPath: `${schema}.when`, defines: false },
      { value: t.publish, specPath: `${t.specPath}.publish`, schemaPath: `${schema}.publish`, defines: true },
      { value: t.do, specPath: `${t.specPath}.do`, schemaPath: `${schema}.do`, defines: false },
    ],
    ctx,
    errors,
  );
}

/**
 * Orquesta's generic per-property check: a string holding inline `k=v` pairs is read as their
 * list; a list is checked entry by entry (`input[2]`), each entry seeing the names the entries
 * before it defined; anything else is checked whole.
 */
function checkProps(props: readonly Prop[], ctx: ReadonlySet<string>, errors: InspectionError[]): Set<string> {
  let rolling = new Set(ctx);
  for (const prop of props) {
    let value = prop.value;
    if (isFalsy(value)) continue;
    if (typeof value === 'string') {
      const pairs = parseInlineParams(value);
      if (pairs.length > 0) value = pairs.map((p) => ({ [p.key]: p.value }));
    }
    const entries: [unknown, string][] = Array.isArray(value) ? value.map((v, i) => [v, `${prop.specPath}[${i}]`]) : [[value, prop.specPath]];
    for (const [entry, specPath] of entries) {
      for (const ref of extractVariables(entry)) {
        const base = { type: 'context' as const, language: ref.language, expression: ref.statement, spec_path: specPath, schema_path: prop.schemaPath };
        if (ref.name.startsWith('__')) {
          errors.push({ ...base, message: `Variable "${ref.name}" that is prefixed with double underscores is considered a private variable and cannot be referenced.` });
        }
        if (!rolling.has(ref.name)) errors.push({ ...base, message: `Variable "${ref.name}" is referenced before assignment.` });
      }
      if (prop.defines) rolling = union(rolling, definedNames(entry));
    }
  }
  return rolling;
}

/** The names a value defines: a map's keys, a list's names and one-key maps, or a bare name. */
function definedNames(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) {
    return value.flatMap((v) => (typeof v === 'string' ? [v] : isMap(v) && Object.keys(v).length === 1 ? Object.keys(v) : []));
  }
  if (isMap(value)) return Object.keys(value);
  return [];
}

function union(a: ReadonlySet<string>, b: Iterable<string>): Set<string> {
  const out = new Set(a);
  for (const x of b) out.add(x);
  return out;
}
