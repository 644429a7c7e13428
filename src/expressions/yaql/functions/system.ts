/**
 * YAQL's branching and context functions (`standard_library/branching.py`, `system.py`):
 * `switch(cond => value, ...)`, `coalesce(a, b, ...)` (both evaluate only as far as needed),
 * and `let(x => ...) -> $x ...`, which binds variables for the right side of `->`.
 */
import { PythonError, valueError } from '../../../python/errors.js';
import { ContextValue, Scope } from '../scope.js';
import { truthy } from '../values.js';
import { arity, int, iterable, lambda, rule, str, type FunctionTable, type Lambda, type Rule } from './spec.js';

/** A child of the calling scope holding `$1`, `$2`, ... and the named values: what `->` evaluates in. */
function bind(scope: Scope, positional: readonly unknown[], named: Readonly<Record<string, unknown>>): ContextValue {
  const child = new Scope(scope);
  positional.forEach((v, i) => child.set(String(i + 1), v ?? null));
  for (const [k, v] of Object.entries(named)) child.set(k, v);
  return new ContextValue(child);
}

export const SYSTEM_FUNCTIONS: FunctionTable = {
  switch: { form: 'function', rules: 'lazy', impl: (args) => {
    for (const r of args.map(rule) as Rule<Lambda>[]) if (truthy(r.source())) return r.destination();
    return null;
  } },
  coalesce: { form: 'function', lazyFrom: 0, impl: (args) => {
    for (const f of args) {
      const v = lambda(f)();
      if (v !== null && v !== undefined) return v;
    }
    return null;
  } },
  selectCase: { form: 'function', lazyFrom: 0, impl: (args) => {
    const i = args.findIndex((f) => truthy(lambda(f)()));
    return i < 0 ? args.length : i;
  } },
  selectAllCases: { form: 'function', lazyFrom: 0, impl: (args, _named, env) => {
    const cases = args.map(lambda);
    return env.iterator((function* () {
      for (let i = 0; i < cases.length; i++) if (truthy((cases[i] as Lambda)())) yield i;
    })());
  } },
  examine: { form: 'function', lazyFrom: 0, impl: (args, _named, env) => {
    const cases = args.map(lambda);
    return env.iterator((function* () {
      for (const f of cases) yield truthy(f());
    })());
  } },
  switchCase: { form: 'method', lazyFrom: 1, impl: (args) => {
    const n = int(args[0]);
    const cases = args.slice(1).map(lambda);
    if (cases.length === 0) return null;
    return (cases[n >= 0 && n < cases.length ? n : cases.length - 1] as Lambda)();
  } },
  let: { form: 'function', namedRest: true, impl: (args, named, _env, scope) => bind(scope, args, named) },
  with: { form: 'function', impl: (args, _named, _env, scope) => bind(scope, args, {}) },
  def: { form: 'function', params: ['name', 'func'], lazy: [1], impl: (args, _named, _env, scope) => {
    arity(args, 2);
    const [name, body] = [str(args[0]), lambda(args[1])];
    const child = new Scope(scope);
    child.define(name, (positional) => body(...positional));
    return new ContextValue(child);
  } },
  unpack: { form: 'method', impl: (args, _named, _env, scope) => {
    const names = args.slice(1).map(str);
    const items: unknown[] = [];
    for (const item of iterable(args[0])) {
      items.push(item);
      if (names.length > 0 && items.length > names.length) break;
    }
    if (names.length > 0 && items.length !== names.length) throw valueError(`Cannot unpack ${items.length} elements into ${names.length}`);
    const child = new Scope(scope);
    items.forEach((v, i) => child.set(names[i] ?? String(i + 1), v));
    return new ContextValue(child);
  } },
  assert: { form: 'method', params: ['obj', 'condition', 'message'], lazy: [1], impl: (args) => {
    arity(args, 2, 3);
    const obj = args[0] !== null && typeof args[0] === 'object' && Symbol.iterator in args[0] && !Array.isArray(args[0]) ? [...(args[0] as Iterable<unknown>)] : args[0];
    if (!truthy(lambda(args[1])(obj))) throw new PythonError('AssertionError', args[2] === undefined ? 'Assertion failed' : str(args[2]));
    return obj;
  } },
};
