import { SquallError } from '../errors/index.js';

/**
 * Python value semantics for JSON data, as StackStorm's criteria operators see it: payloads and
 * patterns are decoded JSON (`None`, `bool`, `int`, `float`, `str`, `list`, `dict`) and the
 * operators use Python's own `==`, `in`, `<`, `.lower()`, ... without any coercion. Where Python
 * raises, these helpers throw a {@link PythonError} carrying the message Python would print.
 */

/** Python exception class names the operators can raise. */
export type PythonErrorType = 'Exception' | 'TypeError' | 'AttributeError' | 'ValueError' | 'ParserError' | 'error' | 'UnrecognizedConditionError';

/** An operator failure with Python's exception type and message, e.g. `TypeError: unhashable type: 'list'`. */
export class PythonError extends SquallError {
  readonly pyType: PythonErrorType;
  readonly pyMessage: string;

  constructor(pyType: PythonErrorType, pyMessage: string) {
    super('CRITERIA_OPERATOR_FAILED', `${pyType}: ${pyMessage}`);
    this.name = 'PythonError';
    this.pyType = pyType;
    this.pyMessage = pyMessage;
  }
}

/** `type(v).__name__` for decoded JSON. Integral numbers are `int`: JSON does not keep `1.0` apart from `1`. */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    case 'string':
      return 'str';
    case 'bigint':
      return 'int';
    default:
      return Array.isArray(v) ? 'list' : 'dict';
  }
}

function isNumeric(v: unknown): v is number | boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}

function isDict(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Python `a == b`: `True == 1`, `1 == 1.0`, deep equality for lists and dicts, no str/number coercion. */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (isNumeric(a) && isNumeric(b)) return Number(a) === Number(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!pyEquals(a[i], b[i])) return false;
    return true;
  }
  if (isDict(a) && isDict(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    for (const k of keys) if (!Object.hasOwn(b, k) || !pyEquals(a[k], b[k])) return false;
    return true;
  }
  return false;
}

/** Python `needle in container`. */
export function pyIn(needle: unknown, container: unknown): boolean {
  if (typeof container === 'string') {
    if (typeof needle !== 'string') throw new PythonError('TypeError', `'in <string>' requires string as left operand, not ${pyTypeName(needle)}`);
    return container.includes(needle);
  }
  if (Array.isArray(container)) return container.some((item) => pyEquals(item, needle));
  if (isDict(container)) {
    if (Array.isArray(needle) || isDict(needle)) throw new PythonError('TypeError', `unhashable type: '${pyTypeName(needle)}'`);
    // Decoded JSON objects only have string keys, so only a string can be one of them.
    return typeof needle === 'string' && Object.hasOwn(container, needle);
  }
  throw new PythonError('TypeError', `argument of type '${pyTypeName(container)}' is not iterable`);
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
      return (a.codePointAt(i) ?? x) - (b.codePointAt(i) ?? y);
    }
    return x - y;
  }
  return a.length - b.length;
}

/** Python `a < b` / `a > b`: numbers (bools included) numerically, strings and lists lexically, anything else raises. */
export function pyCompare(a: unknown, b: unknown, op: '<' | '>'): boolean {
  if (isNumeric(a) && isNumeric(b)) return op === '<' ? Number(a) < Number(b) : Number(a) > Number(b);
  if (typeof a === 'string' && typeof b === 'string') {
    const c = compareCodePoints(a, b);
    return op === '<' ? c < 0 : c > 0;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    // Python finds the first pair that differs by ==, then compares that pair with the same operator.
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (!pyEquals(a[i], b[i])) return pyCompare(a[i], b[i], op);
    return op === '<' ? a.length < b.length : a.length > b.length;
  }
  throw new PythonError('TypeError', `'${op}' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

/** Python `v.lower()`. */
export function pyLower(v: unknown): string {
  if (typeof v !== 'string') throw new PythonError('AttributeError', `'${pyTypeName(v)}' object has no attribute 'lower'`);
  return v.toLowerCase();
}

/** Python `value.startswith(prefix)` / `value.endswith(suffix)`. */
export function pyAffix(value: unknown, affix: unknown, method: 'startswith' | 'endswith'): boolean {
  if (typeof value !== 'string') throw new PythonError('AttributeError', `'${pyTypeName(value)}' object has no attribute '${method}'`);
  if (typeof affix !== 'string') throw new PythonError('TypeError', `${method} first arg must be str or a tuple of str, not ${pyTypeName(affix)}`);
  return method === 'startswith' ? value.startsWith(affix) : value.endsWith(affix);
}

const PY_FLOAT = /^[+-]?(?:(?:\d(?:_?\d)*)?\.?(?:\d(?:_?\d)*)?(?:[eE][+-]?\d(?:_?\d)*)?|inf|infinity|nan)$/i;

/** Python `float(v)`. */
export function pyFloat(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const s = v.trim();
    // The pattern also admits "", "." and "e5"; a mantissa digit is required on top of it.
    if (PY_FLOAT.test(s) && /\d|inf|nan/i.test(s.split(/[eE]/)[0] ?? '')) {
      const lower = s.toLowerCase().replace(/_/g, '');
      if (lower.endsWith('nan')) return Number.NaN;
      if (lower.endsWith('inf') || lower.endsWith('infinity')) return lower.startsWith('-') ? -Infinity : Infinity;
      return Number(lower);
    }
    throw new PythonError('ValueError', `could not convert string to float: ${pyRepr(v)}`);
  }
  throw new PythonError('TypeError', `float() argument must be a string or a real number, not '${pyTypeName(v)}'`);
}

/** Python `iter(v)` materialised: list items, string characters, dict keys. */
export function pyIter(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return Array.from(v);
  if (isDict(v)) return Object.keys(v);
  throw new PythonError('TypeError', `'${pyTypeName(v)}' object is not iterable`);
}

function reprFloat(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Number.isInteger(n)) return Math.abs(n) < 1e16 ? String(n) : BigInt(n).toString();
  const abs = Math.abs(n);
  // Python switches to exponent notation below 1e-4 and from 1e16, with at least two exponent digits.
  if (abs < 1e-4 || abs >= 1e16) return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(n);
}

function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) out += '\\x' + cp.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + quote;
}

/** Python `repr(v)`: `None`, `True`, `'text'`, `['a', 1]`, `{'k': 'v'}`. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return reprFloat(v);
  if (typeof v === 'string') return reprString(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (isDict(v)) return `{${Object.entries(v).map(([k, x]) => `${reprString(k)}: ${pyRepr(x)}`).join(', ')}}`;
  return String(v);
}

/** Python `str(v)`: like repr, except that a string is itself. */
export function pyStr(v: unknown): string {
  return typeof v === 'string' ? v : pyRepr(v);
}
