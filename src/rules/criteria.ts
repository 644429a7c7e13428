import { errorMessage } from '../errors/index.js';
import type { TemplateRenderer } from '../expressions/renderer.js';
import type { CriterionSpec } from '../model/index.js';
import { PythonError } from '../python/errors.js';
import { pyTypeName } from '../python/values.js';
import { findOperator, type OperatorCall, type OperatorDef } from './operators.js';
import { lookupFirst, parsePayloadPath, type PayloadPath } from './payload-path.js';

/**
 * A rule's criteria block against a payload, as StackStorm's rule filter does it: every key is a
 * path over `{trigger: payload}`, every entry an operator and a pattern, all of them ANDed. Keys,
 * operators, regexes and globs are compiled once ({@link compileCriteria}); patterns holding template
 * markers are rendered per payload. Evaluation never throws on user data: an operator or render
 * failure makes the criterion (and so the rule) not match and is reported in the verdict.
 */

/** Outcome of one criterion. `value` is the payload field the key reached (null when missing). */
export interface CriterionVerdict {
  key: string;
  type: string;
  pattern: unknown;
  /** The pattern after template rendering, when it was a template. */
  renderedPattern?: unknown;
  value: unknown;
  match: boolean;
  error?: string;
}

export interface CriteriaVerdict {
  match: boolean;
  criteria: CriterionVerdict[];
  /** Why the rule does not apply when that is a failure (operator or render error), not just a false test. */
  error?: string;
  /** Why nothing was evaluated, when that is the case (an empty payload). */
  reason?: string;
}

interface CompiledCriterion {
  readonly key: string;
  /** Name the payload is bound to: `trigger`, or `item` inside `search`. */
  readonly root: string;
  readonly type: string;
  readonly op: OperatorDef | undefined;
  readonly path: PayloadPath | undefined;
  /** Set when the entry cannot be evaluated at all (no type, unknown operator, bad key). */
  readonly invalid: string | undefined;
  /** Inside `search`, st2 looks operators up outside its error handling: an unknown one fails the whole search. */
  readonly unknownOperator: boolean;
  readonly pattern: unknown;
  readonly condition: unknown;
  readonly template: boolean;
  /** Compiled pattern (or the error compiling it), for patterns that are not templates. */
  readonly prepared: (() => unknown) | undefined;
  /** `search` child criteria, compiled once when the pattern is an object. */
  readonly children: CompiledCriteria | undefined;
}

export interface CompiledCriteria {
  /** Name the payload is bound to in keys and templates: `trigger`, or `item` inside `search`. */
  readonly root: string;
  readonly entries: readonly CompiledCriterion[];
}

/** What evaluation needs: a renderer for template patterns, the time, and the `st2kv` context (made on first use). */
export interface CriteriaEnv {
  renderer: Pick<TemplateRenderer, 'renderTyped' | 'isTemplate'>;
  nowMs(): number;
  kv(): Record<string, unknown>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Caches what compiling a pattern yields, error included, so that it is raised where Python would raise it. */
function prepareOnce(op: OperatorDef, pattern: unknown): (() => unknown) | undefined {
  const prepare = op.prepare;
  if (!prepare || pattern === null || pattern === undefined) return undefined;
  try {
    const compiled = prepare(pattern);
    return () => compiled;
  } catch (err) {
    return () => {
      throw err;
    };
  }
}

/** Compiles a criteria block once per rule. Bad entries are kept and reported when evaluated. */
export function compileCriteria(
  criteria: Readonly<Record<string, CriterionSpec>> | undefined,
  renderer: Pick<TemplateRenderer, 'isTemplate'>,
  root = 'trigger',
): CompiledCriteria {
  const entries: CompiledCriterion[] = [];
  for (const [key, raw] of Object.entries(criteria ?? {})) {
    const spec: CriterionSpec = isObject(raw) ? raw : {};
    const type = spec.type === undefined ? '' : String(spec.type);
    const op = findOperator(spec.type);
    let path: PayloadPath | undefined;
    let invalid: string | undefined;
    try {
      path = parsePayloadPath(key);
    } catch (err) {
      invalid = errorMessage(err);
    }
    if (!isObject(raw)) invalid = `criterion must be an object with "type" and "pattern", not ${pyTypeName(raw)}`;
    else if (spec.type === undefined) invalid = 'criterion has no "type"';
    else if (!op) invalid = `Invalid operator: ${String(spec.type)}`;
    const pattern = spec.pattern ?? null;
    const template = typeof pattern === 'string' && renderer.isTemplate(pattern);
    entries.push({
      key,
      root,
      type,
      op,
      path,
      invalid,
      unknownOperator: isObject(raw) && spec.type !== undefined && !op,
      pattern,
      condition: spec.condition,
      template,
      prepared: op && !template ? prepareOnce(op, pattern) : undefined,
      children: op?.name === 'search' && isObject(pattern) ? compileCriteria(pattern as Record<string, CriterionSpec>, renderer, 'item') : undefined,
    });
  }
  return { root, entries };
}

/** Python truthiness of a payload: `None`, `{}`, `[]`, `''`, `0`, `False` are empty. */
function isEmptyPayload(payload: unknown): boolean {
  if (payload === null || payload === undefined || payload === '' || payload === 0 || payload === false) return true;
  if (Array.isArray(payload)) return payload.length === 0;
  return isObject(payload) && Object.keys(payload).length === 0;
}

function renderContext(root: string, rootValue: unknown, env: CriteriaEnv): Record<string, unknown> {
  const st2kv = env.kv();
  // `system` is the legacy name for st2kv.system, still honoured in criteria.
  return { [root]: rootValue, st2kv, system: (st2kv as { system?: unknown }).system };
}

function evaluateOne(c: CompiledCriterion, rootValue: unknown, env: CriteriaEnv): CriterionVerdict {
  const verdict: CriterionVerdict = { key: c.key, type: c.type, pattern: c.pattern, value: null, match: false };
  if (c.invalid !== undefined || !c.op || !c.path) {
    if (c.path) verdict.value = lookupFirst({ [c.root]: rootValue }, c.path);
    verdict.error = c.invalid ?? 'criterion cannot be evaluated';
    return verdict;
  }
  let pattern = c.pattern;
  let prepared = c.prepared;
  if (c.template) {
    try {
      pattern = env.renderer.renderTyped(c.pattern as string, renderContext(c.root, rootValue, env));
    } catch (err) {
      verdict.error = `failed to render pattern: ${errorMessage(err)}`;
      return verdict;
    }
    verdict.renderedPattern = pattern;
    prepared = undefined;
  }
  const value = lookupFirst({ [c.root]: rootValue }, c.path);
  verdict.value = value;
  const op = c.op;
  const call: OperatorCall = {
    prepared: prepared ?? (() => (op.prepare ? op.prepare(pattern) : pattern)),
    nowMs: env.nowMs,
  };
  if (op.name === 'search') {
    call.search = {
      condition: c.condition,
      checkItem: (item, childPattern) => checkSearchItem(c, item, childPattern, env),
    };
  }
  try {
    verdict.match = op.test(value, pattern, call) === true;
  } catch (err) {
    verdict.error = errorMessage(err);
  }
  return verdict;
}

/** One list item against every child criterion of a `search`; a failing child is simply false, as in st2. */
function checkSearchItem(parent: CompiledCriterion, item: unknown, childPattern: unknown, env: CriteriaEnv): boolean[] {
  const children =
    childPattern === parent.pattern && parent.children
      ? parent.children
      : isObject(childPattern)
        ? compileCriteria(childPattern as Record<string, CriterionSpec>, env.renderer, 'item')
        : undefined;
  if (!children) throw new PythonError('AttributeError', `'${pyTypeName(childPattern)}' object has no attribute 'items'`);
  return children.entries.map((child) => {
    if (child.unknownOperator) throw new PythonError('Exception', `${child.key}: ${child.invalid ?? 'Invalid operator'}`);
    const v = evaluateOne(child, item, env);
    return v.match && v.error === undefined;
  });
}

/**
 * Evaluates compiled criteria against a payload. Every criterion is evaluated (for reporting);
 * the verdict matches only when all do. `error` is the failure of the first criterion that did not
 * match, if that one failed (StackStorm stops there, so later failures do not count).
 */
export function evaluateCriteria(compiled: CompiledCriteria, payload: unknown, env: CriteriaEnv): CriteriaVerdict {
  if (compiled.entries.length === 0) return { match: true, criteria: [] };
  if (isEmptyPayload(payload)) return { match: false, criteria: [], reason: 'the payload is empty, so non-empty criteria cannot match' };
  const criteria = compiled.entries.map((c) => evaluateOne(c, payload, env));
  const firstMiss = criteria.find((v) => !v.match || v.error !== undefined);
  const verdict: CriteriaVerdict = { match: firstMiss === undefined, criteria };
  if (firstMiss?.error !== undefined) verdict.error = `${firstMiss.key}: ${firstMiss.error}`;
  return verdict;
}

/** Memoises a thunk: the `st2kv` context is built only when a template needs it. */
export function lazy<T>(make: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = make();
      done = true;
    }
    return value;
  };
}
