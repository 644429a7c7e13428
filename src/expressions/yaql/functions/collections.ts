/**
 * YAQL's list, dict and set functions (`standard_library/collections.py`). Dicts are never
 * changed in place: `set`, `delete` and `mergeWith` return new ones. `list(...)` unpacks
 * iterator arguments (`list(1, range(2))` is `[1, 0, 1]`); `dict()` takes `key => value` rules
 * or a list of pairs (`dict(keys.zip(values))`).
 */
import { typeError } from '../../../python/errors.js';
import { chars, pyTypeName, setOwn } from '../../../python/values.js';
import { NO_MATCH, stopIteration } from '../errors.js';
import { dictKey } from '../output.js';
import { YaqlIterator, YaqlSet, equals, isIterable, isMapping } from '../values.js';
import { distinctItems } from './queries.js';
import {
  RuleValue, arity, int, iterable, lambda, mapping, optLambda, type Env, type FunctionTable, type Lambda,
} from './spec.js';

function copy(d: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) setOwn(out, k, v);
  return out;
}

/** The items of `list()` / `set()` arguments: iterators are unpacked, anything else is one item. */
function* unpacked(args: readonly unknown[]): Generator<unknown> {
  for (const a of args) {
    if (a instanceof YaqlIterator) yield* unpacked([...a]);
    else yield a;
  }
}

function pairsToDict(items: Iterable<unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of items) {
    const it = pairItems(pair)[Symbol.iterator]();
    const key = it.next();
    const value = it.next();
    if (key.done || value.done) throw stopIteration();
    setOwn(out, dictKey(key.value), value.value);
  }
  return out;
}

function pairItems(pair: unknown): Iterable<unknown> {
  if (typeof pair === 'string') return chars(pair);
  if (isMapping(pair)) return Object.keys(pair);
  return iterable(pair);
}

function length(v: unknown): number {
  if (typeof v === 'string') return chars(v).length;
  if (Array.isArray(v)) return v.length;
  if (isMapping(v)) return Object.keys(v).length;
  if (v instanceof YaqlSet) return v.size;
  if (v instanceof YaqlIterator) {
    let n = 0;
    for (const _ of v) n++;
    return n;
  }
  throw NO_MATCH;
}

/** Which positions `delete`, `replace` and `insert` act on: `count` from `position`, or all after it when negative. */
function inRange(i: number, position: number, count: number): boolean {
  return count >= 0 ? position <= i && i < position + count : i >= position;
}

function merge(a: Record<string, unknown>, b: Record<string, unknown>, lists: Lambda, items: Lambda, levels: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v1] of Object.entries(a)) {
    setOwn(out, key, v1);
    if (!Object.hasOwn(b, key)) continue;
    const v2 = b[key];
    if (levels !== 1 && isMapping(v2)) {
      if (!isMapping(v1)) throw typeError(`Cannot merge ${pyTypeName(v1)} with dict`);
      setOwn(out, key, merge(v1, v2, lists, items, levels === 0 ? 0 : levels - 1));
    } else if (levels !== 1 && Array.isArray(v2)) {
      if (!Array.isArray(v1)) throw typeError(`Cannot merge ${pyTypeName(v1)} with list`);
      setOwn(out, key, lists(v1, v2));
    } else {
      setOwn(out, key, items(v1, v2));
    }
  }
  for (const [key, v2] of Object.entries(b)) if (!Object.hasOwn(out, key)) setOwn(out, key, v2);
  return out;
}

function mergeWith(args: unknown[], env: Env): Record<string, unknown> {
  arity(args, 2, 5);
  const lists = optLambda(args[2]) ?? ((x: unknown, y: unknown) => [...distinctItems([...(x as unknown[]), ...(y as unknown[])], undefined, env)]);
  const items = optLambda(args[3]) ?? ((_x: unknown, y: unknown) => y);
  return merge(mapping(args[0]), mapping(args[1]), lists, items, int(args[4], 0));
}

export const COLLECTION_FUNCTIONS: FunctionTable = {
  list: { form: 'function', impl: (args) => [...unpacked(args.map((a) => a ?? null))] },
  toList: { form: 'method', impl: (args) => (arity(args, 1), [...iterable(args[0])]) },
  flatten: { form: 'method', impl: (args, _named, env) => {
    arity(args, 1);
    const walk = function* (items: Iterable<unknown>): Generator<unknown> {
      for (const item of items) {
        if (isIterable(item)) yield* walk(item);
        else yield item;
      }
    };
    return env.iterator(walk(iterable(args[0])));
  } },
  dict: { form: 'function', rules: 'eager', impl: (args) => {
    if (args.every((a) => a instanceof RuleValue)) {
      const out: Record<string, unknown> = {};
      for (const r of args as RuleValue[]) setOwn(out, dictKey(r.source), r.destination);
      return out;
    }
    arity(args, 1);
    return pairsToDict(iterable(args[0]));
  } },
  toDict: { form: 'method', params: ['collection', 'keySelector', 'valueSelector'], lazy: [1, 2], impl: (args) => {
    arity(args, 2, 3);
    const [key, value] = [lambda(args[1]), optLambda(args[2])];
    const out: Record<string, unknown> = {};
    for (const item of iterable(args[0])) setOwn(out, dictKey(key(item)), value ? value(item) : item);
    return out;
  } },
  get: { form: 'method', params: ['dict', 'key', 'default'], impl: (args) => {
    arity(args, 2, 3);
    const d = mapping(args[0]);
    const key = dictKey(args[1]);
    return Object.hasOwn(d, key) ? d[key] : (args[2] ?? null);
  } },
  '.set': { form: 'method', rules: 'eager', impl: (args) => {
    const out = copy(mapping(args[0]));
    const rest = args.slice(1);
    if (rest.every((a) => a instanceof RuleValue)) {
      for (const r of rest as RuleValue[]) setOwn(out, dictKey(r.source), r.destination);
    } else if (rest.length === 1) {
      for (const [k, v] of Object.entries(mapping(rest[0]))) setOwn(out, k, v);
    } else {
      arity(args, 3);
      setOwn(out, dictKey(rest[0]), rest[1]);
    }
    return out;
  } },
  set: { form: 'function', impl: (args) => new YaqlSet(unpacked(args)) },
  toSet: { form: 'method', impl: (args) => (arity(args, 1), new YaqlSet(iterable(args[0]))) },
  keys: { form: 'method', impl: (args, _named, env) => (arity(args, 1), env.iterator(Object.keys(mapping(args[0])))) },
  values: { form: 'method', impl: (args, _named, env) => (arity(args, 1), env.iterator(Object.values(mapping(args[0])))) },
  items: { form: 'method', impl: (args, _named, env) => (arity(args, 1), env.iterator(Object.entries(mapping(args[0])))) },
  contains: { form: 'method', impl: (args) => {
    arity(args, 2);
    const c = iterable(args[0]);
    if (c instanceof YaqlSet) return c.has(args[1]);
    for (const item of c) if (equals(item, args[1])) return true;
    return false;
  } },
  containsKey: { form: 'method', impl: (args) => (arity(args, 2), Object.hasOwn(mapping(args[0]), dictKey(args[1]))) },
  containsValue: { form: 'method', impl: (args) => (arity(args, 2), Object.values(mapping(args[0])).some((v) => equals(v, args[1]))) },
  len: { form: 'both', impl: (args) => (arity(args, 1), length(args[0])) },
  delete: { form: 'method', impl: (args, _named, env) => {
    if (isMapping(args[0])) {
      const out = copy(args[0]);
      for (const key of args.slice(1)) delete out[dictKey(key)];
      return out;
    }
    arity(args, 2, 3);
    const [items, position, count] = [iterable(args[0]), int(args[1]), int(args[2], 1)];
    return env.iterator((function* () {
      let i = 0;
      for (const item of items) if (!inRange(i++, position, count)) yield item;
    })());
  } },
  deleteAll: { form: 'method', impl: (args) => {
    arity(args, 2);
    const out = copy(mapping(args[0]));
    for (const key of iterable(args[1])) delete out[dictKey(key)];
    return out;
  } },
  insert: { form: 'method', impl: (args, _named, env) => {
    arity(args, 3);
    const [position, value] = [int(args[1]), args[2]];
    if (Array.isArray(args[0])) {
      const out = [...args[0]];
      const at = position < 0 ? Math.max(0, out.length + position) : Math.min(position, out.length);
      out.splice(at, 0, value);
      return out;
    }
    const items = iterable(args[0]);
    if (items instanceof YaqlSet) throw NO_MATCH;
    return env.iterator((function* () {
      let i = -1;
      for (const item of items) {
        if (++i === position) yield value;
        yield item;
      }
      if (position > i) yield value;
    })());
  } },
  insertMany: { form: 'method', impl: (args, _named, env) => {
    arity(args, 3);
    const [items, position, values] = [iterable(args[0]), int(args[1]), [...iterable(args[2])]];
    return env.iterator((function* () {
      let i = -1;
      if (position < 0) yield* values;
      for (const item of items) {
        if (++i === position) yield* values;
        yield item;
      }
      if (position > i) yield* values;
    })());
  } },
  replaceMany: { form: 'method', impl: (args, _named, env) => {
    arity(args, 3, 4);
    const [items, position, values, count] = [iterable(args[0]), int(args[1]), [...iterable(args[2])], int(args[3], 1)];
    return env.iterator((function* () {
      let done = false;
      let i = 0;
      for (const item of items) {
        if (!inRange(i++, position, count)) yield item;
        else if (!done) {
          done = true;
          yield* values;
        }
      }
    })());
  } },
  union: { form: 'method', impl: ([a, b]) => new YaqlSet([...setArg(a), ...setArg(b)]) },
  intersect: { form: 'method', impl: ([a, b]) => new YaqlSet([...setArg(a)].filter((x) => setArg(b).has(x))) },
  difference: { form: 'method', impl: ([a, b]) => new YaqlSet([...setArg(a)].filter((x) => !setArg(b).has(x))) },
  symmetricDifference: { form: 'method', impl: ([a, b]) => {
    const [x, y] = [setArg(a), setArg(b)];
    return new YaqlSet([...[...x].filter((v) => !y.has(v)), ...[...y].filter((v) => !x.has(v))]);
  } },
  add: { form: 'method', impl: (args) => new YaqlSet([...setArg(args[0]), ...args.slice(1)]) },
  remove: { form: 'method', impl: (args) => {
    const drop = new YaqlSet(args.slice(1));
    return new YaqlSet([...setArg(args[0])].filter((x) => !drop.has(x)));
  } },
  mergeWith: { form: 'method', params: ['dict', 'another', 'listMerger', 'itemMerger', 'maxLevels'], lazy: [2, 3], impl: (args, _named, env) => mergeWith(args, env) },
};

function setArg(v: unknown): YaqlSet {
  if (!(v instanceof YaqlSet)) throw NO_MATCH;
  return v;
}
