/**
 * The seam between workflows and expressions: Orquesta's evaluation of workflow values. A
 * string holding `<% %>` is YAQL, one holding `{{ }}` or `{% %}` is Jinja (both in one string is
 * an error). A string that is exactly one expression keeps the expression's type; otherwise each
 * expression is replaced by Python's `str()` of its value (`True`, `None`, `['a', 1]`). Lists
 * and dicts are evaluated item by item, dict keys included.
 *
 * Functions: `ctx()` reads the context given to evaluate(); `json()`, `zip()` and StackStorm's
 * template functions are always there; the caller adds the rest (`task()`, `succeeded()`,
 * `result()`, `item()`, `st2kv()`, ...). A function receives named arguments (`route => 1`,
 * `route=1` in Jinja) as a final {@link NamedArgs} argument.
 *
 * Unlike Orquesta, a string an expression returns is never evaluated again: data is not code.
 */
import { SquallError, type ErrorDetail } from '../errors/index.js';
import { PythonError, typeError } from '../python/errors.js';
import { pythonStr } from '../python/repr.js';
import { isPlainObject, setOwn, tuple } from '../python/values.js';
import { fromJsonString } from './filters/data.js';
import { ST2_FUNCTIONS, templateFunction, type JinjaRenderer, type TemplateFunction } from './jinja.js';
import { YaqlEngine } from './yaql/index.js';
import { dictKey } from './yaql/output.js';
import { collectVariables } from './yaql/variables.js';

/** Functions an evaluation adds, by name; named arguments arrive as a final {@link NamedArgs}. */
export type ExpressionFunctions = Record<string, (...args: unknown[]) => unknown>;

/** The `name => value` (YAQL) or `name=value` (Jinja) arguments of a call, passed last. */
export class NamedArgs {
  constructor(readonly values: Readonly<Record<string, unknown>>) {}
}

/** The named arguments when `arg` is a {@link NamedArgs}, else undefined (a conductor's NamedArgsReader). */
export function readNamedArgs(arg: unknown): Record<string, unknown> | undefined {
  return arg instanceof NamedArgs ? { ...arg.values } : undefined;
}

/** A workflow expression that could not be evaluated; `message` is Orquesta's text for it. */
export class ExpressionError extends SquallError {
  /** The expression as written (`<% ... %>`, `{{ ... }}`), or the whole text for Jinja blocks. */
  readonly expression: string;

  constructor(expression: string, message: string, cause?: unknown) {
    const detail: ErrorDetail = { message };
    super('TEMPLATE_ERROR', message, { details: [detail], cause });
    this.name = 'ExpressionError';
    this.expression = expression;
  }
}

export interface ExpressionIssue {
  type: 'yaql' | 'jinja';
  expression: string;
  message: string;
}

export interface WorkflowExpressions {
  /**
   * Evaluates a value as Orquesta does (see the module comment). `context` is what `ctx()`
   * returns. Throws {@link ExpressionError} with Orquesta's message: `YaqlEvaluationException:
   * Unable to evaluate expression '<% ... %>'. <Exception>: <message>` or `... Unable to resolve
   * key 'x' in expression '<% ... %>' from context.`
   */
  evaluate(value: unknown, context: Record<string, unknown>, functions?: ExpressionFunctions): unknown;
  /** Syntax errors of every expression in a value (keys included). */
  validate(value: unknown): ExpressionIssue[];
  /** The `ctx` variables a value reads: `ctx(x)`, `ctx().x`, `ctx('x')`, `ctx()['x']`; sorted, unique. */
  variables(value: unknown): string[];
  /** True when the value holds an expression (anywhere inside, for lists and dicts). */
  isExpression(value: unknown): boolean;
}

// Orquesta's patterns: `.` stops at a line end, so a delimiter pair split over lines is plain text.
// The global forms are only used by matchAll, which leaves their lastIndex alone.
const YAQL = /<%.*?%>/g;
const JINJA_INLINE = /\{\{.*?\}\}/g;
const HAS_YAQL = /<%.*?%>/;
const HAS_JINJA_INLINE = /\{\{.*?\}\}/;
const JINJA_BLOCK = /\{%.*?%\}/;
const JINJA_VARIABLES = [
  /(?<=\bctx\(\)\.)([a-zA-Z0-9_-]+)\b(?!\()/g,
  /\bctx\(\s*'([a-zA-Z0-9_-]+)'\s*\)/g,
  /\bctx\(\s*"([a-zA-Z0-9_-]+)"\s*\)/g,
  /\bctx\(\)\[\s*['"]([^'"]+)['"]\s*\]/g,
];
/** Exception kinds whose text Orquesta strips of surrounding quotes (YAQL's own, ValueError, TypeError). */
const STRIPPED_KINDS = /Exception$|^(ValueError|TypeError|JSONDecodeError)$/;

function stripQuotes(s: string): string {
  return s.replace(/^'+|'+$/g, '');
}

/** `<% expr %>` → `expr`, as Orquesta strips it: delimiter characters from both ends, then spaces. */
function inner(expression: string): string {
  return expression.replace(/^[<%>]+|[<%>]+$/g, '').trim();
}

/** Orquesta's message for a failed YAQL expression. */
function yaqlFailure(expression: string, err: unknown): ExpressionError {
  if (err instanceof ExpressionError) return err;
  if (err instanceof PythonError && err.kind === 'KeyError') {
    return new ExpressionError(expression, `YaqlEvaluationException: Unable to resolve key '${stripQuotes(err.pyMessage)}' in expression '${expression}' from context.`, err);
  }
  const [kind, message] = err instanceof PythonError
    ? [err.kind, err.pyMessage]
    : err instanceof Error ? [err.name && err.name !== 'Error' ? err.name : 'Exception', err.message] : ['Exception', String(err)];
  const text = STRIPPED_KINDS.test(kind) ? stripQuotes(message) : message;
  return new ExpressionError(expression, `YaqlEvaluationException: Unable to evaluate expression '${expression}'. ${kind}: ${text}`, err);
}

/** Orquesta's message for a failed Jinja expression (the renderer's reason reads `<Exception>: <message>`). */
function jinjaFailure(expression: string, err: unknown): ExpressionError {
  if (err instanceof ExpressionError) return err;
  const reason = err instanceof SquallError ? (err.details[0]?.message ?? err.message) : err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new ExpressionError(expression, `JinjaEvaluationException: Unable to evaluate expression '${expression}'. ${reason}`, err);
}

/** The strings of a value, dict keys included. */
function* strings(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const item of value) yield* strings(item);
  else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      yield k;
      yield* strings(v);
    }
  }
}

function hasYaql(text: string): boolean {
  return text.includes('<%') && HAS_YAQL.test(text);
}

function hasJinja(text: string): boolean {
  return (text.includes('{{') && HAS_JINJA_INLINE.test(text)) || (text.includes('{%') && JINJA_BLOCK.test(text));
}

/** Splices each match's text in place of the match. */
function interpolate(text: string, matches: readonly RegExpMatchArray[], part: (m: RegExpMatchArray) => string): string {
  let out = '';
  let last = 0;
  for (const m of matches) {
    out += text.slice(last, m.index) + part(m);
    last = (m.index ?? 0) + m[0].length;
  }
  return out + text.slice(last);
}

export interface WorkflowExpressionsDeps {
  /** Renders Jinja; build it with `filters: WORKFLOW_JINJA_FILTERS` so `| json` and `| zip` work as in Orquesta. */
  jinja: JinjaRenderer;
  /** The YAQL engine (default: a new one with its own parse cache). */
  yaql?: YaqlEngine;
}

/** Orquesta's expression evaluation over the Jinja renderer given and a YAQL engine (one per process is enough). */
export function createWorkflowExpressions(deps: WorkflowExpressionsDeps): WorkflowExpressions {
  return new OrquestaExpressions(deps.jinja, deps.yaql ?? new YaqlEngine());
}

/** How YAQL hands `name => value` arguments to the caller's functions. */
const namedArgs = (named: Readonly<Record<string, unknown>>): NamedArgs => new NamedArgs(named);

class OrquestaExpressions implements WorkflowExpressions {
  readonly #jinja: JinjaRenderer;
  readonly #yaql: YaqlEngine;

  constructor(jinja: JinjaRenderer, yaql: YaqlEngine) {
    this.#jinja = jinja;
    this.#yaql = yaql;
  }

  evaluate(value: unknown, context: Record<string, unknown>, functions: ExpressionFunctions = {}): unknown {
    if (typeof value === 'string') return this.#text(value, context, functions);
    if (Array.isArray(value)) return value.map((item) => this.evaluate(item, context, functions));
    if (isPlainObject(value)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) setOwn(out, dictKey(this.evaluate(k, context, functions)), this.evaluate(v, context, functions));
      return out;
    }
    return value;
  }

  #text(text: string, context: Record<string, unknown>, functions: ExpressionFunctions): unknown {
    const yaql = hasYaql(text);
    const jinja = hasJinja(text);
    if (yaql && jinja) throw new ExpressionError(text, 'Expression with multiple types is not supported.');
    if (yaql) return this.#yaqlText(text, context, functions);
    if (jinja) return this.#jinjaText(text, context, functions);
    return text;
  }

  #yaqlText(text: string, context: Record<string, unknown>, functions: ExpressionFunctions): unknown {
    const options = { context, functions, namedArgs };
    const matches = [...text.matchAll(YAQL)];
    if (matches.length === 1 && matches[0]?.[0] === text) {
      try {
        return this.#yaql.evaluate(inner(text), options);
      } catch (err) {
        throw yaqlFailure(text, err);
      }
    }
    return interpolate(text, matches, (m) => {
      try {
        return this.#yaql.evaluateText(inner(m[0]), options);
      } catch (err) {
        throw yaqlFailure(m[0], err);
      }
    });
  }

  #jinjaText(text: string, context: Record<string, unknown>, functions: ExpressionFunctions): unknown {
    // The functions go in as the render context, which templates see before the globals.
    const names = jinjaNames(context, functions);
    const options = { globals: JINJA_GLOBALS };
    // A text with blocks renders whole, to text; `{% raw %}` comes out as written.
    if (JINJA_BLOCK.test(text)) {
      try {
        return this.#jinja.render(text, names, options);
      } catch (err) {
        throw jinjaFailure(text, err);
      }
    }
    const matches = [...text.matchAll(JINJA_INLINE)];
    if (matches.length === 1 && matches[0]?.[0] === text) {
      try {
        return this.#jinja.evaluate(text, names, options);
      } catch (err) {
        throw jinjaFailure(text, err);
      }
    }
    // Each part renders as Jinja writes a value, which is Python's str() (tuples stay tuples).
    return interpolate(text, matches, (m) => {
      try {
        return this.#jinja.render(m[0], names, options);
      } catch (err) {
        throw jinjaFailure(m[0], err);
      }
    });
  }

  validate(value: unknown): ExpressionIssue[] {
    const issues: ExpressionIssue[] = [];
    for (const text of strings(value)) {
      if (hasYaql(text)) {
        for (const m of text.matchAll(YAQL)) {
          const err = this.#yaql.syntaxError(inner(m[0]));
          if (err) issues.push({ type: 'yaql', expression: m[0], message: err.pyMessage });
        }
      }
      if (hasJinja(text)) issues.push(...this.#jinjaIssues(text));
    }
    return issues;
  }

  /** The whole text's syntax error, then each inline expression's own, as Orquesta reports them. */
  #jinjaIssues(text: string): ExpressionIssue[] {
    const issues: ExpressionIssue[] = [];
    const check = (expression: string): void => {
      if (issues.some((i) => i.expression === expression)) return;
      try {
        this.#jinja.check(expression);
      } catch (err) {
        const reason = err instanceof SquallError ? (err.details[0]?.message ?? err.message) : String(err);
        issues.push({ type: 'jinja', expression, message: reason.replace(/^\w+: /, '') });
      }
    };
    check(text);
    if (issues.length > 0) for (const m of text.matchAll(JINJA_INLINE)) check(m[0]);
    return issues;
  }

  variables(value: unknown): string[] {
    const names = new Set<string>();
    for (const text of strings(value)) {
      if (hasYaql(text)) {
        for (const m of text.matchAll(YAQL)) {
          if (!this.#yaql.syntaxError(inner(m[0]))) collectVariables(this.#yaql.parse(inner(m[0])), names);
        }
      }
      if (!hasJinja(text)) continue;
      for (const m of text.matchAll(JINJA_INLINE)) {
        for (const re of JINJA_VARIABLES) for (const v of m[0].matchAll(re)) if (v[1]) names.add(v[1]);
      }
    }
    return [...names].sort();
  }

  isExpression(value: unknown): boolean {
    for (const text of strings(value)) if (hasYaql(text) || hasJinja(text)) return true;
    return false;
  }
}

/** Orquesta's `ctx(name?)`: the whole context, or one variable (VariableUndefinedError when missing). */
function orquestaCtx(context: Readonly<Record<string, unknown>>): (key?: unknown) => unknown {
  return (key) => {
    if (key === undefined || key === null || key === '' || key === false || key === 0) return context;
    if (typeof key !== 'string' || !Object.hasOwn(context, key)) throw new PythonError('VariableUndefinedError', `The variable "${pythonStr(key)}" is undefined.`);
    return context[key];
  };
}

/** Orquesta's `zip(*args, pad=None)`: zip_longest, and a single argument as it is. */
const JINJA_ZIP = templateFunction('zip', [], (args: unknown[], kwargs: Record<string, unknown>) => {
  const lists = args.map((a) => (Array.isArray(a) ? a : typeof a === 'string' ? [...a] : isPlainObject(a) ? Object.keys(a) : []));
  if (lists.length === 1) return args[0] ?? [];
  const pad = Object.hasOwn(kwargs, 'pad') ? kwargs['pad'] : null;
  const rows = Math.max(0, ...lists.map((l) => l.length));
  return Array.from({ length: rows }, (_, i) => tuple(...lists.map((l) => (i < l.length ? l[i] : pad))));
}, { rest: true });

/** Orquesta's `json(s)`: a dict as it is, a string parsed. */
const JINJA_JSON = templateFunction('json', ['s'], (s: unknown) => {
  if (isPlainObject(s)) return s;
  if (typeof s !== 'string') throw typeError('Given object is not typeof string.');
  return fromJsonString(s);
});

/** Orquesta's functions Jinja templates may also use as filters (`x | json`): pass to `new JinjaRenderer({ filters })`. */
export const WORKFLOW_JINJA_FILTERS: Readonly<Record<string, TemplateFunction>> = { json: JINJA_JSON, zip: JINJA_ZIP };

/** Orquesta's and StackStorm's functions, the same for every evaluation. */
const JINJA_GLOBALS: Readonly<Record<string, unknown>> = Object.freeze({ ...ST2_FUNCTIONS, json: JINJA_JSON, zip: JINJA_ZIP });

/** The names one evaluation adds: `ctx()` over its context, then the caller's functions. */
function jinjaNames(context: Record<string, unknown>, functions: ExpressionFunctions): Record<string, unknown> {
  const names: Record<string, unknown> = { ctx: orquestaCtx(context) };
  for (const [name, fn] of Object.entries(functions)) {
    names[name] = templateFunction(name, [], (args: unknown[], kwargs: Record<string, unknown>) => {
      return Object.keys(kwargs).length > 0 ? fn(...args, new NamedArgs(kwargs)) : fn(...args);
    }, { rest: true });
  }
  return names;
}
