import type { ParameterSpec } from '../../model/index.js';

/**
 * StackStorm's argument building for shell actions, producing an argv list instead of a shell
 * string: every value is one argv entry, so parameter values never become shell code.
 *
 * Order and rules follow st2's ShellScriptAction: named arguments first, then positional ones.
 * - A parameter whose spec has `position` is positional; all such parameters appear, sorted by
 *   position, even when they have no value (then as an empty string).
 * - Any other action parameter is named: `<kwarg_op><name>=<value>`; `true` is a bare
 *   `<kwarg_op><name>` flag; false, null, undefined and "" are left out.
 * - Runner parameters (cmd, timeout, env, ...) are never arguments.
 */
export function buildShellArguments(
  parameters: Readonly<Record<string, unknown>>,
  specs: Readonly<Record<string, ParameterSpec>>,
  runnerParameterNames: ReadonlySet<string>,
  kwargOp: string,
): string[] {
  const positional: { position: number; name: string }[] = [];
  const named: string[] = [];
  // Declared parameters in declaration order, then anything passed without a spec.
  const names = [...new Set([...Object.keys(specs), ...Object.keys(parameters)])].filter((n) => !runnerParameterNames.has(n));
  for (const name of names) {
    const position = specs[name]?.position;
    if (typeof position === 'number') {
      positional.push({ position, name });
      continue;
    }
    const arg = namedArgument(kwargOp + name, parameters[name]);
    if (arg !== undefined) named.push(arg);
  }
  // Array.prototype.sort is stable: equal positions keep declaration order.
  positional.sort((a, b) => a.position - b.position);
  return [...named, ...positional.map((p) => serializePositional(specs[p.name]?.type, parameters[p.name]))];
}

/** `--name=value`, a bare `--name` for true, or undefined when the value is dropped. */
function namedArgument(flag: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === false || value === '') return undefined;
  if (value === true) return flag;
  return `${flag}=${scalarText(value)}`;
}

/**
 * One positional value as st2 serializes it: strings as they are, booleans as 1/0, arrays
 * comma-joined, objects as JSON, null and missing values as "". An empty array or object is "",
 * as in st2. Without a declared type the value's own type decides.
 */
export function serializePositional(type: ParameterSpec['type'], value: unknown): string {
  if (value === undefined || value === null) return '';
  const effective = type ?? inferType(value);
  switch (effective) {
    case 'boolean':
      return value ? '1' : '0';
    case 'array':
      return Array.isArray(value) ? value.map(scalarText).join(',') : scalarText(value);
    case 'object':
      if (typeof value === 'object' && Object.keys(value as object).length === 0) return '';
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'null':
      return '';
    default:
      return scalarText(value);
  }
}

function inferType(value: unknown): ParameterSpec['type'] {
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  return 'string';
}

/** Strings as they are, numbers and booleans in their usual text, structures as JSON. */
function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
