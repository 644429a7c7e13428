import { SquallError } from '../errors/index.js';
import { YamlSource, type PathSegment } from '../packs/yaml-source.js';
import { parseInlineParams } from './spec-inline.js';

/**
 * The Orquesta workflow model (StackStorm's `orquesta` runner, spec version 1.0), read from YAML
 * text or from already-parsed data. Parsing is lenient: it never rejects a definition for its
 * shape, it only normalises what it can (a wrong-typed field is left out of the model). Whether
 * a definition is valid is decided by `inspectWorkflow` (inspect.ts), which reports every
 * problem at once; run it before handing a spec to the conductor.
 */

/** The commands a transition's `do` may name besides tasks. They are not valid task names. */
export const ENGINE_COMMANDS = ['continue', 'fail', 'noop', 'retry'] as const;
export type EngineCommand = (typeof ENGINE_COMMANDS)[number];

/** True when `name` is an engine command rather than a task. */
export function isEngineCommand(name: string): name is EngineCommand {
  return (ENGINE_COMMANDS as readonly string[]).includes(name);
}

/**
 * Where a node sits in the definition, written as Orquesta writes it: map keys joined by dots,
 * list indexes in brackets (`tasks.task1.next[0].do`, `vars[2]`).
 */
export type SpecPath = string;

/** One entry of `vars`, `output` or a transition's `publish`: a name and its (unevaluated) value. */
export interface NamedValue {
  readonly name: string;
  readonly value: unknown;
  readonly specPath: SpecPath;
}

/** One workflow input: a bare name, or a one-key map giving its default. */
export interface WorkflowInput {
  readonly name: string;
  /** True when the definition gave a default (which may be null). */
  readonly hasDefault: boolean;
  readonly default?: unknown;
  readonly specPath: SpecPath;
}

/** One entry of a task's `next`. */
export interface TransitionSpec {
  /** Position in the task's `next` list (Orquesta's transition `ref`). */
  readonly index: number;
  readonly specPath: SpecPath;
  /** The condition; absent means "whenever the task completes". */
  readonly when?: string;
  /** Values published into the branch context, in order (the inline `a=1 b=2` form is parsed). */
  readonly publish: readonly NamedValue[];
  /**
   * Task names and engine commands to go to, in order. A transition without `do` (or with an
   * empty one) does `continue`, as Orquesta fills it in.
   */
  readonly do: readonly string[];
  /** True when `do` was written out (false when `['continue']` is the default). */
  readonly doGiven: boolean;
}

/** A task's `with` (items), from `{ items, concurrency }` or the string shorthand. */
export interface ItemsSpec {
  /** The items text as written: `<% ... %>`, `x in <% ... %>` or `a, b in <% zip(...) %>`. */
  readonly items: string;
  /** The expression part of `items` (everything after ` in `, trimmed). */
  readonly expression: string;
  /** The names before ` in `; absent when `items` is a bare expression. */
  readonly keys?: readonly string[];
  /** A positive integer or an expression. */
  readonly concurrency?: number | string;
  readonly specPath: SpecPath;
}

/** A task's `retry`. */
export interface RetrySpec {
  readonly when?: string;
  /** How many times to retry: a positive integer or an expression (required by the schema). */
  readonly count?: number | string;
  readonly delay?: number | string;
  readonly specPath: SpecPath;
}

/** One task of `tasks`. */
export interface TaskSpec {
  readonly name: string;
  readonly specPath: SpecPath;
  /** The action ref or an expression giving it; for the inline form, only the ref part. */
  readonly action?: string;
  /** The action input: a map of values (with expressions inside) or one expression. */
  readonly input?: Readonly<Record<string, unknown>> | string;
  /** True when `input` came from the inline `action: ref key=value` form (which wins over `input:`). */
  readonly inlineInput: boolean;
  readonly next: readonly TransitionSpec[];
  /** `all` (barrier on every inbound transition) or the number of inbound transitions to wait for. */
  readonly join?: 'all' | number;
  readonly with?: ItemsSpec;
  readonly retry?: RetrySpec;
  /** Seconds to wait before running: a positive integer or an expression. */
  readonly delay?: number | string;
}

/** A parsed workflow definition. */
export interface WorkflowSpec {
  /** The version as written (`1.0`, also when YAML read it as the number 1). */
  readonly version?: string;
  readonly description?: string;
  readonly input: readonly WorkflowInput[];
  readonly vars: readonly NamedValue[];
  readonly output: readonly NamedValue[];
  /** Tasks by name, in definition order. */
  readonly tasks: ReadonlyMap<string, TaskSpec>;
  /** The definition as read (plain data, before normalisation); serialize this to store a spec. */
  readonly data: Readonly<Record<string, unknown>>;
  /** The file the definition came from, for messages. */
  readonly file?: string;
  /** The 1-based line of the node at `specPath`, when the spec was parsed from text. */
  lineOf(specPath: SpecPath): number | undefined;
  /** The text a scalar was written as (`2.0` stays `2.0`), when the spec was parsed from text. */
  scalarText?(specPath: SpecPath): string | undefined;
}

/**
 * Reads a workflow definition. `source` is YAML text or parsed data (a workflow from the store or
 * an API body); `file` names it in messages. Throws SquallError `YAML_INVALID` (with lines) when
 * the text is not one YAML mapping; any other problem is left for `inspectWorkflow` to report.
 */
export function parseWorkflow(source: string | Readonly<Record<string, unknown>>, file?: string): WorkflowSpec {
  let data: Record<string, unknown>;
  let yaml: YamlSource | undefined;
  if (typeof source === 'string') {
    const parsed = YamlSource.parse(source, file ?? 'workflow');
    if (!parsed.ok) throw new SquallError('YAML_INVALID', `Workflow definition${file ? ` ${file}` : ''} could not be parsed`, { details: parsed.errors });
    data = parsed.data;
    yaml = parsed.source;
  } else {
    if (source === null || typeof source !== 'object' || Array.isArray(source)) {
      throw new SquallError('WORKFLOW_INVALID', 'Workflow definition must be a mapping of keys to values', file ? { details: [{ file, message: 'must be a mapping' }] } : {});
    }
    data = structuredClone(source) as Record<string, unknown>;
  }
  const versionText = yaml?.scalarText(['version']);
  return {
    ...(data.version !== undefined && data.version !== null ? { version: versionText ?? versionString(data.version) } : {}),
    ...(typeof data.description === 'string' ? { description: data.description } : {}),
    input: readInputs(data.input),
    vars: readNamedList(data.vars, 'vars'),
    output: readNamedList(data.output, 'output'),
    tasks: readTasks(data.tasks),
    data,
    ...(file !== undefined ? { file } : {}),
    lineOf: (specPath) => (yaml ? yaml.lineOf(specPathSegments(specPath)) : undefined),
    scalarText: (specPath) => yaml?.scalarText(specPathSegments(specPath)),
  };
}

/** Splits `tasks.task1.next[0].do` into `['tasks', 'task1', 'next', 0, 'do']`. */
export function specPathSegments(specPath: SpecPath): PathSegment[] {
  const out: PathSegment[] = [];
  for (const match of specPath.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) out.push(Number(match[2]));
    else out.push(match[1]!);
  }
  return out;
}

function versionString(value: unknown): string {
  // YAML reads `1.0` as the number 1; Orquesta's version is the text "1.0".
  if (typeof value === 'number' && Number.isInteger(value)) return value.toFixed(1);
  return String(value);
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function oneKey(entry: unknown): [string, unknown] | undefined {
  if (!isMap(entry)) return undefined;
  const keys = Object.keys(entry);
  return keys.length === 1 ? [keys[0]!, entry[keys[0]!]] : undefined;
}

function readInputs(value: unknown): WorkflowInput[] {
  if (!Array.isArray(value)) return [];
  const out: WorkflowInput[] = [];
  value.forEach((entry, i) => {
    const specPath = `input[${i}]`;
    if (typeof entry === 'string') {
      out.push({ name: entry, hasDefault: false, specPath });
      return;
    }
    const pair = oneKey(entry);
    if (pair) out.push({ name: pair[0], hasDefault: true, default: pair[1], specPath });
  });
  return out;
}

function readNamedList(value: unknown, base: string): NamedValue[] {
  if (!Array.isArray(value)) return [];
  const out: NamedValue[] = [];
  value.forEach((entry, i) => {
    const pair = oneKey(entry);
    if (pair) out.push({ name: pair[0], value: pair[1], specPath: `${base}[${i}]` });
  });
  return out;
}

function readTasks(value: unknown): Map<string, TaskSpec> {
  const tasks = new Map<string, TaskSpec>();
  if (!isMap(value)) return tasks;
  for (const [name, body] of Object.entries(value)) {
    tasks.set(name, readTask(name, isMap(body) ? body : {}));
  }
  return tasks;
}

function readTask(name: string, body: Record<string, unknown>): TaskSpec {
  const specPath = `tasks.${name}`;
  let action = typeof body.action === 'string' ? body.action : undefined;
  let input: Record<string, unknown> | string | undefined = isMap(body.input) || typeof body.input === 'string' ? (body.input as Record<string, unknown> | string) : undefined;
  let inlineInput = false;
  if (action !== undefined) {
    // `core.echo message="hi"`: the ref is what precedes the first space, the pairs are the input.
    const pairs = parseInlineParams(action);
    if (pairs.length > 0 && action.includes(' ')) {
      input = Object.fromEntries(pairs.map((p) => [p.key, p.value]));
      action = action.slice(0, action.indexOf(' '));
      inlineInput = true;
    }
  }
  const join = body.join === 'all' || (typeof body.join === 'number' && Number.isInteger(body.join)) ? (body.join as 'all' | number) : undefined;
  const withSpec = readItems(body.with, `${specPath}.with`);
  const retry = readRetry(body.retry, `${specPath}.retry`);
  const delay = typeof body.delay === 'number' || typeof body.delay === 'string' ? body.delay : undefined;
  return {
    name,
    specPath,
    ...(action !== undefined ? { action } : {}),
    ...(input !== undefined ? { input } : {}),
    inlineInput,
    next: Array.isArray(body.next) ? body.next.map((t, i) => readTransition(t, i, `${specPath}.next[${i}]`)) : [],
    ...(join !== undefined ? { join } : {}),
    ...(withSpec ? { with: withSpec } : {}),
    ...(retry ? { retry } : {}),
    ...(delay !== undefined ? { delay } : {}),
  };
}

function readTransition(value: unknown, index: number, specPath: SpecPath): TransitionSpec {
  const body = isMap(value) ? value : {};
  const when = typeof body.when === 'string' && body.when !== '' ? body.when : undefined;
  let publish: NamedValue[] = [];
  if (typeof body.publish === 'string') {
    publish = parseInlineParams(body.publish).map((p, i) => ({ name: p.key, value: p.value, specPath: `${specPath}.publish[${i}]` }));
  } else {
    publish = readNamedList(body.publish, `${specPath}.publish`);
  }
  let targets: string[] = [];
  if (typeof body.do === 'string') targets = body.do.split(',').map((s) => s.trim());
  else if (Array.isArray(body.do)) targets = body.do.filter((s): s is string => typeof s === 'string');
  const doGiven = targets.length > 0;
  return { index, specPath, ...(when !== undefined ? { when } : {}), publish, do: doGiven ? targets : ['continue'], doGiven };
}

function readItems(value: unknown, specPath: SpecPath): ItemsSpec | undefined {
  // The string shorthand `with: x in <% ... %>` stands for `with: { items: x in <% ... %> }`.
  const body = typeof value === 'string' ? { items: value } : isMap(value) ? value : undefined;
  if (!body || typeof body.items !== 'string') return undefined;
  const items = body.items;
  const at = items.indexOf(' in ');
  const expression = at < 0 ? items.trim() : items.slice(at + 4).trim();
  const keys = at < 0 ? undefined : items.slice(0, at).replaceAll(' ', '').split(',');
  const concurrency = typeof body.concurrency === 'number' || typeof body.concurrency === 'string' ? body.concurrency : undefined;
  return { items, expression, ...(keys ? { keys } : {}), ...(concurrency !== undefined ? { concurrency } : {}), specPath };
}

function readRetry(value: unknown, specPath: SpecPath): RetrySpec | undefined {
  if (!isMap(value)) return undefined;
  const numOrText = (v: unknown): number | string | undefined => (typeof v === 'number' || typeof v === 'string' ? v : undefined);
  const count = numOrText(value.count);
  const delay = numOrText(value.delay);
  return {
    ...(typeof value.when === 'string' ? { when: value.when } : {}),
    ...(count !== undefined ? { count } : {}),
    ...(delay !== undefined ? { delay } : {}),
    specPath,
  };
}
