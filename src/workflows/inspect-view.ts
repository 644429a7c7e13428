import { isEngineCommand, type WorkflowSpec } from './spec.js';
import { parseInlineParams } from './spec-inline.js';

/**
 * A task as Orquesta's inspection looks at it: the raw values of the definition with only
 * Orquesta's own rewrites applied (the inline action form split into action and input, inline
 * publish parsed into one-key maps, `with: <text>` expanded, a missing `do` set to `continue`).
 * Raw rather than the model, so that wrongly-typed values are still walked for expressions.
 */
export interface TaskView {
  readonly name: string;
  readonly specPath: string;
  readonly delay: unknown;
  readonly join: unknown;
  /** The `with` mapping (`items`, `concurrency`), when `with` is a mapping or the shorthand. */
  readonly with?: Readonly<Record<string, unknown>>;
  readonly action: unknown;
  readonly input: unknown;
  readonly retry?: Readonly<Record<string, unknown>>;
  readonly next: readonly TransitionView[];
}

/** One transition as inspection looks at it. */
export interface TransitionView {
  readonly specPath: string;
  readonly when: unknown;
  readonly publish: unknown;
  readonly do: unknown;
}

/** The view of task `name`; an engine command name gives an empty task, as in Orquesta. */
export function taskView(spec: WorkflowSpec, name: string): TaskView {
  const specPath = `tasks.${name}`;
  const body = isEngineCommand(name) ? {} : rawTask(spec, name);
  let action = body.action;
  let input = body.input;
  if (typeof action === 'string' && action.includes(' ')) {
    const pairs = parseInlineParams(action);
    if (pairs.length > 0) {
      input = Object.fromEntries(pairs.map((p) => [p.key, p.value]));
      action = action.slice(0, action.indexOf(' '));
    }
  }
  const withValue = typeof body.with === 'string' ? { items: body.with } : isMap(body.with) ? body.with : undefined;
  const next = Array.isArray(body.next) ? body.next : [];
  return {
    name,
    specPath,
    delay: body.delay,
    join: body.join,
    ...(withValue ? { with: withValue } : {}),
    action,
    input,
    ...(isMap(body.retry) ? { retry: body.retry } : {}),
    next: next.map((t, i) => transitionView(isMap(t) ? t : {}, `${specPath}.next[${i}]`)),
  };
}

function transitionView(body: Record<string, unknown>, specPath: string): TransitionView {
  const publish = typeof body.publish === 'string' && body.publish !== '' ? parseInlineParams(body.publish).map((p) => ({ [p.key]: p.value })) : body.publish;
  return { specPath, when: body.when, publish, do: isFalsy(body.do) ? 'continue' : body.do };
}

/** The task names a transition's `do` holds (a comma string split and trimmed). */
export function doNames(value: unknown): string[] {
  if (typeof value === 'string') return value.split(',').map((s) => s.trim());
  if (Array.isArray(value)) return value.filter((s): s is string => typeof s === 'string');
  return [];
}

/** Python's truthiness of a plain value: None, False, 0, '' and empty lists and maps are false. */
export function isFalsy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isMap(value)) return Object.keys(value).length === 0;
  return false;
}

export function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function rawTask(spec: WorkflowSpec, name: string): Record<string, unknown> {
  const tasks = spec.data.tasks;
  const body = isMap(tasks) ? tasks[name] : undefined;
  return isMap(body) ? body : {};
}
