/**
 * YAQL's number, boolean and type-test functions (`standard_library/math.py`, `boolean.py`).
 * `int()` and `float()` read null as 0, `round()` always returns a float as Python's
 * `round(x, 0)` does for floats, and `max(a, b)` / `min(a, b)` compare with YAQL's `>`.
 */
import { PythonError, typeError, valueError } from '../../../python/errors.js';
import { parsePyFloat, parsePyInt, pyRound } from '../../../python/numbers.js';
import { PyFloat } from '../../../python/values.js';
import { NO_MATCH, noMatchingFunction } from '../errors.js';
import { pyRepr } from '../output.js';
import { YaqlRegex, YaqlSet, float, isFloat, isInt, isIterable, isList, isMapping, isNumber, num, truthy } from '../values.js';
import { order } from './operators.js';
import { arity, int, number, type FunctionTable } from './spec.js';

function toInt(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'boolean') return Number(v);
  if (isNumber(v)) {
    const n = num(v);
    if (!Number.isFinite(n)) throw Number.isNaN(n) ? valueError('cannot convert float NaN to integer') : new PythonError('OverflowError', 'cannot convert float infinity to integer');
    return Math.trunc(n) || 0;
  }
  if (typeof v === 'string') {
    const n = parsePyInt(v);
    if (n === undefined) throw valueError(`invalid literal for int() with base 10: ${pyRepr(v)}`);
    return n;
  }
  throw typeError(`int() argument must be a string, a bytes-like object or a real number, not '${typeName(v)}'`);
}

function toFloat(v: unknown): number | PyFloat {
  if (v === null || v === undefined) return new PyFloat(0);
  if (typeof v === 'boolean') return new PyFloat(Number(v));
  if (isNumber(v)) return float(num(v));
  if (typeof v === 'string') {
    const n = parsePyFloat(v);
    if (n === undefined) throw valueError(`could not convert string to float: ${pyRepr(v)}`);
    return float(n);
  }
  throw typeError(`float() argument must be a string or a real number, not '${typeName(v)}'`);
}

function typeName(v: unknown): string {
  if (Array.isArray(v)) return isList(v) ? 'list' : 'tuple';
  if (isMapping(v)) return 'dict';
  return typeof v;
}

/** `max(a, b)`: b when `b > a` by YAQL's `>`, else a. The comparison reports its own overload failure. */
function greater(a: unknown, b: unknown): boolean {
  try {
    return order('>', b, a);
  } catch (err) {
    if (err === NO_MATCH) throw noMatchingFunction('#operator_>');
    throw err;
  }
}

function bits(op: (x: number, y: number) => number): FunctionTable[string] {
  return { form: 'function', impl: ([a, b]) => op(int(a), int(b)) };
}

export const MATH_FUNCTIONS: FunctionTable = {
  abs: { form: 'function', impl: (args) => {
    arity(args, 1);
    const v = number(args[0]);
    return isFloat(v) ? float(Math.abs(num(v))) : Math.abs(num(v));
  } },
  int: { form: 'function', params: ['value'], impl: (args) => (arity(args, 1), toInt(args[0])) },
  float: { form: 'function', params: ['value'], impl: (args) => (arity(args, 1), toFloat(args[0])) },
  bool: { form: 'function', params: ['value'], impl: (args) => (arity(args, 1), truthy(args[0])) },
  random: { form: 'function', impl: (args) => {
    arity(args, 0, 2);
    if (args.length === 0) return Math.random();
    if (args.length !== 2) throw NO_MATCH;
    const [from, to] = [toInt(args[0]), toInt(args[1])];
    if (from > to) throw valueError(`empty range for randrange() (${from}, ${to + 1}, ${to + 1 - from})`);
    return from + Math.floor(Math.random() * (to - from + 1));
  } },
  max: { form: 'function', impl: (args) => (arity(args, 2), greater(args[0], args[1]) ? args[1] : args[0]) },
  min: { form: 'function', impl: (args) => (arity(args, 2), greater(args[0], args[1]) ? args[0] : args[1]) },
  pow: { form: 'function', impl: (args) => {
    arity(args, 2, 3);
    const [a, b] = [number(args[0]), number(args[1])];
    const c = args[2] === undefined || args[2] === null ? undefined : number(args[2]);
    if (c !== undefined) {
      if (isFloat(a) || isFloat(b) || isFloat(c)) throw typeError('pow() 3rd argument not allowed unless all arguments are integers');
      let result = 1;
      let base = num(a) % num(c);
      for (let e = num(b); e > 0; e = Math.floor(e / 2), base = (base * base) % num(c)) if (e % 2 === 1) result = (result * base) % num(c);
      return result;
    }
    const r = num(a) ** num(b);
    return isFloat(a) || isFloat(b) || num(b) < 0 ? float(r) : r;
  } },
  sign: { form: 'function', impl: (args) => (arity(args, 1), Math.sign(num(number(args[0]))) || 0) },
  round: { form: 'function', params: ['number', 'ndigits'], impl: (args) => {
    arity(args, 1, 2);
    const v = number(args[0]);
    const digits = int(args[1], 0);
    const r = pyRound(num(v), digits);
    return isFloat(v) ? float(r) : r;
  } },
  bitwiseAnd: bits((x, y) => x & y),
  bitwiseOr: bits((x, y) => x | y),
  bitwiseXor: bits((x, y) => x ^ y),
  bitwiseNot: { form: 'function', impl: ([a]) => ~int(a) },
  shiftBitsLeft: bits((x, y) => x * 2 ** y),
  shiftBitsRight: bits((x, y) => Math.floor(x / 2 ** y)),
  isInteger: { form: 'function', impl: ([v]) => typeof v === 'number' && Number.isInteger(v) },
  isNumber: { form: 'function', impl: ([v]) => isNumber(v) },
  isBoolean: { form: 'function', impl: ([v]) => typeof v === 'boolean' },
  isString: { form: 'function', impl: ([v]) => typeof v === 'string' },
  isList: { form: 'function', impl: ([v]) => Array.isArray(v) },
  isDict: { form: 'function', impl: ([v]) => isMapping(v) },
  isSet: { form: 'function', impl: ([v]) => v instanceof YaqlSet },
  isIterable: { form: 'function', impl: ([v]) => isIterable(v) },
  isRegex: { form: 'function', impl: ([v]) => v instanceof YaqlRegex },
  hex: { form: 'function', impl: (args) => {
    arity(args, 1);
    const v = args[0];
    if (!isInt(v)) throw typeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
    const n = Number(v);
    return `${n < 0 ? '-' : ''}0x${Math.abs(n).toString(16)}`;
  } },
};
