/**
 * YAQL's string functions (`standard_library/strings.py`). Python's own `str` methods do the
 * work (the same ones Jinja templates call), so splitting, stripping and replacing behave as
 * they do in StackStorm. `str()` writes null/true/false as YAQL does; `join` and `format` print
 * YAQL's tuples the Python way (`(1, 2)`).
 */
import { strFormat } from '../../../python/format.js';
import { chars } from '../../../python/values.js';
import { callTemplateFunction } from '../../jinja/callables.js';
import { pythonMethod } from '../../jinja/methods.js';
import { NO_MATCH } from '../errors.js';
import { yaqlStr } from '../output.js';
import { YaqlRegex, equals, isIterable, isMapping, markList, pythonView } from '../values.js';
import { regexReplace, regexSplit } from './regex.js';
import { arity, int, iterable, lambda, optStr, str, type Env, type FunctionTable } from './spec.js';

/** `s.<method>(args)` with Python's semantics. */
function py(s: string, method: string, ...args: unknown[]): unknown {
  return callTemplateFunction(pythonMethod(s, method)!, args);
}

function joinItems(items: Iterable<unknown>, separator: string): string {
  const parts: string[] = [];
  for (const item of items) parts.push(yaqlStr(item));
  return parts.join(separator);
}

/** `a.join(b)` either way round, and the query join `c1.join(c2, predicate, selector)`. */
function join(args: unknown[], env: Env): unknown {
  const [a, b] = args;
  if (args.length === 4) {
    const [predicate, selector] = [lambda(args[2]), lambda(args[3])];
    const inner = [...iterable(b)];
    const outer = iterable(a);
    return env.iterator((function* () {
      for (const x of outer) for (const y of inner) if (predicate(x, y)) yield selector(x, y);
    })());
  }
  arity(args, 2);
  if (isIterable(a) && typeof b === 'string') return joinItems(a, b);
  if (typeof a === 'string' && isIterable(b)) return joinItems(b, a);
  throw NO_MATCH;
}

function substring(s: string, start: number, length: number): string {
  const cs = chars(s);
  const from = start < 0 ? Math.max(0, cs.length + start) : start;
  return cs.slice(from, length < 0 ? undefined : from + length).join('');
}

/** `string.replace(old, new, count)`, `string.replace({old: new})`, and the regex and collection forms. */
function replace(args: unknown[], env: Env): unknown {
  const [subject, a] = args;
  if (subject instanceof YaqlRegex) return regexReplace(subject, str(a), str(args[2]), int(args[3], 0));
  if (typeof subject === 'string') {
    if (a instanceof YaqlRegex) return regexReplace(a, subject, str(args[2]), int(args[3], 0));
    if (isMapping(a)) {
      arity(args, 2, 3);
      const count = int(args[2], -1);
      let out = subject;
      for (const [k, v] of Object.entries(a)) out = py(out, 'replace', yaqlStr(k), yaqlStr(v), count) as string;
      return out;
    }
    arity(args, 3, 4);
    return py(subject, 'replace', str(a), str(args[2]), int(args[3], -1));
  }
  // collection.replace(position, value, count = 1)
  const items = iterable(subject);
  arity(args, 3, 4);
  const [position, value, count] = [int(a), args[2], int(args[3], 1)];
  return env.iterator((function* () {
    let done = false;
    let i = 0;
    for (const item of items) {
      const hit = count >= 0 ? position <= i && i < position + count : i >= position;
      if (!hit) yield item;
      else if (!done) {
        done = true;
        yield value;
      }
      i++;
    }
  })());
}

function indexOf(args: unknown[], last: boolean): number {
  const [subject, item] = args;
  if (typeof subject === 'string') {
    arity(args, 2, 4);
    const sub = str(item);
    let start = int(args[2], 0);
    if (args[3] === undefined) return py(subject, last ? 'rfind' : 'find', sub, start) as number;
    let length = int(args[3]);
    if (start < 0) start += chars(subject).length;
    if (length < 0) length = chars(subject).length - start;
    return py(subject, last ? 'rfind' : 'find', sub, start, start + length) as number;
  }
  arity(args, 2);
  let found = -1;
  let i = 0;
  for (const x of iterable(subject)) {
    if (equals(x, item)) {
      found = i;
      if (!last) break;
    }
    i++;
  }
  return found;
}

export const STRING_FUNCTIONS: FunctionTable = {
  str: { form: 'function', params: ['value'], impl: (args) => (arity(args, 1), yaqlStr(args[0])) },
  toUpper: { form: 'method', impl: (args) => (arity(args, 1), str(args[0]).toUpperCase()) },
  toLower: { form: 'method', impl: (args) => (arity(args, 1), str(args[0]).toLowerCase()) },
  split: { form: 'method', params: ['string', 'separator', 'maxSplits'], impl: (args) => {
    arity(args, 1, 3);
    const [s, sep] = args;
    if (s instanceof YaqlRegex) return regexSplit(s, str(sep), int(args[2], 0));
    if (sep instanceof YaqlRegex) return regexSplit(sep, str(s), int(args[2], 0));
    return markList(py(str(s), 'split', optStr(sep), int(args[2], -1)) as unknown[]);
  } },
  rightSplit: { form: 'method', params: ['string', 'separator', 'maxSplits'], impl: (args) => {
    arity(args, 1, 3);
    return markList(py(str(args[0]), 'rsplit', optStr(args[1]), int(args[2], -1)) as unknown[]);
  } },
  join: { form: 'method', lazy: [2, 3], impl: (args, _named, env) => join(args, env) },
  concat: { form: 'both', impl: (args, _named, env) => {
    if (args.every((a) => typeof a === 'string')) return args.join('');
    for (const a of args) iterable(a);
    return env.iterator((function* () {
      for (const a of args) yield* a as Iterable<unknown>;
    })());
  } },
  trim: { form: 'method', params: ['string', 'chars'], impl: (args) => (arity(args, 1, 2), py(str(args[0]), 'strip', optStr(args[1]))) },
  trimLeft: { form: 'method', params: ['string', 'chars'], impl: (args) => (arity(args, 1, 2), py(str(args[0]), 'lstrip', optStr(args[1]))) },
  trimRight: { form: 'method', params: ['string', 'chars'], impl: (args) => (arity(args, 1, 2), py(str(args[0]), 'rstrip', optStr(args[1]))) },
  norm: { form: 'both', params: ['string', 'chars'], impl: (args) => {
    arity(args, 1, 2);
    const s = optStr(args[0]);
    if (s === null) return null;
    const value = py(s, 'strip', optStr(args[1])) as string;
    return value === '' ? null : value;
  } },
  isEmpty: { form: 'both', params: ['string', 'trim', 'chars'], impl: (args) => {
    arity(args, 1, 3);
    const s = optStr(args[0]);
    if (s === null) return true;
    const trim = args[1] === undefined ? true : args[1];
    if (typeof trim !== 'boolean') throw NO_MATCH;
    return (trim ? (py(s, 'strip', optStr(args[2])) as string) : s) === '';
  } },
  replace: { form: 'method', impl: (args, _named, env) => replace(args, env) },
  format: { form: 'both', namedRest: true, impl: (args, named) => {
    const fmt = str(args[0]);
    const kwargs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(named)) kwargs[k] = pythonView(v);
    return strFormat(fmt, args.slice(1).map(pythonView), kwargs);
  } },
  substring: { form: 'method', params: ['string', 'start', 'length'], impl: (args) => {
    arity(args, 2, 3);
    return substring(str(args[0]), int(args[1]), int(args[2], -1));
  } },
  indexOf: { form: 'method', impl: (args) => indexOf(args, false) },
  lastIndexOf: { form: 'method', impl: (args) => indexOf(args, true) },
  toCharArray: { form: 'method', impl: (args) => (arity(args, 1), chars(str(args[0]))) },
  startsWith: { form: 'method', impl: (args) => {
    const s = str(args[0]);
    return args.slice(1).map(str).some((p) => s.startsWith(p));
  } },
  endsWith: { form: 'method', impl: (args) => {
    const s = str(args[0]);
    return args.slice(1).map(str).some((p) => s.endsWith(p));
  } },
};
