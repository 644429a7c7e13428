/**
 * StackStorm-compatible Jinja templates. nunjucks supplies the lexer and parser (this is the
 * only file that imports it); `jinja/syntax.ts` adjusts them to Jinja2's grammar and
 * `jinja/interpreter.ts` runs the tree with Python semantics, StackStorm's filters and a
 * sandbox: templates are interpreted, never turned into JavaScript, and every attribute
 * access goes through one whitelisting lookup.
 *
 * Behaviour follows st2: StrictUndefined for parameters, rules and workflows (a lenient mode
 * for alias result formatting), trim_blocks and lstrip_blocks, no autoescape, a single trailing
 * newline dropped, and values interpolated as Python's `str()` writes them.
 */
import nunjucks from 'nunjucks';
import type { KeyValueStore } from '../datastore/key-value.js';
import { SquallError, type ErrorDetail } from '../errors/index.js';
import { PythonError } from '../python/errors.js';
import type { TemplateRenderer } from './renderer.js';
import { st2Filters } from './filters/index.js';
import type { TemplateFunction } from './jinja/callables.js';
import { createEnvironment } from './jinja/environment.js';
import type { JinjaEnvironment } from './jinja/evaluate.js';
import { DEFAULT_LIMITS, Interpreter, type RenderLimits } from './jinja/interpreter.js';
import type { ListNode, Node } from './jinja/nodes.js';
import { createJinjaParser, type NunjucksSyntax } from './jinja/syntax.js';
import { KvLookup } from './kv-lookup.js';
import { LruCache } from './template-cache.js';

export { pythonRepr, pythonStr } from '../python/repr.js';
export { tuple } from '../python/values.js';
export { ST2_FUNCTIONS, st2Filters } from './filters/index.js';
export { templateFunction, callTemplateFunction, type TemplateFunction } from './jinja/callables.js';

export interface JinjaRendererOptions {
  /** Store behind `st2kv.*` lookups and `decrypt_kv`. Without it lookups read as "". */
  kv?: KeyValueStore;
  /** Parsed templates kept for reuse (default 1000). */
  cacheSize?: number;
  /** Bounds per render on loop iterations and macro nesting. */
  limits?: Partial<RenderLimits>;
  /** More filters besides StackStorm's, such as Orquesta's `json` and `zip` for workflow templates. */
  filters?: Readonly<Record<string, TemplateFunction>>;
}

export interface RenderOptions {
  /** Undefined names render as "" instead of failing (StackStorm's alias result formatting). */
  lenient?: boolean;
  /** Extra names for this render only, such as Orquesta's `ctx()`, `zip()` and `json()`. */
  globals?: Readonly<Record<string, unknown>>;
}

const TEMPLATE_MARKERS = /\{\{|\{%|\{#/;
const EXPRESSION = /\{\{(-?)([\s\S]*?)(-?)\}\}/g;
const parseTemplate = createJinjaParser(nunjucks as unknown as NunjucksSyntax);

export class JinjaRenderer implements TemplateRenderer {
  readonly #kv: KeyValueStore | undefined;
  readonly #cache: LruCache<string, ListNode>;
  readonly #strict: JinjaEnvironment;
  readonly #lenient: JinjaEnvironment;
  readonly #limits: RenderLimits;

  constructor(options: JinjaRendererOptions = {}) {
    this.#kv = options.kv;
    this.#cache = new LruCache(options.cacheSize ?? 1000);
    const filters: Record<string, TemplateFunction> = { ...st2Filters(options.kv), ...options.filters };
    this.#strict = createEnvironment(true, filters);
    this.#lenient = createEnvironment(false, filters);
    this.#limits = { ...DEFAULT_LIMITS, ...options.limits };
  }

  isTemplate(text: string): boolean {
    return TEMPLATE_MARKERS.test(text);
  }

  render(template: string, context: Record<string, unknown>, options: RenderOptions = {}): string {
    if (!this.isTemplate(template)) return normalize(template);
    const root = this.#parse(template);
    try {
      return this.#interpreter(options).render(root, context, options.globals);
    } catch (err) {
      throw this.#failure(template, err);
    }
  }

  renderTyped(template: string, context: Record<string, unknown>, options: RenderOptions = {}): unknown {
    if (!this.isTemplate(template)) return template;
    let typed: string;
    if (template.includes('{{')) {
      const complex = template.replace(EXPRESSION, (_m, open: string, expr: string, close: string) => `{{${open} (${expr}) | to_complex ${close}}}`);
      try {
        typed = this.render(complex, context, options);
      } catch {
        // The rewrite can break an expression the original parses (a `}}` inside a string);
        // the plain render below reports the real problem, if any.
        return this.render(template, context, options);
      }
    } else {
      typed = this.render(template, context, options);
    }
    try {
      return JSON.parse(typed) as unknown;
    } catch {
      return template.includes('{{') ? this.render(template, context, options) : typed;
    }
  }

  /**
   * Orquesta's evaluation of a workflow value: a text that is exactly one `{{ expression }}`
   * yields the expression's typed value (list, object, number, boolean, null); any other
   * template text renders to a string; text without markers is returned as it is.
   */
  evaluate(text: string, context: Record<string, unknown>, options: RenderOptions = {}): unknown {
    if (!this.isTemplate(text)) return text;
    const expression = text.includes('{%') ? undefined : singleExpression(this.#parse(text));
    if (!expression) return this.render(text, context, options);
    try {
      return this.#interpreter(options).evaluate(expression, context, options.globals);
    } catch (err) {
      throw this.#failure(text, err);
    }
  }

  /** Parses without rendering (the parse is cached for later renders); throws TEMPLATE_ERROR on a syntax error. */
  check(template: string): void {
    if (this.isTemplate(template)) this.#parse(template);
  }

  /** `{ system }`, plus `user` when a user is given: the object templates see as `st2kv`. */
  kvContext(user?: string): Record<string, unknown> {
    const ctx: Record<string, unknown> = { system: new KvLookup(this.#kv, 'system') };
    if (user !== undefined) ctx['user'] = new KvLookup(this.#kv, 'user', user);
    return ctx;
  }

  #interpreter(options: RenderOptions): Interpreter {
    return options.lenient ? new Interpreter(this.#lenient, false, this.#limits) : new Interpreter(this.#strict, true, this.#limits);
  }

  #parse(template: string): ListNode {
    const hit = this.#cache.get(template);
    if (hit) return hit;
    let root: ListNode;
    try {
      root = parseTemplate(normalize(template));
    } catch (err) {
      throw this.#failure(template, err);
    }
    this.#cache.set(template, root);
    return root;
  }

  #failure(template: string, err: unknown): SquallError {
    if (err instanceof SquallError && (err.code === 'TEMPLATE_UNSAFE' || err.code === 'TEMPLATE_ERROR')) return err;
    let reason: string;
    let line: number | undefined;
    if (err instanceof PythonError) {
      reason = err.message;
      line = err.line;
    } else if (err instanceof RangeError) {
      reason = `RecursionError: ${err.message}`;
    } else if (err instanceof Error) {
      // nunjucks' TemplateError carries a 1-based line for syntax errors.
      const lineno = (err as { lineno?: unknown }).lineno;
      line = typeof lineno === 'number' && lineno > 0 ? lineno : undefined;
      reason = err.name === 'Template render error' || err.name === 'Error' ? `TemplateSyntaxError: ${err.message.split('\n').pop()?.trim()}` : `${err.name}: ${err.message}`;
    } else {
      reason = String(err);
    }
    const snippet = JSON.stringify(template.length > 200 ? `${template.slice(0, 200)}...` : template);
    const detail: ErrorDetail = line === undefined ? { message: reason } : { line, message: reason };
    return new SquallError('TEMPLATE_ERROR', `Template ${snippet} could not be rendered: ${reason}${line === undefined ? '' : ` (line ${line})`}`, { details: [detail], cause: err });
  }
}

/** Jinja2's source handling: newlines normalized to `\n`, one trailing newline dropped. */
function normalize(text: string): string {
  const unified = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  return unified.endsWith('\n') ? unified.slice(0, -1) : unified;
}

/** The expression when the whole template is one `{{ ... }}` and nothing else. */
function singleExpression(root: ListNode): Node | undefined {
  if (root.children.length !== 1) return undefined;
  const [only] = root.children;
  if (!only || only.typename !== 'Output') return undefined;
  const parts = (only as ListNode).children;
  if (parts.length !== 1 || !parts[0] || parts[0].typename === 'TemplateData') return undefined;
  return parts[0];
}
