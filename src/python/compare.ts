/**
 * Python's comparisons: `==`, ordering (`<`, `>`, ...), `in`, and the hash identity of a value.
 * No coercion between strings and numbers; `True == 1` and `1 == 1.0`, as in Python; where
 * Python raises (`'a' < 1`, `1 in 'abc'`, `[1] in {}`) these throw its TypeError.
 */
import { typeError } from './errors.js';
import { asNumber, isPlainObject, isTuple, pyTypeName } from './values.js';

/** `a == b`: deep for lists and dicts, a tuple never equals a list, `None` only equals `None`. */
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

/** Compares strings by code point, as Python does (JavaScript's `<` compares UTF-16 units). */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Only surrogates (astral characters) order differently by unit than by code point.
    if ((x >= 0xd800 && x <= 0xdfff) || (y >= 0xd800 && y <= 0xdfff)) {
      return Math.sign((a.codePointAt(i) ?? x) - (b.codePointAt(i) ?? y));
    }
    return x < y ? -1 : 1;
  }
  return Math.sign(a.length - b.length);
}

/**
 * Python ordering as -1, 0 or 1: numbers (bools included) numerically, strings by code point,
 * lists (and tuples) item by item. `op` only names the operator in the TypeError raised for
 * types Python cannot order. NaN compares as 0, so `<` and `>` both come out false as in Python.
 */
export function pyCompare(a: unknown, b: unknown, op = '<'): number {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined && nb !== undefined) return na < nb ? -1 : na > nb ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    // Python finds the first pair that differs by ==, then compares that pair with the same operator.
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!pyEquals(a[i], b[i])) return pyCompare(a[i], b[i], op);
    }
    return Math.sign(a.length - b.length);
  }
  throw typeError(`'${op}' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

/**
 * `item in container`. A dict's keys are strings (JSON objects have no other kind), so only a
 * string can be one of them; a list or dict as the item is unhashable, as in Python.
 */
export function pyContains(container: unknown, item: unknown): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw typeError(`'in <string>' requires string as left operand, not ${pyTypeName(item)}`);
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((x) => pyEquals(x, item));
  if (isPlainObject(container)) {
    if ((Array.isArray(item) && !isTuple(item)) || isPlainObject(item)) throw typeError(`unhashable type: '${pyTypeName(item)}'`);
    return typeof item === 'string' && Object.hasOwn(container, item);
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
