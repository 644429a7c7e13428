import { SquallError, type ErrorDetail } from '../../errors/index.js';
import type { ParameterSpec } from '../../model/index.js';
import { deepEqual } from './deep-equal.js';

/**
 * The attributes of a runner parameter an action may change (StackStorm's
 * `RUNNER_PARAM_OVERRIDABLE_ATTRS`). Any other attribute the action repeats must equal the runner's,
 * so an action cannot, say, turn the shell runner's integer `timeout` into a string.
 */
export const OVERRIDABLE_RUNNER_ATTRIBUTES = ['default', 'description', 'enum', 'immutable', 'required'] as const;
export type OverridableRunnerAttribute = (typeof OVERRIDABLE_RUNNER_ATTRIBUTES)[number];

const OVERRIDABLE: ReadonlySet<string> = new Set(OVERRIDABLE_RUNNER_ATTRIBUTES);

/**
 * Checks one action parameter that shares its name with a runner parameter. Only the attributes the
 * action writes are compared (the others are inherited), as StackStorm does. Returns one detail per
 * attribute that may not be overridden, with the field `parameters.<name>.<attribute>`; empty when
 * the override is allowed. The pack loader reuses this to report every problem at load time.
 */
export function checkOverride(name: string, runnerSpec: ParameterSpec, actionSpec: ParameterSpec): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const [attribute, value] of Object.entries(actionSpec)) {
    if (OVERRIDABLE.has(attribute) || value === undefined) continue;
    const runnerValue = runnerSpec[attribute];
    if (deepEqual(runnerValue, value)) continue;
    details.push({
      field: `parameters.${name}.${attribute}`,
      message: `attribute "${attribute}" of runner parameter "${name}" cannot be overridden (runner: ${show(runnerValue)}, action: ${show(value)}); only ${OVERRIDABLE_RUNNER_ATTRIBUTES.join(', ')} may change`,
    });
  }
  return details;
}

/**
 * Merges runner and action parameter specs: runner parameters first, each overlaid by the action's
 * attributes of the same name, then the action's own parameters. Throws PARAMETERS_INVALID listing
 * every attribute the action may not override.
 *
 * The result is memoised per (runner, action) pair of spec objects: both come from loaded metadata
 * and stay the same object for the life of a load, so the merged specs (and the validator compiled
 * from them, which is cached by identity) are built once per action.
 */
export function mergeParameterSpecs(
  runnerParams: Record<string, ParameterSpec>,
  actionParams: Record<string, ParameterSpec>,
): Record<string, ParameterSpec> {
  let byAction = mergeCache.get(runnerParams);
  const cached = byAction?.get(actionParams);
  if (cached) return cached;

  const details: ErrorDetail[] = [];
  const merged: Record<string, ParameterSpec> = {};
  for (const [name, runnerSpec] of Object.entries(runnerParams)) {
    const actionSpec = actionParams[name];
    if (actionSpec === undefined) {
      merged[name] = runnerSpec;
      continue;
    }
    details.push(...checkOverride(name, runnerSpec, actionSpec));
    merged[name] = { ...runnerSpec, ...actionSpec };
  }
  for (const [name, actionSpec] of Object.entries(actionParams)) {
    if (!(name in merged)) merged[name] = actionSpec;
  }
  if (details.length > 0) {
    const fields = details.map((d) => d.field).join(', ');
    throw new SquallError('PARAMETERS_INVALID', `Action overrides runner parameter attributes that cannot change: ${fields}`, { details });
  }

  Object.freeze(merged);
  if (!byAction) {
    byAction = new WeakMap();
    mergeCache.set(runnerParams, byAction);
  }
  byAction.set(actionParams, merged);
  return merged;
}

// Identity-keyed memo: entries vanish with the metadata objects, so a pack reload leaks nothing.
const mergeCache = new WeakMap<object, WeakMap<object, Record<string, ParameterSpec>>>();

function show(value: unknown): string {
  return value === undefined ? '(unset)' : JSON.stringify(value);
}
