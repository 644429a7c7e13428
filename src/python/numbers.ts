/** Python's number parsing and rounding: `int('42')`, `float('1e3')`, `round(2.5) == 2`. */
import { PythonError, typeError } from './errors.js';
import { pythonRepr } from './repr.js';
import { pyTypeName } from './values.js';

/** Python's `int(text, base)`; undefined when the text is not an integer literal. */
export function parsePyInt(text: string, base = 10): number | undefined {
  const s = text.trim().replace(/(?<=\d)_(?=\d)/g, '');
  const digits = base === 16 ? /^[+-]?(0x)?[0-9a-f]+$/i : base === 8 ? /^[+-]?(0o)?[0-7]+$/i : base === 2 ? /^[+-]?(0b)?[01]+$/i : /^[+-]?\d+$/;
  if (!digits.test(s)) return undefined;
  const negative = s.startsWith('-');
  const body = s.replace(/^[+-]/, '').replace(/^0[xob]/i, '');
  const n = Number.parseInt(body, base);
  return negative ? -n : n;
}

/** Python's `float(text)` (accepts `inf`, `nan`, exponents, `_` between digits). */
export function parsePyFloat(text: string): number | undefined {
  const s = text.trim().replace(/(?<=\d)_(?=\d)/g, '').toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(s)) return Number.NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(s)) return undefined;
  return Number.parseFloat(s);
}

/** Python's `float(v)`: numbers and bools as they are, strings parsed, anything else a TypeError. */
export function pyFloat(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const n = parsePyFloat(v);
    if (n === undefined) throw new PythonError('ValueError', `could not convert string to float: ${pythonRepr(v)}`);
    return n;
  }
  throw typeError(`float() argument must be a string or a real number, not '${pyTypeName(v)}'`);
}

/**
 * `x` with `digits` decimals, rounding the exact binary value as Python does: toFixed is right
 * except on a true tie (…5000… in the full expansion), where Python rounds to the even digit.
 */
export function toFixedHalfEven(x: number, digits: number): string {
  const d = Math.max(0, Math.min(100, digits));
  const full = x.toFixed(Math.min(100, d + 40));
  const cut = full.indexOf('.') + 1 + d;
  const last = d === 0 ? full[full.indexOf('.') - 1] : full[cut - 1];
  if (/^50*$/.test(full.slice(cut)) && Number(last) % 2 === 0) return d === 0 ? full.slice(0, full.indexOf('.')) : full.slice(0, cut);
  return x.toFixed(d);
}

/** Python 3's round(): the nearest value to the exact binary number, ties to even. */
export function pyRound(x: number, digits = 0): number {
  if (!Number.isFinite(x)) return x;
  if (digits < 0) {
    const m = 10 ** -digits;
    return pyRound(x / m) * m;
  }
  if (digits === 0) return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x);
  return Number(toFixedHalfEven(x, digits));
}
