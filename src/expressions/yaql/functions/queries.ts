/**
 * YAQL's queries (`standard_library/queries.py`): lazy, LINQ-style methods over any collection.
 * Most return iterators, which print and compare as YAQL's do and cannot be indexed
 * (`select(...)[0]` fails in YAQL as well; `toList()` first). Selectors and predicates are
 * lambdas: `$` is the item, `$1`, `$2` the arguments of two-argument ones (`aggregate`).
 */
import { typeError, valueError } from '../../../python/errors.js';
import { NO_MATCH, noMatchingFunction, stopIteration } from '../errors.js';
import { YaqlOrdering, hashKey, isIterable, truthy } from '../values.js';
import { BINARY_OPERATORS, compareForSort, order } from './operators.js';
import { arity, int, iterable, lambda, optLambda, type Env, type FunctionTable, type Impl, type Lambda } from './spec.js';

/** The end of Python's islice() complaint about a negative count. */
export const ISLICE = 'must be None or an integer: 0 <= x <= sys.maxsize.';

/** Items with a new key (or the item itself) not seen before. */
export function* distinctItems(items: Iterable<unknown>, key: Lambda | undefined, env: Env): Generator<unknown> {
  const seen = new Set<string>();
  for (const item of items) {
    env.tick();
    const id = hashKey(key ? key(item) : item);
    if (!seen.has(id)) {
      seen.add(id);
      yield item;
    }
  }
}

/** `functools.reduce(fn, items[, seed])`. */
function reduce(items: Iterable<unknown>, fn: (a: unknown, b: unknown) => unknown, seed: unknown): unknown {
  let acc = seed;
  let started = seed !== undefined;
  for (const item of items) {
    acc = started ? fn(acc, item) : item;
    started = true;
  }
  if (!started) throw typeError('reduce() of empty iterable with no initial value');
  return acc;
}

/** A YAQL function used inside another (`sum` adds with `#operator_+`): its overload failure names it. */
function delegate(name: string, fn: (a: unknown, b: unknown) => unknown): (a: unknown, b: unknown) => unknown {
  return (a, b) => {
    try {
      return fn(a, b);
    } catch (err) {
      if (err === NO_MATCH) throw noMatchingFunction(name);
      throw err;
    }
  };
}

/** A method whose body is a generator over the receiver: the result is a lazy iterator. */
export function lazy(body: (items: Iterable<unknown>, args: unknown[]) => Iterable<unknown>, min: number, max = min, lazyAt?: number[]): FunctionTable[string] {
  const impl: Impl = (args, _named, env) => {
    arity(args, min, max);
    return env.iterator(body(iterable(args[0]), args));
  };
  return { form: 'method', impl, ...(lazyAt ? { lazy: lazyAt } : {}) };
}

function ordering(ascending: boolean, first: boolean): FunctionTable[string] {
  return { form: 'method', lazy: [1], impl: (args) => {
    arity(args, 2);
    const selector = lambda(args[1]);
    if (first) return new YaqlOrdering(iterable(args[0]), compareForSort).by(selector, ascending);
    if (!(args[0] instanceof YaqlOrdering)) throw NO_MATCH;
    return args[0].by(selector, ascending);
  } };
}


const add = delegate('#operator_+', (a, b) => (BINARY_OPERATORS['+'] as (a: unknown, b: unknown, env?: unknown) => unknown)(a, b));
const max = delegate('#operator_>', (a, b) => (order('>', b, a) ? b : a));
const min = delegate('#operator_>', (a, b) => (order('>', b, a) ? a : b));

export const QUERY_FUNCTIONS: FunctionTable = {
  where: lazy(function* (items, [, p]) { const f = lambda(p); for (const x of items) if (truthy(f(x))) yield x; }, 2, 2, [1]),
  filter: lazy(function* (items, [, p]) { const f = lambda(p); for (const x of items) if (truthy(f(x))) yield x; }, 2, 2, [1]),
  select: lazy(function* (items, [, s]) { const f = lambda(s); for (const x of items) yield f(x); }, 2, 2, [1]),
  map: lazy(function* (items, [, s]) { const f = lambda(s); for (const x of items) yield f(x); }, 2, 2, [1]),
  selectMany: lazy(function* (items, [, s]) {
    const f = lambda(s);
    for (const x of items) {
      const inner = f(x);
      if (isIterable(inner)) yield* inner;
      else yield inner;
    }
  }, 2, 2, [1]),
  skip: lazy(function* (items, [, c]) {
    const n = int(c);
    if (n < 0) throw valueError(`Indices for islice() ${ISLICE}`);
    let i = 0;
    for (const x of items) if (i++ >= n) yield x;
  }, 2),
  take: lazy(takeItems, 2),
  limit: lazy(takeItems, 2),
  append: { form: 'both', impl: (args, _named, env) => {
    const items = iterable(args[0]);
    const extra = args.slice(1);
    return env.iterator((function* () { yield* items; yield* extra; })());
  } },
  distinct: { form: 'both', lazy: [1], impl: (args, _named, env) => {
    arity(args, 1, 2);
    return env.iterator(distinctItems(iterable(args[0]), optLambda(args[1]), env));
  } },
  any: { form: 'both', lazy: [1], impl: (args) => {
    arity(args, 1, 2);
    const p = optLambda(args[1]);
    for (const x of iterable(args[0])) if (!p || truthy(p(x))) return true;
    return false;
  } },
  all: { form: 'both', lazy: [1], impl: (args) => {
    arity(args, 1, 2);
    const p = optLambda(args[1]);
    for (const x of iterable(args[0])) if (!truthy(p ? p(x) : x)) return false;
    return true;
  } },
  count: { form: 'method', impl: (args) => {
    arity(args, 1);
    let n = 0;
    for (const _ of iterable(args[0])) n++;
    return n;
  } },
  memorize: { form: 'method', impl: (args) => (arity(args, 1), [...iterable(args[0])]) },
  sum: { form: 'method', impl: (args) => (arity(args, 1, 2), reduce(iterable(args[0]), add, args[1])) },
  '.max': { form: 'method', impl: (args) => (arity(args, 1, 2), reduce(iterable(args[0]), max, args[1])) },
  '.min': { form: 'method', impl: (args) => (arity(args, 1, 2), reduce(iterable(args[0]), min, args[1])) },
  first: { form: 'method', impl: (args) => {
    arity(args, 1, 2);
    for (const x of iterable(args[0])) return x;
    if (args.length < 2) throw stopIteration();
    return args[1];
  } },
  last: { form: 'method', impl: (args) => {
    arity(args, 1, 2);
    let found = false;
    let last: unknown;
    for (const x of iterable(args[0])) [found, last] = [true, x];
    if (found) return last;
    if (args.length < 2) throw stopIteration();
    return args[1];
  } },
  single: { form: 'method', impl: (args) => {
    arity(args, 1);
    const items = [...takeItems(iterable(args[0]), [undefined, 2])];
    if (items.length === 0) throw stopIteration();
    if (items.length > 1) throw stopIteration('Collection contains more than one item');
    return items[0];
  } },
  orderBy: ordering(true, true),
  orderByDescending: ordering(false, true),
  thenBy: ordering(true, false),
  thenByDescending: ordering(false, false),
  groupBy: { form: 'method', params: ['collection', 'keySelector', 'valueSelector', 'aggregator'], lazy: [1, 2, 3], impl: (args, _named, env) => {
    arity(args, 2, 4);
    const [key, value, aggregator] = [lambda(args[1]), optLambda(args[2]), optLambda(args[3])];
    const groups = new Map<string, [unknown, unknown[]]>();
    for (const x of iterable(args[0])) {
      const k = key(x);
      const id = hashKey(k);
      let group = groups.get(id);
      if (!group) groups.set(id, (group = [k, []]));
      group[1].push(value ? value(x) : x);
    }
    return env.iterator((function* () {
      for (const [k, items] of groups.values()) yield [k, aggregator ? aggregator(items) : items];
    })());
  } },
  takeWhile: lazy(function* (items, [, p]) { const f = lambda(p); for (const x of items) { if (!truthy(f(x))) return; yield x; } }, 2, 2, [1]),
  skipWhile: lazy(function* (items, [, p]) {
    const f = lambda(p);
    let skipping = true;
    for (const x of items) if (!(skipping &&= truthy(f(x)))) yield x;
  }, 2, 2, [1]),
  indexWhere: { form: 'method', lazy: [1], impl: (args) => findIndex(args, false) },
  lastIndexWhere: { form: 'method', lazy: [1], impl: (args) => findIndex(args, true) },
  aggregate: { form: 'method', lazy: [1], impl: (args) => (arity(args, 2, 3), reduce(iterable(args[0]), lambda(args[1]), args[2])) },
  reduce: { form: 'method', lazy: [1], impl: (args) => (arity(args, 2, 3), reduce(iterable(args[0]), lambda(args[1]), args[2])) },
  reverse: lazy((items) => [...items].reverse(), 1),
  defaultIfEmpty: { form: 'method', impl: (args) => {
    arity(args, 2);
    const items = [...iterable(args[0])];
    iterable(args[1]);
    return items.length > 0 ? items : args[1];
  } },
};

function* takeItems(items: Iterable<unknown>, args: readonly unknown[]): Generator<unknown> {
  const n = int(args[1]);
  if (n < 0) throw valueError(`Stop argument for islice() ${ISLICE}`);
  if (n === 0) return;
  let i = 0;
  for (const x of items) {
    yield x;
    if (++i >= n) return;
  }
}

function findIndex(args: unknown[], last: boolean): number {
  arity(args, 2);
  const f = lambda(args[1]);
  let found = -1;
  let i = 0;
  for (const x of iterable(args[0])) {
    if (truthy(f(x))) {
      found = i;
      if (!last) break;
    }
    i++;
  }
  return found;
}
