import type { WorkflowSpec } from './spec.js';
import { isMap, taskView } from './inspect-view.js';
import { TASK_SCHEMA_PATH, type InspectionError } from './inspect-types.js';

/** One action parameter, as far as content inspection needs it. */
export interface ParameterInfo {
  readonly required?: boolean;
  readonly default?: unknown;
}

/** Where content inspection learns about actions (the action registry). */
export interface ActionLookup {
  /** True when an action with this ref is registered. */
  actionExists?(ref: string): boolean;
  /** Runner and action parameters of a registered action, merged; undefined when unknown. */
  actionParameters?(ref: string): Readonly<Record<string, ParameterInfo>> | undefined;
}

const EXPRESSION = /<%.*?%>|{{.*?}}|{%.*?%}/;

/**
 * Content errors, StackStorm's own checks on each task's action: the ref must be `pack.name`,
 * the action must be registered, its required parameters given and no unknown input passed.
 * Actions given as expressions are only known at run time and are skipped.
 */
export function contentErrors(spec: WorkflowSpec, lookup: ActionLookup): InspectionError[] {
  if (!lookup.actionExists && !lookup.actionParameters) return [];
  const out: InspectionError[] = [];
  for (const name of spec.tasks.keys()) {
    const task = taskView(spec, name);
    const ref = task.action;
    if (typeof ref !== 'string' || ref === '' || EXPRESSION.test(ref)) continue;
    const actionPath = { spec_path: `${task.specPath}.action`, schema_path: `${TASK_SCHEMA_PATH}.properties.action` };
    if (!ref.includes('.')) {
      out.push({ type: 'content', message: `The action reference "${ref}" is not formatted correctly.`, ...actionPath });
      continue;
    }
    if (lookup.actionExists && !lookup.actionExists(ref)) {
      out.push({ type: 'content', message: `The action "${ref}" is not registered in the database.`, ...actionPath });
      continue;
    }
    const params = lookup.actionParameters?.(ref);
    const input = task.input ?? {};
    if (!params || !isMap(input)) continue;
    const given = new Set(Object.keys(input));
    // A falsy default counts as none, as in StackStorm.
    const missing = Object.entries(params)
      .filter(([p, info]) => info.required === true && !info.default && !given.has(p))
      .map(([p]) => p)
      .sort();
    for (const p of missing) {
      out.push({ type: 'content', message: `Action "${ref}" is missing required input "${p}".`, spec_path: `${task.specPath}.input`, schema_path: `${TASK_SCHEMA_PATH}.properties.input` });
    }
    for (const p of [...given].filter((g) => !(g in params)).sort()) {
      out.push({ type: 'content', message: `Action "${ref}" has unexpected input "${p}".`, spec_path: `${task.specPath}.input.${p}`, schema_path: `${TASK_SCHEMA_PATH}.properties.input.patternProperties.^\\w+$` });
    }
  }
  return out;
}
