/**
 * YAQL's operators with the overloads YAQL 2.0 registers, and nothing more: `+` joins two
 * strings, two numbers, two collections or two dicts (never a string and a number); `<` and
 * friends order numbers with numbers and strings with strings, null below everything; `/` on
 * two ints divides as `//`; bool is not a number here (`true + 1` fails) though `=` compares it
 * as one (`1 = true`). A body throws NO_MATCH when no overload fits; the evaluator then reports
 * `No function "#operator_+" matches supplied arguments`.
 */
import { PythonError } from '../../../python/errors.js';
import { pyCompare } from '../../../python/compare.js';
import { setOwn } from '../../../python/values.js';
import { keyError, noMatchingFunction, NO_MATCH } from '../errors.js';
import { dictKey, pyRepr } from '../output.js';
import {
  YaqlRegex, YaqlSet, equals, float, isFloat, isInt, isIterable, isList, isMapping, isNumber, num, truthy,
} from '../values.js';
import type { Env } from './spec.js';

type Binary = (a: unknown, b: unknown, env: Env) => unknown;

/** Python arithmetic on two YAQL numbers: int with int stays int, anything with a float is a float. */
function arithmetic(a: unknown, b: unknown, op: (x: number, y: number) => number): unknown {
  if (!isNumber(a) || !isNumber(b)) throw NO_MATCH;
  const r = op(num(a), num(b));
  return isFloat(a) || isFloat(b) ? float(r) : r;
}

function divide(a: unknown, b: unknown): unknown {
  if (!isNumber(a) || !isNumber(b)) throw NO_MATCH;
  const [x, y] = [num(a), num(b)];
  const floats = isFloat(a) || isFloat(b);
  if (y === 0) throw new PythonError('ZeroDivisionError', floats ? 'float division by zero' : 'integer division or modulo by zero');
  return floats ? float(x / y) : Math.floor(x / y);
}

function modulo(a: unknown, b: unknown): unknown {
  if (!isNumber(a) || !isNumber(b)) throw NO_MATCH;
  const [x, y] = [num(a), num(b)];
  const floats = isFloat(a) || isFloat(b);
  if (y === 0) throw new PythonError('ZeroDivisionError', floats ? 'float modulo' : 'integer modulo by zero');
  const r = x % y;
  const m = r !== 0 && r < 0 !== y < 0 ? r + y : r;
  return floats ? float(m) : m;
}

function repeat(seq: unknown, times: unknown): unknown {
  const n = Math.max(0, Number(times));
  if (typeof seq === 'string') return seq.repeat(n);
  const items = seq as unknown[];
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(...items);
  return out;
}

function multiply(a: unknown, b: unknown): unknown {
  if (isNumber(a) && isNumber(b)) return arithmetic(a, b, (x, y) => x * y);
  if ((typeof a === 'string' || Array.isArray(a)) && isInt(b)) return repeat(a, b);
  if ((typeof b === 'string' || Array.isArray(b)) && isInt(a)) return repeat(b, a);
  throw NO_MATCH;
}

function add(a: unknown, b: unknown, env: Env): unknown {
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (isNumber(a) && isNumber(b)) return arithmetic(a, b, (x, y) => x + y);
  if (isMapping(a) && isMapping(b)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(a)) setOwn(out, k, v);
    for (const [k, v] of Object.entries(b)) setOwn(out, k, v);
    return out;
  }
  if (isIterable(a) && isIterable(b)) {
    // Two tuples make a tuple; anything else chains into an iterator, as YAQL's concat does.
    if (Array.isArray(a) && Array.isArray(b) && !isList(a) && !isList(b)) return [...a, ...b];
    if (a instanceof YaqlSet && b instanceof YaqlSet) return new YaqlSet([...a, ...b]);
    return env.iterator(chain(a, b));
  }
  throw NO_MATCH;
}

function* chain(...parts: Iterable<unknown>[]): Generator<unknown> {
  for (const part of parts) yield* part;
}

function subtract(a: unknown, b: unknown): unknown {
  if (a instanceof YaqlSet && b instanceof YaqlSet) return new YaqlSet([...a].filter((x) => !b.has(x)));
  return arithmetic(a, b, (x, y) => x - y);
}

const NULL_ORDER: Readonly<Record<string, readonly [boolean, boolean, boolean]>> = {
  // [both null, only the right is null, only the left is null]
  '<': [false, false, true],
  '<=': [true, false, true],
  '>': [false, true, false],
  '>=': [true, true, false],
};

/** `<`, `<=`, `>`, `>=` over the overloads YAQL has: numbers, strings, sets, and null against anything. */
export function order(op: '<' | '<=' | '>' | '>=', a: unknown, b: unknown): boolean {
  let c: number;
  if (isNumber(a) && isNumber(b)) c = Math.sign(num(a) - num(b));
  else if (typeof a === 'string' && typeof b === 'string') c = pyCompare(a, b);
  else if (a instanceof YaqlSet && b instanceof YaqlSet) return setOrder(op, a, b);
  else {
    const an = a === null || a === undefined;
    const bn = b === null || b === undefined;
    if (!an && !bn) throw NO_MATCH;
    const table = NULL_ORDER[op] as readonly [boolean, boolean, boolean];
    return an && bn ? table[0] : bn ? table[1] : table[2];
  }
  if (Number.isNaN(c)) return false;
  return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
}

function setOrder(op: string, a: YaqlSet, b: YaqlSet): boolean {
  const sub = [...a.members.keys()].every((k) => b.members.has(k));
  const sup = [...b.members.keys()].every((k) => a.members.has(k));
  if (op === '<') return sub && a.size < b.size;
  if (op === '<=') return sub;
  if (op === '>') return sup && a.size > b.size;
  return sup;
}

/** `orderBy`'s comparison: YAQL's `#operator_<` and `#operator_>` as a sort order. */
export function compareForSort(a: unknown, b: unknown): number {
  try {
    return order('<', a, b) ? -1 : order('>', a, b) ? 1 : 0;
  } catch (err) {
    if (err === NO_MATCH) throw noMatchingFunction('#operator_<');
    throw err;
  }
}

/** `value in collection`: a substring for two strings, membership for any collection. */
export function contains(collection: unknown, value: unknown): boolean {
  if (typeof value === 'string' && typeof collection === 'string') return collection.includes(value);
  if (collection instanceof YaqlSet) return collection.has(value);
  if (!isIterable(collection)) throw NO_MATCH;
  for (const item of collection) if (equals(item, value)) return true;
  return false;
}

function regexMatches(text: unknown, pattern: unknown): boolean {
  if (typeof text !== 'string') throw NO_MATCH;
  if (pattern instanceof YaqlRegex) return pattern.compile().test(text);
  if (typeof pattern !== 'string') throw NO_MATCH;
  return new YaqlRegex(pattern, { ignoreCase: false, multiline: false, dotAll: false }).compile().test(text);
}

/** `target[key]`, `target[key, default]`: dict lookups (KeyError when missing) and Python sequence indexing. */
export function indexer(target: unknown, args: readonly unknown[]): unknown {
  if (isMapping(target)) {
    if (args.length < 1 || args.length > 2 || args[0] === undefined) throw NO_MATCH;
    const key = dictKey(args[0]);
    if (Object.hasOwn(target, key)) return target[key];
    if (args.length === 2) return args[1] ?? null;
    throw keyError(pyRepr(args[0]));
  }
  if (Array.isArray(target) && args.length === 1 && isInt(args[0])) {
    const i = Number(args[0]);
    const at = i < 0 ? target.length + i : i;
    if (at < 0 || at >= target.length) throw new PythonError('IndexError', `${isList(target) ? 'list' : 'tuple'} index out of range`);
    return target[at];
  }
  throw NO_MATCH;
}

/** The binary operators the evaluator applies to two evaluated operands (`and`, `or`, `->` are its own). */
export const BINARY_OPERATORS: Readonly<Record<string, Binary>> = {
  '+': add,
  '-': subtract,
  '*': multiply,
  '/': divide,
  mod: modulo,
  '=': (a, b) => equals(a, b),
  '!=': (a, b) => !equals(a, b),
  '<': (a, b) => order('<', a, b),
  '<=': (a, b) => order('<=', a, b),
  '>': (a, b) => order('>', a, b),
  '>=': (a, b) => order('>=', a, b),
  in: (a, b) => contains(b, a),
  '=~': (a, b) => regexMatches(a, b),
  '!~': (a, b) => !regexMatches(a, b),
};

/** `-x`, `+x`, `not x`. */
export const UNARY_OPERATORS: Readonly<Record<string, (a: unknown) => unknown>> = {
  '-': (a) => arithmetic(0, a, (_x, y) => -y),
  '+': (a) => {
    if (!isNumber(a)) throw NO_MATCH;
    return a;
  },
  not: (a) => !truthy(a),
};

/** The name YAQL reports for an operator whose overloads all failed. */
export function operatorName(op: string, unary: boolean): string {
  return unary ? `#unary_operator_${op}` : `#operator_${op}`;
}
