/**
 * How a YAQL function is declared, and the argument checks its body uses. A body receives its
 * arguments already evaluated (a method's receiver first), except those at `lazy` positions,
 * which arrive as {@link Lambda}s; it checks their types with the helpers below, which throw
 * NO_MATCH when a value fits no overload, so the caller reports YAQL's
 * `No function "x" matches supplied arguments` / `No method "x" for receiver ...`.
 */
import type { PyFloat } from '../../../python/values.js';
import { NO_MATCH } from '../errors.js';
import type { Scope } from '../scope.js';
import { YaqlIterator, isInt, isIterable, isMapping, isNumber } from '../values.js';

/** A lazy argument: evaluates its expression with `$1`, `$2`, ... bound to the arguments given. */
export type Lambda = (...args: unknown[]) => unknown;

/** A `source => destination` argument of a function that takes mapping rules (`dict`, `switch`). */
export interface Rule<T = unknown> {
  readonly source: T;
  readonly destination: T;
}

/** What a function body may use besides its arguments and the scope it is called in. */
export interface Env {
  /** What the workflow's `ctx()` returns. */
  readonly context: Readonly<Record<string, unknown>>;
  /** Wraps a lazy sequence as a YAQL iterator whose steps count against the evaluation's budget. */
  iterator(source: Iterable<unknown>): YaqlIterator;
  /** Counts one step of work (loops that do not go through an iterator). */
  tick(): void;
}

/** A function body; `scope` is where the call happens (`let` makes a child of it). */
export type Impl = (args: unknown[], named: Readonly<Record<string, unknown>>, env: Env, scope: Scope) => unknown;

export interface YaqlFunction {
  /**
   * `function`: called as `name(...)`; `method`: as `receiver.name(...)`; `both`: either (YAQL's
   * extension methods). A table key starting with `.` declares the method form of a name whose
   * function form differs (`max(a, b)` and `list.max()`).
   */
  readonly form: 'function' | 'method' | 'both';
  /** Parameter names in order, as named arguments spell them (camelCase: `keySelector`). */
  readonly params?: readonly string[];
  /** Argument positions (the receiver is 0) that receive lambdas. */
  readonly lazy?: readonly number[];
  /** Every position from this one on receives a lambda (`coalesce`, `selectCase`). */
  readonly lazyFrom?: number;
  /** Named arguments the parameters do not take arrive in `named` instead of failing (`format`, `let`). */
  readonly namedRest?: boolean;
  /** `name => value` arguments stay positional as {@link Rule}s, evaluated now or on demand. */
  readonly rules?: 'eager' | 'lazy';
  readonly impl: Impl;
}

export type FunctionTable = Readonly<Record<string, YaqlFunction>>;

/** Fails the overload unless `min <= args.length <= max` (trailing skipped positions do not count). */
export function arity(args: readonly unknown[], min: number, max = min): void {
  let n = args.length;
  while (n > min && args[n - 1] === undefined) n--;
  if (n < min || n > max) throw NO_MATCH;
  for (let i = 0; i < min; i++) if (args[i] === undefined) throw NO_MATCH;
}

export function str(v: unknown): string {
  if (typeof v !== 'string') throw NO_MATCH;
  return v;
}

/** A string parameter that also takes null (`split(null)`). */
export function optStr(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return str(v);
}

/** A Python `int` parameter (bool included); `dflt` when the position was left out. */
export function int(v: unknown, dflt?: number): number {
  if (v === undefined && dflt !== undefined) return dflt;
  if (!isInt(v)) throw NO_MATCH;
  return typeof v === 'boolean' ? Number(v) : v;
}

/** YAQL's `Number`: int or float, not bool. */
export function number(v: unknown): number | PyFloat {
  if (!isNumber(v)) throw NO_MATCH;
  return v;
}

export function iterable(v: unknown): Iterable<unknown> {
  if (!isIterable(v)) throw NO_MATCH;
  return v;
}

export function sequence(v: unknown): readonly unknown[] {
  if (!Array.isArray(v)) throw NO_MATCH;
  return v;
}

export function mapping(v: unknown): Record<string, unknown> {
  if (!isMapping(v)) throw NO_MATCH;
  return v;
}

export function lambda(v: unknown): Lambda {
  if (typeof v !== 'function') throw NO_MATCH;
  return v as Lambda;
}

/** An optional lambda parameter: undefined when left out or null. */
export function optLambda(v: unknown): Lambda | undefined {
  return v === undefined || v === null ? undefined : lambda(v);
}

export function rule(v: unknown): Rule {
  if (!(v instanceof RuleValue)) throw NO_MATCH;
  return v;
}

/** The run-time form of a mapping rule argument. */
export class RuleValue<T = unknown> implements Rule<T> {
  constructor(
    readonly source: T,
    readonly destination: T,
  ) {}
}

/** No named arguments: the one shared empty object. */
export const NO_NAMED: Readonly<Record<string, unknown>> = Object.freeze(Object.create(null) as Record<string, unknown>);

/** Fails the overload when named arguments were given to a body that takes none. */
export function noNamed(named: Readonly<Record<string, unknown>>): void {
  if (named !== NO_NAMED && Object.keys(named).length > 0) throw NO_MATCH;
}
