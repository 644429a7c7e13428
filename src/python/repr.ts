/**
 * How Python writes values. Jinja2 interpolates `str(value)`, so `{{ flag }}` prints `True`,
 * `{{ none }}` prints `None` and `{{ list }}` prints `['a', 1]`; Orquesta joins the parts of a
 * text with several expressions the same way. These helpers reproduce that output.
 */
import { PY_REPR, PY_STR, hasPyStr } from './protocol.js';
import { PyFloat, isPlainObject, isTuple } from './values.js';

/** `str(value)`: strings as they are, everything else as `repr`. */
export function pythonStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (hasPyStr(value)) return value[PY_STR]();
  return pythonRepr(value);
}

/** `repr(value)`: `'text'`, `None`, `True`, `1.5`, `['a', 1]`, `('a', 1)`, `{'k': 'v'}`. */
export function pythonRepr(value: unknown, depth = 0): string {
  if (depth > 100) return '...';
  if (value === null || value === undefined) return 'None';
  switch (typeof value) {
    case 'string':
      return reprString(value);
    case 'boolean':
      return value ? 'True' : 'False';
    case 'number':
      return formatFloat(value);
    case 'bigint':
      return value.toString();
    case 'function':
      return `<function ${value.name || '<lambda>'}>`;
    default:
      break;
  }
  if (value instanceof PyFloat) return floatRepr(value.value);
  if (hasPyStr(value)) return (value as { [PY_REPR](): string })[PY_REPR]();
  if (Array.isArray(value)) {
    const items = value.map((v) => pythonRepr(v, depth + 1));
    if (isTuple(value)) return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    return `[${items.join(', ')}]`;
  }
  if (isPlainObject(value)) {
    const parts = Object.entries(value).map(([k, v]) => `${reprString(k)}: ${pythonRepr(v, depth + 1)}`);
    return `{${parts.join(', ')}}`;
  }
  if (value instanceof Date) return value.toISOString();
  return `<${(value as object).constructor?.name ?? 'object'} object>`;
}

/**
 * Python's float repr: the shortest round-trip digits (as JavaScript), written in positional
 * form for exponents -4..15 and as `1e-05` / `1.5e+16` otherwise. Integral values below 1e16
 * print as ints.
 */
export function formatFloat(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  // Integral values print as ints; past 2^53 they can only have come from a float.
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n);
  const [mantissa = '0', expText = '0'] = n.toExponential().split('e');
  const exp = Number.parseInt(expText, 10);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const frac = digits.slice(1);
    const expOut = `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
    return `${sign}${digits[0]}${frac ? `.${frac}` : ''}e${expOut}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const whole = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return `${sign}${whole}.${frac || '0'}`;
}

/** `repr(float(n))`: as {@link formatFloat}, but an integral value keeps its `.0` (`3.0`, `-0.0`). */
export function floatRepr(n: number): string {
  if (Object.is(n, -0)) return '-0.0';
  return Number.isInteger(n) && Math.abs(n) < 1e16 ? `${n}.0` : formatFloat(n);
}

// Python's repr escapes characters that are not printable (control, format, unassigned,
// separators other than the plain space).
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch !== ' ' && NON_PRINTABLE.test(ch)) out += escapeCodePoint(ch.codePointAt(0) ?? 0);
    else out += ch;
  }
  return out + quote;
}

function escapeCodePoint(cp: number): string {
  if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}
