/**
 * YAQL's sequence builders and reshapers (`standard_library/queries.py`): `range()`,
 * `sequence()` (endless, so only with `take()`), `zip`, `repeat`, `cycle`, chunking by size or
 * by predicate, running totals and `generate()`. All are lazy iterators.
 */
import { typeError, valueError } from '../../../python/errors.js';
import { hashKey, markList, truthy } from '../values.js';
import { BINARY_OPERATORS } from './operators.js';
import { lazy, ISLICE } from './queries.js';
import { arity, int, iterable, lambda, optLambda, type FunctionTable } from './spec.js';

/** Cuts a list where `cut` says: dropping the item cut at (`splitWhere`) or starting the next piece with it (`sliceWhere`). */
function chunks(items: unknown[], cut: (item: unknown, i: number) => boolean, keepCut: boolean): unknown[][] {
  const out: unknown[][] = [];
  let start = 0;
  for (let i = 0; i < items.length; i++) {
    if (!cut(items[i], i)) continue;
    if (i > start || !keepCut) out.push(items.slice(start, i));
    start = keepCut ? i : i + 1;
  }
  if (start < items.length) out.push(items.slice(start));
  return out;
}

export const SEQUENCE_FUNCTIONS: FunctionTable = {
  enumerate: { form: 'both', params: ['collection', 'start'], impl: (args, _named, env) => {
    arity(args, 1, 2);
    const items = iterable(args[0]);
    let i = int(args[1], 0);
    return env.iterator((function* () { for (const x of items) yield markList([i++, x]); })());
  } },
  range: { form: 'function', params: ['start', 'stop', 'step'], impl: (args, _named, env) => {
    arity(args, 1, 3);
    const [start, stop] = args.length === 1 ? [0, int(args[0])] : [int(args[0]), int(args[1])];
    const step = int(args[2], 1);
    if (step === 0) throw valueError('range() arg 3 must not be zero');
    return env.iterator((function* () { for (let i = start; step > 0 ? i < stop : i > stop; i += step) yield i; })());
  } },
  sequence: { form: 'function', params: ['start', 'step'], impl: (args, _named, env) => {
    arity(args, 0, 2);
    const [start, step] = [int(args[0], 0), int(args[1], 1)];
    return env.iterator((function* () { for (let i = start; ; i += step) yield i; })());
  } },
  zip: { form: 'method', impl: (args, _named, env) => {
    const its = args.map((a) => iterable(a)[Symbol.iterator]());
    return env.iterator((function* () {
      while (true) {
        const row = its.map((it) => it.next());
        if (row.some((r) => r.done)) return;
        yield row.map((r) => r.value);
      }
    })());
  } },
  zipLongest: { form: 'method', namedRest: true, impl: (args, named, env) => {
    const its = args.map((a) => iterable(a)[Symbol.iterator]());
    const fill = Object.hasOwn(named, 'default') ? named['default'] : null;
    return env.iterator((function* () {
      while (true) {
        const row = its.map((it) => it.next());
        if (row.every((r) => r.done)) return;
        yield row.map((r) => (r.done ? fill : r.value));
      }
    })());
  } },
  repeat: { form: 'method', params: ['value', 'times'], impl: (args, _named, env) => {
    arity(args, 1, 2);
    const [value, times] = [args[0] ?? null, int(args[1], -1)];
    return env.iterator((function* () { for (let i = 0; times < 0 || i < times; i++) yield value; })());
  } },
  cycle: lazy(function* (items) {
    const saved = [...items];
    if (saved.length === 0) return;
    while (true) yield* saved;
  }, 1),
  slice: lazy(function* (items, [, n]) {
    const size = int(n);
    if (size < 0) throw valueError(`Stop argument for islice() ${ISLICE}`);
    if (size === 0) return;
    let chunk: unknown[] = [];
    for (const x of items) {
      chunk.push(x);
      if (chunk.length < size) continue;
      yield chunk;
      chunk = [];
    }
    if (chunk.length > 0) yield chunk;
  }, 2),
  splitWhere: lazy((items, [, p]) => {
    const f = lambda(p);
    return chunks([...items], (x) => truthy(f(x)), false);
  }, 2, 2, [1]),
  sliceWhere: lazy((items, [, p]) => {
    const f = lambda(p);
    const list = [...items];
    const keys = list.map((x) => f(x));
    return chunks(list, (_x, i) => i > 0 && !(BINARY_OPERATORS['='] as (a: unknown, b: unknown) => unknown)(keys[i], keys[i - 1]), true);
  }, 2, 2, [1]),
  splitAt: { form: 'method', impl: (args) => {
    arity(args, 2);
    const list = [...iterable(args[0])];
    const i = int(args[1]);
    return markList([list.slice(0, i), list.slice(i)]);
  } },
  accumulate: lazy(function* (items, args) {
    const f = lambda(args[1]);
    const it = items[Symbol.iterator]();
    let total = args[2];
    if (total === undefined) {
      const first = it.next();
      if (first.done) throw typeError('accumulate() of empty sequence with no initial value');
      total = first.value;
    }
    yield total;
    for (let r = it.next(); !r.done; r = it.next()) yield (total = f(total, r.value));
  }, 2, 3, [1]),
  generate: { form: 'function', params: ['initial', 'predicate', 'producer', 'selector', 'decycle'], lazy: [1, 2, 3], impl: (args, _named, env) => {
    arity(args, 3, 5);
    const [predicate, producer, selector] = [lambda(args[1]), lambda(args[2]), optLambda(args[3])];
    const decycle = args[4] === true;
    return env.iterator((function* () {
      const seen = new Set<string>();
      for (let x = args[0]; truthy(predicate(x)); x = producer(x)) {
        if (decycle) {
          const id = hashKey(x);
          if (seen.has(id)) return;
          seen.add(id);
        }
        yield selector ? selector(x) : x;
      }
    })());
  } },
};
