/**
 * Expression evaluation with Jinja2's semantics: Python operators and truthiness, StrictUndefined
 * (or lenient Undefined), filters, tests and calls with keyword arguments. Statements live in
 * `interpreter.ts`, which extends this class.
 */
import { pyAdd, pyDiv, pyFloorDiv, pyMod, pyMul, pyNeg, pyPow, pySub } from '../../python/arithmetic.js';
import { pyCompare, pyContains, pyEquals } from '../../python/compare.js';
import { PythonError, typeError } from '../../python/errors.js';
import { PY_VALUE, isPyLazy } from '../../python/protocol.js';
import { pythonStr } from '../../python/repr.js';
import { chars, isPlainObject, isTuple, pyTruthy, pyTypeName, setOwn, tuple } from '../../python/values.js';
import { isForbiddenName, lookup, unsafe } from './access.js';
import { callTemplateFunction, isTemplateFunction, type TemplateFunction } from './callables.js';
import { is, type BinaryNode, type CallNode, type CompareNode, type IfNode, type ListNode, type LookupNode, type Node, type PairNode, type SliceNode, type SymbolNode, type TestNode, type UnaryNode, type ValueNode } from './nodes.js';
import { MISSING, Macro, type Scope } from './scope.js';
import { JinjaUndefined, isUndefined } from './undefined.js';

/** Filters, tests and globals one render sees. Tables are null-prototype objects. */
export interface JinjaEnvironment {
  readonly filters: Readonly<Record<string, TemplateFunction>>;
  readonly tests: Readonly<Record<string, TemplateFunction>>;
  readonly globals: Readonly<Record<string, unknown>>;
}

const CONSTANTS = new Map<string, unknown>([['True', true], ['False', false], ['None', null], ['true', true], ['false', false], ['none', null]]);
type BinaryOp = (a: unknown, b: unknown) => unknown;
const ARITHMETIC: Record<string, BinaryOp> = { Add: pyAdd, Sub: pySub, Mul: pyMul, Div: pyDiv, FloorDiv: pyFloorDiv, Mod: pyMod, Pow: pyPow };

export abstract class Evaluator {
  protected readonly env: JinjaEnvironment;
  /** StrictUndefined (true) or Jinja2's default Undefined that prints as "" (false). */
  protected readonly strict: boolean;

  constructor(env: JinjaEnvironment, strict: boolean) {
    this.env = env;
    this.strict = strict;
  }

  /** Renders statements to text (macro bodies, `{% set %}` blocks, filter blocks). */
  protected abstract renderBody(body: ListNode, scope: Scope): string;
  /** Calls a macro with evaluated arguments. */
  protected abstract invokeMacro(macro: Macro, args: unknown[], kwargs: Map<string, unknown>): string;

  /** A value as operators and filters see it: lazy lookups resolved; Undefined fails in strict mode. */
  protected use(v: unknown): unknown {
    if (isUndefined(v)) {
      if (v.failsWhen(this.strict)) throw v.error();
      return v;
    }
    return isPyLazy(v) ? v[PY_VALUE]() : v;
  }

  /** `use`, and for lenient mode Undefined becomes "" (what Jinja2's Undefined converts to). */
  protected useDefined(v: unknown): unknown {
    const u = this.use(v);
    return isUndefined(u) ? '' : u;
  }

  protected truthy(v: unknown): boolean {
    const u = this.use(v);
    return isUndefined(u) ? false : pyTruthy(u);
  }

  protected text(v: unknown): string {
    return pythonStr(this.useDefined(v));
  }

  expr(node: Node, scope: Scope): unknown {
    switch (node.typename) {
      case 'Literal': {
        const value = (node as ValueNode).value;
        if (value instanceof RegExp) throw new PythonError('TemplateSyntaxError', 'regular expression literals are not supported');
        return value;
      }
      case 'Symbol':
        return this.symbol((node as SymbolNode).value, scope);
      case 'Group': {
        const items = (node as ListNode).children;
        if (items.length === 1 && items[0] && !(node as { tuple?: boolean }).tuple) return this.expr(items[0], scope);
        return tuple(...items.map((c) => this.useDefined(this.expr(c, scope))));
      }
      case 'Array':
        return (node as ListNode).children.map((c) => this.useDefined(this.expr(c, scope)));
      case 'Dict':
        return this.dict(node as ListNode, scope);
      case 'LookupVal':
        return this.lookupVal(node as LookupNode, scope);
      case 'FunCall':
        return this.call(node as CallNode, scope);
      case 'Filter':
        return this.filter(node as CallNode, scope);
      case 'Test':
        return this.test(node as TestNode, scope);
      case 'Compare':
        return this.compare(node as CompareNode, scope);
      case 'InlineIf': {
        const n = node as IfNode;
        if (this.truthy(this.expr(n.cond, scope))) return this.expr(n.body, scope);
        if (n.else_) return this.expr(n.else_, scope);
        return new JinjaUndefined('the inline if-expression evaluated to false and no else section was defined', { alwaysLenient: true });
      }
      case 'And': {
        const n = node as BinaryNode;
        const left = this.expr(n.left, scope);
        return this.truthy(left) ? this.expr(n.right, scope) : left;
      }
      case 'Or': {
        const n = node as BinaryNode;
        const left = this.expr(n.left, scope);
        return this.truthy(left) ? left : this.expr(n.right, scope);
      }
      case 'Not':
        return !this.truthy(this.expr((node as UnaryNode).target, scope));
      case 'In': {
        const n = node as BinaryNode;
        return this.contains(this.expr(n.right, scope), this.expr(n.left, scope));
      }
      case 'Concat': {
        const n = node as BinaryNode;
        return this.text(this.expr(n.left, scope)) + this.text(this.expr(n.right, scope));
      }
      case 'Neg':
      case 'Pos':
        return pyNeg(this.operand(this.expr((node as UnaryNode).target, scope)), node.typename === 'Neg' ? '-' : '+');
      case 'Capture':
        return this.renderBody((node as unknown as { body: ListNode }).body, scope);
      case 'Caller':
        return this.macroFrom(node as unknown as { args: ListNode; body: ListNode }, 'caller', scope);
      default: {
        const op = ARITHMETIC[node.typename];
        if (!op) throw new PythonError('TemplateSyntaxError', `unsupported expression: ${node.typename}`);
        const n = node as BinaryNode;
        return op(this.operand(this.expr(n.left, scope)), this.operand(this.expr(n.right, scope)));
      }
    }
  }

  /** Arithmetic fails on Undefined even in lenient mode, as in Jinja2. */
  private operand(v: unknown): unknown {
    const u = this.use(v);
    if (isUndefined(u)) throw u.error();
    return u;
  }

  private symbol(name: string, scope: Scope): unknown {
    if (isForbiddenName(name)) throw unsafe(name);
    // True/False/None are constants in Jinja2; no variable can shadow them.
    if (CONSTANTS.has(name)) return CONSTANTS.get(name);
    const value = scope.lookup(name);
    return value === MISSING ? new JinjaUndefined(`'${name}' is undefined`) : value;
  }

  private dict(node: ListNode, scope: Scope): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const pair of node.children as PairNode[]) {
      const key = this.useDefined(this.expr(pair.key, scope));
      if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean' && key !== null) {
        throw typeError(`unhashable type: '${pyTypeName(key)}'`);
      }
      if (isForbiddenName(key)) throw unsafe(String(key));
      setOwn(out, pythonStr(key), this.useDefined(this.expr(pair.value, scope)));
    }
    return out;
  }

  private lookupVal(node: LookupNode, scope: Scope): unknown {
    // The target stays unresolved: a key-value lookup chains (`st2kv.system.a.b` is key `a.b`).
    const target = this.expr(node.target, scope);
    if (isUndefined(target)) {
      if (target.failsWhen(this.strict)) throw target.error();
      return target;
    }
    if (is<SliceNode>(node.val, 'Slice')) return this.slice(this.use(target), node.val, scope);
    const key = this.useDefined(this.expr(node.val, scope));
    return lookup(target, key, node.attr ? 'attr' : 'item');
  }

  private slice(target: unknown, node: SliceNode, scope: Scope): unknown {
    const bound = (n: Node | null): number | null => {
      if (!n) return null;
      const v = this.useDefined(this.expr(n, scope));
      if (v === null) return null;
      if (typeof v !== 'number' || !Number.isInteger(v)) throw typeError('slice indices must be integers or None');
      return v;
    };
    const [start, stop, step = 1] = [bound(node.start), bound(node.stop), bound(node.step) ?? 1];
    if (step === 0) throw new PythonError('ValueError', 'slice step cannot be zero');
    const items = typeof target === 'string' ? chars(target) : Array.isArray(target) ? target : undefined;
    if (!items) throw typeError(`'${pyTypeName(target)}' object is not subscriptable`);
    const n = items.length;
    const clamp = (v: number | null, forStart: boolean): number => {
      const [lo, hi] = step > 0 ? [0, n] : [-1, n - 1];
      if (v === null) return step > 0 === forStart ? lo : hi;
      return v < 0 ? Math.max(v + n, lo) : Math.min(v, hi);
    };
    const out: unknown[] = [];
    for (let i = clamp(start, true), end = clamp(stop, false); step > 0 ? i < end : i > end; i += step) out.push(items[i]);
    if (typeof target === 'string') return out.join('');
    return isTuple(target) ? tuple(...out) : out;
  }

  /** Positional values and keyword values of a call's argument list. */
  private args(list: ListNode, scope: Scope, skip = 0, raw = false): [unknown[], Map<string, unknown>] {
    const positional: unknown[] = [];
    const keywords = new Map<string, unknown>();
    const prep = (v: unknown): unknown => (raw ? v : this.useDefined(v));
    for (const arg of list.children.slice(skip)) {
      if (is<ListNode>(arg, 'KeywordArgs')) {
        for (const pair of arg.children as PairNode[]) {
          const name = String((pair.key as SymbolNode).value);
          if (isForbiddenName(name)) throw unsafe(name);
          keywords.set(name, prep(this.expr(pair.value, scope)));
        }
      } else {
        positional.push(prep(this.expr(arg, scope)));
      }
    }
    return [positional, keywords];
  }

  private call(node: CallNode, scope: Scope): unknown {
    const callee = this.use(this.expr(node.name, scope));
    if (isUndefined(callee)) throw callee.error();
    const [positional, keywords] = this.args(node.args, scope, 0, isTemplateFunction(callee) && callee.raw);
    return this.invoke(callee, positional, keywords);
  }

  /** Calls anything callable a template can hold: macros, template functions, functions the caller supplied. */
  protected invoke(callee: unknown, positional: unknown[], keywords: Map<string, unknown>): unknown {
    if (callee instanceof Macro) return this.invokeMacro(callee, positional, keywords);
    if (isTemplateFunction(callee)) return callTemplateFunction(callee, positional, keywords);
    if (typeof callee === 'function') {
      if (keywords.size > 0) throw typeError(`${callee.name || 'function'}() does not take keyword arguments`);
      return (callee as (...a: unknown[]) => unknown)(...positional);
    }
    throw typeError(`'${pyTypeName(callee)}' object is not callable`);
  }

  private filter(node: CallNode, scope: Scope): unknown {
    const name = (node.name as SymbolNode).value;
    const fn = Object.hasOwn(this.env.filters, name) ? this.env.filters[name] : undefined;
    if (!fn) throw new PythonError('TemplateAssertionError', `No filter named '${name}'.`);
    const [first] = node.args.children;
    if (!first) throw typeError(`filter '${name}' has no value`);
    const subject = this.expr(first, scope);
    const [positional, keywords] = this.args(node.args, scope, 1, fn.raw);
    return callTemplateFunction(fn, [fn.raw ? subject : this.useDefined(subject), ...positional], keywords);
  }

  private test(node: TestNode, scope: Scope): boolean {
    const fn = Object.hasOwn(this.env.tests, node.name) ? this.env.tests[node.name] : undefined;
    if (!fn) throw new PythonError('TemplateAssertionError', `No test named '${node.name}'.`);
    const subject = this.expr(node.node, scope);
    const [positional, keywords] = this.args(node.args, scope, 0, fn.raw);
    const value = fn.raw ? (isPyLazy(subject) ? subject[PY_VALUE]() : subject) : this.useDefined(subject);
    return Boolean(callTemplateFunction(fn, [value, ...positional], keywords));
  }

  private compare(node: CompareNode, scope: Scope): boolean {
    let left = this.expr(node.expr, scope);
    for (const op of node.ops) {
      const right = this.expr(op.expr, scope);
      if (!this.compareOne(op.type, left, right)) return false;
      left = right;
    }
    return true;
  }

  private compareOne(op: string, a: unknown, b: unknown): boolean {
    if (op === 'in') return this.contains(b, a);
    if (op === 'notin') return !this.contains(b, a);
    const x = this.use(a);
    const y = this.use(b);
    if (op === '==' || op === '===' || op === '!=' || op === '!==') {
      const equal = isUndefined(x) || isUndefined(y) ? isUndefined(x) && isUndefined(y) : pyEquals(x, y);
      return op.startsWith('=') ? equal : !equal;
    }
    const c = pyCompare(this.operand(x), this.operand(y), op);
    return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
  }

  private contains(container: unknown, item: unknown): boolean {
    const c = this.use(container);
    if (isUndefined(c)) return false;
    return pyContains(c, this.useDefined(item));
  }

  /** Builds a macro from a `{% macro %}` or `{% call %}` signature. */
  protected macroFrom(node: { args: ListNode; body: ListNode }, name: string, scope: Scope): Macro {
    const params: string[] = [];
    const defaults = new Map<string, Node>();
    for (const arg of node.args.children) {
      if (is<ListNode>(arg, 'KeywordArgs') || is<ListNode>(arg, 'Dict')) {
        for (const pair of arg.children as PairNode[]) {
          const key = String((pair.key as SymbolNode).value);
          params.push(key);
          defaults.set(key, pair.value);
        }
      } else if (is<SymbolNode>(arg, 'Symbol')) {
        params.push(arg.value);
      } else {
        throw new PythonError('TemplateSyntaxError', `macro ${name}: parameters must be names`);
      }
    }
    if (params.some(isForbiddenName)) throw unsafe(params.find(isForbiddenName) ?? '');
    return new Macro(name, params, defaults, node.body, scope);
  }

  /** Items a `for` loop or iteration filter walks over. */
  protected iterate(v: unknown): unknown[] {
    const u = this.use(v);
    if (isUndefined(u)) return [];
    if (typeof u === 'string') return chars(u);
    if (Array.isArray(u)) return u;
    if (isPlainObject(u)) return Object.keys(u);
    throw typeError(`'${pyTypeName(u)}' object is not iterable`);
  }
}
