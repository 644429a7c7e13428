/**
 * Python's arithmetic operators over JSON-shaped values: `+` concatenates strings and lists,
 * `*` repeats them, `/` always divides as floats, `//` and `%` floor toward negative infinity,
 * `%` on a string formats it, and mixing types raises TypeError instead of coercing.
 */
import { PythonError, typeError } from './errors.js';
import { percentFormat } from './format.js';
import { ensureSize } from './limits.js';
import { asNumber, isTuple, pyTypeName, tuple } from './values.js';

function unsupported(op: string, a: unknown, b: unknown): PythonError {
  return typeError(`unsupported operand type(s) for ${op}: '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

function numbers(op: string, a: unknown, b: unknown): [number, number] {
  const x = asNumber(a);
  const y = asNumber(b);
  if (x === undefined || y === undefined) throw unsupported(op, a, b);
  return [x, y];
}

export function pyAdd(a: unknown, b: unknown): unknown {
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    const joined = [...a, ...b];
    return isTuple(a) ? tuple(...joined) : joined;
  }
  if (typeof a === 'string') throw typeError(`can only concatenate str (not "${pyTypeName(b)}") to str`);
  if (Array.isArray(a)) throw typeError(`can only concatenate ${pyTypeName(a)} (not "${pyTypeName(b)}") to ${pyTypeName(a)}`);
  const [x, y] = numbers('+', a, b);
  return x + y;
}

export function pySub(a: unknown, b: unknown): number {
  const [x, y] = numbers('-', a, b);
  return x - y;
}

export function pyMul(a: unknown, b: unknown): unknown {
  const seq = typeof a === 'string' || Array.isArray(a) ? a : typeof b === 'string' || Array.isArray(b) ? b : undefined;
  if (seq !== undefined) {
    const count = asNumber(seq === a ? b : a);
    if (count === undefined || !Number.isInteger(count)) {
      throw typeError(`can't multiply sequence by non-int of type '${pyTypeName(seq === a ? b : a)}'`);
    }
    const times = Math.max(0, count);
    ensureSize(seq.length * times);
    if (typeof seq === 'string') return seq.repeat(times);
    const out: unknown[] = [];
    for (let i = 0; i < times; i++) out.push(...seq);
    return isTuple(seq) ? tuple(...out) : out;
  }
  const [x, y] = numbers('*', a, b);
  return x * y;
}

export function pyDiv(a: unknown, b: unknown): number {
  const [x, y] = numbers('/', a, b);
  if (y === 0) throw new PythonError('ZeroDivisionError', 'division by zero');
  return x / y;
}

export function pyFloorDiv(a: unknown, b: unknown): number {
  const [x, y] = numbers('//', a, b);
  if (y === 0) throw new PythonError('ZeroDivisionError', 'integer division or modulo by zero');
  return Math.floor(x / y);
}

export function pyMod(a: unknown, b: unknown): unknown {
  if (typeof a === 'string') return percentFormat(a, b);
  const [x, y] = numbers('%', a, b);
  if (y === 0) throw new PythonError('ZeroDivisionError', 'integer division or modulo by zero');
  const r = x % y;
  return r !== 0 && Math.sign(r) !== Math.sign(y) ? r + y : r;
}

export function pyPow(a: unknown, b: unknown): number {
  const [x, y] = numbers('**', a, b);
  if (x === 0 && y < 0) throw new PythonError('ZeroDivisionError', '0.0 cannot be raised to a negative power');
  return x ** y;
}

export function pyNeg(a: unknown, op: '-' | '+'): number {
  const x = asNumber(a);
  if (x === undefined) throw typeError(`bad operand type for unary ${op}: '${pyTypeName(a)}'`);
  return op === '-' ? -x : x;
}
