/**
 * Python value semantics over JSON-shaped JavaScript values, as Jinja2 templates and Orquesta
 * expressions expect them: truthiness (`[]` is false), equality (`[1] == [1]`), ordering,
 * iteration (a dict iterates its keys), `in`, `len`. JavaScript numbers stand for both `int`
 * and `float`; an integral number behaves as an `int`.
 */
import { typeError } from './errors.js';

const TUPLES = new WeakSet<readonly unknown[]>();

/** A Python tuple: an ordinary array that prints as `('a', 1)` and never equals a list. */
export function tuple(...items: unknown[]): unknown[] {
  TUPLES.add(items);
  return items;
}

export function isTuple(v: unknown): v is unknown[] {
  return Array.isArray(v) && TUPLES.has(v);
}

/** A `dict`: an object literal or JSON object (not an array, class instance or function). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Sets an own property even for keys such as `__proto__` (template data never reaches a prototype). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Python's type name for messages: `str`, `int`, `float`, `bool`, `NoneType`, `list`, `tuple`, `dict`. */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    case 'string':
      return 'str';
    case 'function':
      return 'function';
    default:
      if (Array.isArray(v)) return isTuple(v) ? 'tuple' : 'list';
      if (isPlainObject(v)) return 'dict';
      return 'object';
  }
}

/** Python's characters of a string (code points, not UTF-16 units). */
export function chars(s: string): string[] {
  return /[\uD800-\uDFFF]/.test(s) ? Array.from(s) : s.split('');
}

export function pyTruthy(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (isPlainObject(v)) return Object.keys(v).length > 0;
  return true;
}

/** A number for arithmetic, treating booleans as 0 and 1; undefined when `v` is not numeric. */
export function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return undefined;
}

export function pyEquals(a: unknown, b: unknown): boolean {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined || nb !== undefined) return na !== undefined && nb !== undefined && na === nb;
  if (a === null || a === undefined) return b === null || b === undefined;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || isTuple(a) !== isTuple(b) || a.length !== b.length) return false;
    return a.every((x, i) => pyEquals(x, b[i]));
  }
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.hasOwn(b, k) && pyEquals(a[k], b[k]));
  }
  return a === b;
}

/** Python ordering: -1, 0 or 1; a TypeError for types Python cannot order (`'a' < 1`). */
export function pyCompare(a: unknown, b: unknown, op = '<'): number {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined && nb !== undefined) return na < nb ? -1 : na > nb ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!pyEquals(a[i], b[i])) return pyCompare(a[i], b[i], op);
    }
    return Math.sign(a.length - b.length);
  }
  throw typeError(`'${op}' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

/** `list(v)`: the items iterating `v` yields (characters, keys of a dict, elements). */
export function pyIter(v: unknown): unknown[] {
  if (typeof v === 'string') return chars(v);
  if (Array.isArray(v)) return v.slice();
  if (isPlainObject(v)) return Object.keys(v);
  throw typeError(`'${pyTypeName(v)}' object is not iterable`);
}

export function pyLen(v: unknown): number {
  if (typeof v === 'string') return chars(v).length;
  if (Array.isArray(v)) return v.length;
  if (isPlainObject(v)) return Object.keys(v).length;
  throw typeError(`object of type '${pyTypeName(v)}' has no len()`);
}

/** `item in container`. */
export function pyContains(container: unknown, item: unknown): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw typeError(`'in <string>' requires string as left operand, not ${pyTypeName(item)}`);
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((x) => pyEquals(x, item));
  if (isPlainObject(container)) {
    if (typeof item === 'string') return Object.hasOwn(container, item);
    if (typeof item === 'number') return Object.hasOwn(container, String(item));
    if (Array.isArray(item) && !isTuple(item)) throw typeError("unhashable type: 'list'");
    if (isPlainObject(item)) throw typeError("unhashable type: 'dict'");
    return false;
  }
  throw typeError(`argument of type '${pyTypeName(container)}' is not iterable`);
}

/** A key identifying a hashable value the way Python's hash/eq would (`1`, `1.0` and `True` collide). */
export function pyHashKey(v: unknown): string {
  const n = asNumber(v);
  if (n !== undefined) return `n:${n}`;
  if (typeof v === 'string') return `s:${v}`;
  if (v === null || v === undefined) return 'None';
  if (isTuple(v)) return `t:(${v.map(pyHashKey).join(',')})`;
  throw typeError(`unhashable type: '${pyTypeName(v)}'`);
}
