/**
 * Python's two string formatting languages: printf-style `'%s-%d' % (a, b)` (Jinja2's `format`
 * filter and the `%` operator) and `'{}-{name:>5}'.format(...)` (the `str.format` method).
 */
import { PythonError, typeError, valueError } from './errors.js';
import { floatRepr, formatFloat, pythonRepr, pythonStr } from './repr.js';
import { ensureSize } from './limits.js';
import { toFixedHalfEven } from './numbers.js';
import { PyFloat, asNumber, isPlainObject, isTuple, pyTypeName } from './values.js';

const PERCENT_SPEC = /%(?:\(([^)]*)\))?([-+ 0#]*)(\*|\d+)?(?:\.(\*|\d*))?[hlL]?(.?)/y;

/** `fmt % args`: a tuple spreads into the conversions, a dict feeds `%(name)s`, anything else is one argument. */
export function percentFormat(fmt: string, args: unknown): string {
  const mapping = isPlainObject(args) ? args : undefined;
  const list = isTuple(args) ? args : [args];
  let next = 0;
  const take = (): unknown => {
    if (next >= list.length) throw typeError('not enough arguments for format string');
    return list[next++];
  };
  let out = '';
  let i = 0;
  while (i < fmt.length) {
    const pct = fmt.indexOf('%', i);
    if (pct < 0) {
      out += fmt.slice(i);
      break;
    }
    out += fmt.slice(i, pct);
    PERCENT_SPEC.lastIndex = pct;
    const m = PERCENT_SPEC.exec(fmt);
    const conv = m?.[5] ?? '';
    if (!m || conv === '') throw valueError('incomplete format');
    i = PERCENT_SPEC.lastIndex;
    if (conv === '%' && m[0] === '%%') {
      out += '%';
      continue;
    }
    const [, key, flags = '', widthText, precText] = m;
    const width = widthText === '*' ? toInt(take(), '*') : widthText ? Number(widthText) : 0;
    const precision = precText === '*' ? toInt(take(), '*') : precText !== undefined ? Number(precText || '0') : undefined;
    let value: unknown;
    if (key !== undefined) {
      if (!mapping) throw typeError('format requires a mapping');
      if (!Object.hasOwn(mapping, key)) throw new PythonError('KeyError', `'${key}'`);
      value = mapping[key];
    } else {
      value = take();
    }
    out += convertPercent(conv, value, flags, width, precision, pct);
  }
  if (!mapping && next < list.length) throw typeError('not all arguments converted during string formatting');
  return out;
}

function toInt(v: unknown, what: string): number {
  const n = asNumber(v);
  if (n === undefined || !Number.isInteger(n)) throw typeError(`${what} wants int`);
  return n;
}

function convertPercent(conv: string, value: unknown, flags: string, width: number, precision: number | undefined, at: number): string {
  let body: string;
  let numeric = true;
  let sign = '';
  switch (conv) {
    case 's':
    case 'r':
    case 'a': {
      numeric = false;
      body = conv === 's' ? pythonStr(value) : pythonRepr(value);
      if (precision !== undefined) body = body.slice(0, precision);
      break;
    }
    case 'c': {
      numeric = false;
      const n = asNumber(value);
      if (typeof value === 'string' && [...value].length === 1) body = value;
      else if (n !== undefined && Number.isInteger(n)) body = String.fromCodePoint(n);
      else throw typeError('%c requires int or char');
      break;
    }
    default: {
      const n = asNumber(value);
      if (n === undefined) throw typeError(`%${conv} format: a real number is required, not ${pyTypeName(value)}`);
      if ('oxX'.includes(conv) && !Number.isInteger(n)) {
        throw typeError(`%${conv} format: an integer is required, not float`);
      }
      sign = n < 0 || Object.is(n, -0) ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
      body = formatNumber(Math.abs(n), conv, precision, flags.includes('#'));
      if (body === '') throw valueError(`unsupported format character '${conv}' (0x${conv.charCodeAt(0).toString(16)}) at index ${at + 1}`);
    }
  }
  const total = sign.length + body.length;
  if (total >= width) return sign + body;
  ensureSize(width);
  if (flags.includes('-')) return (sign + body).padEnd(width);
  if (numeric && flags.includes('0') && /^[0-9]/.test(body)) return sign + body.padStart(width - sign.length, '0');
  return (sign + body).padStart(width);
}

/** Formats a non-negative number for one printf conversion; '' for an unknown conversion. */
function formatNumber(n: number, conv: string, precision: number | undefined, alternate: boolean): string {
  if (!Number.isFinite(n) && 'eEfFgG'.includes(conv)) return conv === conv.toUpperCase() ? (Number.isNaN(n) ? 'NAN' : 'INF') : Number.isNaN(n) ? 'nan' : 'inf';
  switch (conv) {
    case 'd':
    case 'i':
    case 'u':
      return BigInt(Math.trunc(n)).toString();
    case 'o':
      return (alternate ? '0o' : '') + n.toString(8);
    case 'x':
      return (alternate ? '0x' : '') + n.toString(16);
    case 'X':
      return (alternate ? '0X' : '') + n.toString(16).toUpperCase();
    case 'f':
    case 'F':
      return toFixedHalfEven(n, precision ?? 6);
    case 'e':
    case 'E':
      return expForm(n, precision ?? 6, conv === 'E');
    case 'g':
    case 'G':
      return generalForm(n, precision ?? 6, conv === 'G', alternate);
    default:
      return '';
  }
}

/** `1.500000e+00`: Python writes at least two exponent digits. */
function expForm(n: number, digits: number, upper: boolean): string {
  const [m = '0', e = '0'] = n.toExponential(Math.min(digits, 100)).split('e');
  const exp = Number(e);
  const text = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return upper ? text.toUpperCase() : text;
}

function generalForm(n: number, precision: number, upper: boolean, alternate: boolean): string {
  const p = precision === 0 ? 1 : precision;
  if (n === 0) return alternate ? `0.${'0'.repeat(p - 1)}` : '0';
  const exp = Number(n.toExponential(p - 1).split('e')[1]);
  let text = exp >= -4 && exp < p ? toFixedHalfEven(n, Math.max(0, p - 1 - exp)) : expForm(n, p - 1, upper);
  // %g drops trailing zeros (and a bare decimal point) unless '#' asks to keep them.
  if (!alternate && text.includes('.')) text = text.replace(/(\.\d*?)0+(?=$|[eE])/, '$1').replace(/\.(?=$|[eE])/, '');
  return text;
}

// --- str.format ------------------------------------------------------------------------------

const FORMAT_SPEC = /^(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/s;

/** `'{} is {name}'.format(*args, **kwargs)` with field names, `!r`/`!s` and the format-spec mini-language. */
export function strFormat(fmt: string, args: readonly unknown[], kwargs: Record<string, unknown>): string {
  let auto = 0;
  return fmt.replace(/\{\{|\}\}|\{([^{}]*)\}|[{}]/g, (match: string, field: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    if (field === undefined) throw valueError(`Single '${match}' encountered in format string`);
    const fm = /^([^!:[.]*)((?:\.[^!:[.]+|\[[^\]]*\])*)(?:!([rsa]))?(?::(.*))?$/s.exec(field);
    if (!fm) throw valueError(`bad format field '${field}'`);
    const [, name = '', path = '', conversion, spec = ''] = fm;
    let value: unknown;
    if (name === '') value = positional(args, auto++);
    else if (/^\d+$/.test(name)) value = positional(args, Number(name));
    else if (Object.hasOwn(kwargs, name)) value = kwargs[name];
    else throw new PythonError('KeyError', `'${name}'`);
    for (const step of path.match(/\.[^.[]+|\[[^\]]*\]/g) ?? []) value = formatFieldStep(value, step);
    if (conversion === 'r' || conversion === 'a') value = pythonRepr(value);
    else if (conversion === 's') value = pythonStr(value);
    return formatValue(value, spec);
  });
}

function positional(args: readonly unknown[], index: number): unknown {
  if (index >= args.length) throw new PythonError('IndexError', `Replacement index ${index} out of range for positional args tuple`);
  return args[index];
}

function formatFieldStep(value: unknown, step: string): unknown {
  const key = step.startsWith('.') ? step.slice(1) : step.slice(1, -1);
  if (key.startsWith('_')) throw new PythonError('AttributeError', `access to '${key}' is not allowed`);
  if (Array.isArray(value) && /^\d+$/.test(key)) return value[Number(key)];
  if (isPlainObject(value) && Object.hasOwn(value, key)) return value[key];
  throw new PythonError('KeyError', `'${key}'`);
}

/** `format(value, spec)`. */
export function formatValue(value: unknown, spec: string): string {
  const m = FORMAT_SPEC.exec(spec);
  if (!m) throw valueError(`Invalid format specifier '${spec}'`);
  const [, fill = ' ', align, signFlag = '-', alt, zero, widthText, grouping, precText, typeText] = m;
  const width = widthText ? Number(widthText) : 0;
  const precision = precText !== undefined ? Number(precText) : undefined;
  const n = typeof value === 'string' ? undefined : asNumber(value);
  if (n === undefined || (typeof value === 'boolean' && (typeText ?? 's') === 's')) {
    if (typeText && typeText !== 's') throw valueError(`Unknown format code '${typeText}' for object of type '${pyTypeName(value)}'`);
    let text = pythonStr(value);
    if (precision !== undefined) text = text.slice(0, precision);
    return pad(text, width, fill, align ?? '<', '');
  }
  const boxed = value instanceof PyFloat;
  const type = typeText ?? (Number.isInteger(n) && precision === undefined && !boxed ? 'd' : '');
  const sign = n < 0 ? '-' : signFlag === '+' ? '+' : signFlag === ' ' ? ' ' : '';
  const abs = Math.abs(n);
  let body: string;
  if (type === '') body = precision === undefined ? (boxed ? floatRepr(abs) : formatFloat(abs)) : generalForm(abs, precision, false, false);
  else if (type === '%') body = `${toFixedHalfEven(abs * 100, precision ?? 6)}%`;
  else if (type === 'n') body = formatNumber(abs, Number.isInteger(abs) ? 'd' : 'g', precision, false);
  else if (type === 'b') body = (alt ? '0b' : '') + Math.trunc(abs).toString(2);
  else if (type === 'c') body = String.fromCodePoint(Math.trunc(abs));
  else body = formatNumber(abs, type, precision, Boolean(alt));
  if (body === '') throw valueError(`Unknown format code '${type}'`);
  if (grouping) body = body.replace(/^(\d+)/, (d) => d.replace(/\B(?=(\d{3})+(?!\d))/g, grouping));
  if (zero && !align) return pad(body, width, '0', '=', sign);
  return pad(body, width, fill, align ?? '>', sign);
}

function pad(body: string, width: number, fill: string, align: string, sign: string): string {
  const room = width - body.length - sign.length;
  if (room <= 0) return sign + body;
  ensureSize(width);
  switch (align) {
    case '<':
      return sign + body + fill.repeat(room);
    case '^':
      return fill.repeat(Math.floor(room / 2)) + sign + body + fill.repeat(Math.ceil(room / 2));
    case '=':
      return sign + fill.repeat(room) + body;
    default:
      return fill.repeat(room) + sign + body;
  }
}
