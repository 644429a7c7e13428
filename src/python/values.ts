/**
 * Python's view of JSON-shaped JavaScript values: type names, tuples, truthiness, iteration and
 * `len`. `null` and `undefined` are `None`; a JavaScript number stands for both `int` and
 * `float` (JSON does not keep `1.0` apart from `1`), and an integral number behaves as an `int`.
 */
import { typeError } from './errors.js';

const TUPLES = new WeakSet<readonly unknown[]>();

/** A Python tuple: an ordinary array that prints as `('a', 1)` and never equals a list. */
export function tuple(...items: unknown[]): unknown[] {
  TUPLES.add(items);
  return items;
}

/**
 * A Python float whose value is integral (`3.0`). A JavaScript number cannot tell `3.0` from the
 * int `3`, yet Python prints them differently (`str(float(3))` is `'3.0'`); expression code that
 * must keep the difference (YAQL's `float()`, `3 * 1.0`) boxes such results in this class.
 * Non-integral numbers need no box: they can only be floats.
 */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** Whether `v` is a Python float: a boxed integral float or a non-integral number (NaN and infinities too). */
export function isPyFloat(v: unknown): boolean {
  return v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v));
}

/** Whether `v` was made by {@link tuple}. */
export function isTuple(v: unknown): v is unknown[] {
  return Array.isArray(v) && TUPLES.has(v);
}

/** A `dict`: an object literal or JSON object (not an array, class instance or function). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Sets an own property even for keys such as `__proto__` (Python data never reaches a prototype). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `type(v).__name__`: `str`, `int`, `float`, `bool`, `NoneType`, `list`, `tuple`, `dict`. */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    case 'bigint':
      return 'int';
    case 'string':
      return 'str';
    case 'function':
      return 'function';
    default:
      if (v instanceof PyFloat) return 'float';
      if (Array.isArray(v)) return isTuple(v) ? 'tuple' : 'list';
      if (isPlainObject(v)) return 'dict';
      return 'object';
  }
}

/** Python's characters of a string (code points, not UTF-16 units). */
export function chars(s: string): string[] {
  return /[\uD800-\uDFFF]/.test(s) ? Array.from(s) : s.split('');
}

/** `bool(v)`: `None`, `False`, `0`, `''`, `[]` and `{}` are false. */
export function pyTruthy(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (isPlainObject(v)) return Object.keys(v).length > 0;
  if (v instanceof PyFloat) return v.value !== 0;
  return true;
}

/** A number for arithmetic, treating booleans as 0 and 1 (Python's bool is an int); undefined when `v` is not numeric. */
export function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof PyFloat) return v.value;
  return undefined;
}

/** `list(v)`: the items iterating `v` yields (characters, keys of a dict, elements). */
export function pyIter(v: unknown): unknown[] {
  if (typeof v === 'string') return chars(v);
  if (Array.isArray(v)) return v.slice();
  if (isPlainObject(v)) return Object.keys(v);
  throw typeError(`'${pyTypeName(v)}' object is not iterable`);
}

/** `len(v)`. */
export function pyLen(v: unknown): number {
  if (typeof v === 'string') return chars(v).length;
  if (Array.isArray(v)) return v.length;
  if (isPlainObject(v)) return Object.keys(v).length;
  throw typeError(`object of type '${pyTypeName(v)}' has no len()`);
}
