/**
 * Walks a parsed YAQL expression. Calls resolve as YAQL resolves them: a function defined with
 * `def()` in scope, then the caller's functions (Orquesta's `task()`, `st2kv()`, ...), then
 * YAQL's own table; `x.f()` looks among methods only. Arguments are evaluated before the body
 * runs except where the body takes lambdas (`where($.up)`); named arguments (`name => v`) bind
 * to parameters by name. Work is counted, so an endless `sequence()` ends in an error rather
 * than a hung workflow.
 */
import type { Node } from './ast.js';
import {
  NO_MATCH, keyError, mappingTranslationError, noMatchingFunction, noMatchingMethod, tooMuchWork, unknownFunction, unknownMethod,
} from './errors.js';
import { FUNCTIONS, METHODS } from './functions/index.js';
import { BINARY_OPERATORS, UNARY_OPERATORS, indexer, operatorName } from './functions/operators.js';
import { NO_NAMED, RuleValue, type Env, type YaqlFunction } from './functions/spec.js';
import { dictKey, pyRepr, pyText, toOutput } from './output.js';
import { ContextValue, Scope } from './scope.js';
import { YaqlIterator, isIterable, isMapping, truthy, type Budget } from './values.js';
import { setOwn } from '../../python/values.js';

/**
 * A function supplied from outside YAQL. It receives output values (arrays, plain numbers) and,
 * when the call has `name => value` arguments, one more argument: what `namedArgs` makes of them.
 */
export type ExternalFunction = (...args: unknown[]) => unknown;

export interface EvaluationOptions {
  /** What Orquesta's `ctx()` returns (when the caller does not supply `ctx` itself). */
  context?: Readonly<Record<string, unknown>>;
  /** `$` at the top level; Orquesta leaves it null. */
  data?: unknown;
  /** Functions by name, consulted before YAQL's own. */
  functions?: Readonly<Record<string, ExternalFunction>>;
  /** Wraps the named arguments of a call to an external function (default: the plain record). */
  namedArgs?: (named: Readonly<Record<string, unknown>>) => unknown;
  /** Evaluation steps allowed (nodes, iterator items); default {@link DEFAULT_MAX_STEPS}. */
  maxSteps?: number;
}

export const DEFAULT_MAX_STEPS = 5_000_000;
const EMPTY_CONTEXT: Readonly<Record<string, unknown>> = Object.freeze({});

/** One evaluation: its budget, its functions and its `ctx()` data. */
export class Evaluation implements Env, Budget {
  readonly context: Readonly<Record<string, unknown>>;
  readonly #functions: Readonly<Record<string, ExternalFunction>> | undefined;
  readonly #namedArgs: ((named: Readonly<Record<string, unknown>>) => unknown) | undefined;
  readonly #limit: number;
  readonly #root: Scope;
  #steps = 0;

  constructor(options: EvaluationOptions = {}) {
    this.context = options.context ?? EMPTY_CONTEXT;
    this.#functions = options.functions;
    this.#namedArgs = options.namedArgs;
    this.#limit = options.maxSteps ?? DEFAULT_MAX_STEPS;
    this.#root = new Scope(undefined, options.data === undefined ? undefined : [options.data]);
  }

  /** The expression's value, still in YAQL's terms (iterators, boxed floats); see output.ts. */
  run(node: Node): unknown {
    return this.evaluate(node, this.#root);
  }

  tick(): void {
    if (++this.#steps > this.#limit) throw tooMuchWork(this.#limit);
  }

  iterator(source: Iterable<unknown>): YaqlIterator {
    return new YaqlIterator(source, this);
  }

  evaluate(node: Node, scope: Scope): unknown {
    this.tick();
    switch (node.kind) {
      case 'const':
        return node.value;
      case 'keyword':
        return node.name;
      case 'variable':
        return scope.get(node.name);
      case 'wrap':
        return this.evaluate(node.expr, scope);
      case 'skip':
        return undefined;
      case 'call':
        return this.#call(node.name, node.args, scope, undefined, false);
      case 'dot': {
        const left = this.evaluate(node.left, scope);
        if (node.elvis && (left === null || left === undefined)) return null;
        const right = node.right;
        if (right.kind === 'call') return this.#call(right.name, right.args, scope, left, true);
        if (right.kind === 'keyword') return this.#attribute(left, right.name);
        throw noMatchingFunction('#operator_.');
      }
      case 'index': {
        const target = this.evaluate(node.target, scope);
        const args = node.args.map((a) => {
          if (a.kind === 'rule') throw noMatchingFunction('#indexer');
          return this.evaluate(a, scope);
        });
        return this.#operator('#indexer', () => indexer(target, args));
      }
      case 'list':
        return node.items.map((item) => {
          if (item.kind === 'rule') throw noMatchingFunction('#list');
          return this.evaluate(item, scope) ?? null;
        });
      case 'map': {
        const out: Record<string, unknown> = {};
        for (const item of node.items) {
          if (item.kind !== 'rule') throw noMatchingFunction('#map');
          setOwn(out, dictKey(this.evaluate(item.source, scope)), this.evaluate(item.destination, scope));
        }
        return out;
      }
      case 'rule':
        throw mappingTranslationError();
      case 'unary': {
        const value = this.evaluate(node.operand, scope);
        const op = UNARY_OPERATORS[node.op] as (a: unknown) => unknown;
        return this.#operator(operatorName(node.op, true), () => op(value));
      }
      case 'binary':
        return this.#binary(node.op, node.left, node.right, scope);
    }
  }

  #binary(op: string, leftNode: Node, rightNode: Node, scope: Scope): unknown {
    const left = this.evaluate(leftNode, scope);
    if (op === 'and') return truthy(left) ? this.evaluate(rightNode, scope) : left;
    if (op === 'or') return truthy(left) ? left : this.evaluate(rightNode, scope);
    if (op === '->') {
      if (!(left instanceof ContextValue)) throw noMatchingFunction('#operator_->');
      return this.evaluate(rightNode, left.scope);
    }
    const right = this.evaluate(rightNode, scope);
    const fn = BINARY_OPERATORS[op] as (a: unknown, b: unknown, env: Env) => unknown;
    return this.#operator(operatorName(op, false), () => fn(left, right, this));
  }

  #operator(name: string, apply: () => unknown): unknown {
    try {
      return apply();
    } catch (err) {
      if (err === NO_MATCH) throw noMatchingFunction(name);
      throw err;
    }
  }

  /** `obj.name`: a dict's key (KeyError when missing), or the key of every item of a collection. */
  #attribute(obj: unknown, name: string): unknown {
    if (isMapping(obj)) {
      if (Object.hasOwn(obj, name)) return obj[name];
      throw keyError(pyRepr(name));
    }
    if (isIterable(obj)) {
      const self = this;
      return this.iterator((function* () {
        for (const item of obj) yield self.#attribute(item, name);
      })());
    }
    throw unknownFunction(`#property#${name}`);
  }

  #call(name: string, argNodes: readonly Node[], scope: Scope, receiver: unknown, method: boolean): unknown {
    if (!method) {
      const defined = scope.defined(name);
      if (defined) return defined(...this.#plainArguments(argNodes, scope, false));
      const external = this.#functions && Object.hasOwn(this.#functions, name) ? this.#functions[name] : undefined;
      if (external) {
        const [positional, named] = this.#plainArguments(argNodes, scope, true);
        if (named !== NO_NAMED) positional.push(this.#namedArgs ? this.#namedArgs(named) : named);
        return external(...positional) ?? null;
      }
    }
    const spec = (method ? METHODS : FUNCTIONS).get(name);
    if (!spec) throw method ? unknownMethod(name, pyText(receiver)) : unknownFunction(name);
    try {
      const [args, named] = this.#bind(spec, argNodes, scope, receiver, method);
      return spec.impl(args, named, this, scope);
    } catch (err) {
      if (err === NO_MATCH) throw method ? noMatchingMethod(name, pyText(receiver)) : noMatchingFunction(name);
      throw err;
    }
  }

  /** Arguments for functions outside YAQL's table: all evaluated, named ones by keyword. */
  #plainArguments(argNodes: readonly Node[], scope: Scope, output: boolean): [unknown[], Readonly<Record<string, unknown>>] {
    const positional: unknown[] = [];
    let named: Record<string, unknown> | undefined;
    for (const node of argNodes) {
      if (node.kind === 'rule') {
        if (node.source.kind !== 'keyword') throw mappingTranslationError();
        const value = this.evaluate(node.destination, scope);
        setOwn((named ??= {}), node.source.name, output ? toOutput(value, this) : value);
      } else {
        const value = this.evaluate(node, scope);
        positional.push(output ? toOutput(value, this) : value);
      }
    }
    return [positional, named ?? NO_NAMED];
  }

  /** Orders the arguments as `spec` takes them: receiver first, named ones at their parameter's position. */
  #bind(spec: YaqlFunction, argNodes: readonly Node[], scope: Scope, receiver: unknown, method: boolean): [unknown[], Readonly<Record<string, unknown>>] {
    const offset = method ? 1 : 0;
    const slots: (Node | undefined)[] = [];
    let named: Record<string, unknown> | undefined;
    for (const node of argNodes) {
      if (node.kind !== 'rule' || spec.rules) {
        slots.push(node);
        continue;
      }
      if (node.source.kind !== 'keyword') throw mappingTranslationError();
      const at = spec.params ? spec.params.indexOf(node.source.name) - offset : -1;
      if (at >= 0) {
        const taken = slots[at];
        if (taken && taken.kind !== 'skip') throw NO_MATCH;
        while (slots.length < at) slots.push(undefined);
        slots[at] = node.destination;
      } else if (spec.namedRest) {
        setOwn((named ??= {}), node.source.name, this.evaluate(node.destination, scope));
      } else {
        throw NO_MATCH;
      }
    }
    const args: unknown[] = new Array<unknown>(offset + slots.length);
    if (method) args[0] = receiver;
    for (let i = 0; i < slots.length; i++) {
      const node = slots[i];
      const pos = i + offset;
      if (!node || node.kind === 'skip') args[pos] = undefined;
      else if (node.kind === 'rule') {
        args[pos] = spec.rules === 'lazy'
          ? new RuleValue(this.#lambda(node.source, scope), this.#lambda(node.destination, scope))
          : new RuleValue(this.evaluate(node.source, scope), this.evaluate(node.destination, scope));
      } else if ((spec.lazyFrom !== undefined && pos >= spec.lazyFrom) || spec.lazy?.includes(pos)) args[pos] = this.#lambda(node, scope);
      else args[pos] = this.evaluate(node, scope);
    }
    return [args, named ?? NO_NAMED];
  }

  /** A lazy argument: `$1`, `$2`, ... (and `$`) are the arguments it is called with. */
  #lambda(node: Node, scope: Scope): (...args: unknown[]) => unknown {
    return (...args: unknown[]) => this.evaluate(node, new Scope(scope, args));
  }
}
