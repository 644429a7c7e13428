/**
 * Jinja2's built-in filters for text and numbers, with Python's results: `title` splits on
 * `-`, `round` rounds half to even, `int('3.5')` is 3, `tojson` sorts keys and escapes `<>&'`.
 */
import { PythonError, typeError } from '../../python/errors.js';
import { percentFormat } from '../../python/format.js';
import { pyJsonDumps } from '../../python/json.js';
import { ensureSize } from '../../python/limits.js';
import { parsePyFloat, parsePyInt, pyRound } from '../../python/numbers.js';
import { pythonRepr, pythonStr } from '../../python/repr.js';
import { asNumber, chars, isPlainObject, pyIter, pyTypeName, tuple } from '../../python/values.js';
import { templateFunction as fn, type TemplateFunction } from './callables.js';
import type { FilterEnv } from './filter-env.js';
import { isUndefined } from './undefined.js';

const str = pythonStr;

function toFloat(v: unknown): number | undefined {
  if (typeof v === 'string') return parsePyFloat(v);
  return asNumber(v);
}

function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[c] ?? c);
}

function urlQuote(v: unknown, forQuery: boolean): string {
  const quoted = encodeURIComponent(str(v)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return forQuery ? quoted.replace(/%20/g, '+') : quoted.replace(/%2F/g, '/');
}

function capitalize(s: string): string {
  const cs = chars(s);
  return cs.length ? (cs[0] ?? '').toUpperCase() + cs.slice(1).join('').toLowerCase() : s;
}

function center(s: string, width: number): string {
  const room = width - chars(s).length;
  if (room <= 0) return s;
  ensureSize(width);
  const left = Math.floor(room / 2) + (room & width & 1);
  return ' '.repeat(left) + s + ' '.repeat(room - left);
}

function indent(s: string, width: number | string = 4, first = false, blank = false): string {
  const pad = typeof width === 'string' ? width : ' '.repeat(Math.max(0, width));
  ensureSize(pad.length * (s.length + 1));
  const lines = `${s}\n`.split('\n').slice(0, -1);
  let out: string;
  if (blank) out = lines.join(`\n${pad}`);
  else out = [lines[0] ?? '', ...lines.slice(1).map((l) => (l ? pad + l : l))].join('\n');
  return first ? pad + out : out;
}

function truncate(s: string, length = 255, killwords = false, end = '...', leeway = 5): string {
  if (length < end.length) throw new PythonError('AssertionError', `expected length >= ${end.length}, got ${length}`);
  if (chars(s).length <= length + leeway) return s;
  const head = chars(s).slice(0, length - end.length).join('');
  if (killwords) return head + end;
  const cut = head.lastIndexOf(' ');
  return (cut < 0 ? head : head.slice(0, cut)) + end;
}

function wordwrap(s: string, width = 79, breakLong = true, wrapstring = '\n'): string {
  return s.split(/\r?\n/).map((para) => {
    const lines: string[] = [];
    let line = '';
    for (let word of para.split(/\s+/).filter(Boolean)) {
      while (breakLong && word.length > width) {
        if (line) lines.push(line);
        lines.push(word.slice(0, width));
        word = word.slice(width);
        line = '';
      }
      if (!line) line = word;
      else if (line.length + 1 + word.length <= width) line += ` ${word}`;
      else {
        lines.push(line);
        line = word;
      }
    }
    if (line) lines.push(line);
    return lines.join(wrapstring);
  }).join(wrapstring);
}

function filesize(value: unknown, binary = false): string {
  const bytes = toFloat(value);
  if (bytes === undefined) throw typeError(`float() argument must be a string or a number, not '${pyTypeName(value)}'`);
  const base = binary ? 1024 : 1000;
  const prefixes = binary ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'] : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  if (bytes === 1) return '1 Byte';
  if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
  let unit = base;
  for (const [i, prefix] of prefixes.entries()) {
    unit = base ** (i + 2);
    if (bytes < unit || i === prefixes.length - 1) return `${((base * bytes) / unit).toFixed(1)} ${prefix}`;
  }
  return `${bytes} Bytes`;
}

/** Text and number filters; `env` serves `default(..., boolean=true)`. */
export function textFilters(env: FilterEnv): Record<string, TemplateFunction> {
  const dflt = fn('default', ['value', 'default_value', 'boolean'], (v: unknown, d: unknown = '', boolean = false) => (isUndefined(v) || (boolean && !env.truthy(v)) ? d : v), { raw: true });
  const escape = fn('escape', ['s'], (s: unknown) => htmlEscape(str(s)));
  return {
    abs: fn('abs', ['x'], (v: unknown) => {
      const n = asNumber(v);
      if (n === undefined) throw typeError(`bad operand type for abs(): '${pyTypeName(v)}'`);
      return Math.abs(n);
    }),
    capitalize: fn('capitalize', ['s'], (s: unknown) => capitalize(str(s))),
    center: fn('center', ['value', 'width'], (s: unknown, width = 80) => center(str(s), width)),
    default: dflt,
    d: dflt,
    escape,
    e: escape,
    forceescape: escape,
    filesizeformat: fn('filesizeformat', ['value', 'binary'], filesize),
    float: fn('float', ['value', 'default'], (v: unknown, d = 0) => toFloat(v) ?? d),
    format: fn('format', ['value'], (v: unknown, args: unknown[], kwargs: Record<string, unknown>) => {
      const named = Object.keys(kwargs).length > 0;
      if (named && args.length > 0) throw new PythonError('FilterArgumentError', "can't handle positional and keyword arguments at the same time");
      return percentFormat(str(v), named ? kwargs : tuple(...args));
    }, { rest: true }),
    indent: fn('indent', ['s', 'width', 'first', 'blank'], (s: unknown, w?: number | string, first?: boolean, blank?: boolean) => indent(str(s), w, first, blank)),
    int: fn('int', ['value', 'default', 'base'], (v: unknown, d = 0, base = 10) => {
      if (typeof v === 'string') {
        const n = parsePyInt(v, base) ?? parsePyFloat(v);
        return n !== undefined && Number.isFinite(n) ? Math.trunc(n) : d;
      }
      const n = asNumber(v);
      return n !== undefined && Number.isFinite(n) ? Math.trunc(n) : d;
    }),
    lower: fn('lower', ['s'], (s: unknown) => str(s).toLowerCase()),
    upper: fn('upper', ['s'], (s: unknown) => str(s).toUpperCase()),
    pprint: fn('pprint', ['value'], (v: unknown) => pythonRepr(v)),
    replace: fn('replace', ['s', 'old', 'new', 'count'], (s: unknown, old: unknown, repl: unknown, count: number | null = null) => {
      const parts = str(s).split(str(old));
      if (count === null || count < 0 || parts.length - 1 <= count) return parts.join(str(repl));
      return parts.slice(0, count + 1).join(str(repl)) + str(old) + parts.slice(count + 1).join(str(old));
    }),
    round: fn('round', ['value', 'precision', 'method'], (v: unknown, precision = 0, method = 'common') => {
      const n = asNumber(v);
      if (n === undefined) throw typeError(`type ${pyTypeName(v)} doesn't define __round__ method`);
      const m = 10 ** precision;
      if (method === 'common') return pyRound(n, precision);
      if (method === 'ceil') return Math.ceil(n * m) / m;
      if (method === 'floor') return Math.floor(n * m) / m;
      throw new PythonError('FilterArgumentError', 'method must be common, ceil or floor');
    }),
    safe: fn('safe', ['value'], (v: unknown) => v),
    string: fn('string', ['value'], (v: unknown) => str(v)),
    striptags: fn('striptags', ['value'], (v: unknown) => str(v).replace(/<!--[\s\S]*?-->|<[^>]*>/g, '').split(/\s+/).filter(Boolean).join(' ')
      .replace(/&(amp|lt|gt|quot|#34|#39);/g, (_m: string, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#34': '"', '#39': "'" })[e] ?? _m)),
    title: fn('title', ['s'], (s: unknown) => str(s).split(/([-\s({[<]+)/).filter(Boolean).map((w) => (chars(w)[0] ?? '').toUpperCase() + chars(w).slice(1).join('').toLowerCase()).join('')),
    tojson: fn('tojson', ['value', 'indent'], (v: unknown, indentBy: number | null = null) => pyJsonDumps(v, { indent: indentBy, sortKeys: true, htmlSafe: true })),
    trim: fn('trim', ['value', 'chars'], (v: unknown, set: string | null = null) => {
      const s = str(v);
      if (set === null) return s.replace(/^[\s]+|[\s]+$/g, '');
      let a = 0;
      let b = s.length;
      while (a < b && set.includes(s[a] as string)) a++;
      while (b > a && set.includes(s[b - 1] as string)) b--;
      return s.slice(a, b);
    }),
    truncate: fn('truncate', ['s', 'length', 'killwords', 'end', 'leeway'], (s: unknown, length?: number, kill?: boolean, end?: string, leeway?: number | null) => truncate(str(s), length, kill, end, leeway ?? 5)),
    urlencode: fn('urlencode', ['value'], (v: unknown) => {
      if (typeof v === 'string' || !(Array.isArray(v) || isPlainObject(v))) return urlQuote(v, false);
      const pairs = isPlainObject(v) ? Object.entries(v) : pyIter(v).map((p) => pyIter(p) as [unknown, unknown]);
      return pairs.map(([k, x]) => `${urlQuote(k, true)}=${urlQuote(x, true)}`).join('&');
    }),
    wordcount: fn('wordcount', ['s'], (s: unknown) => (str(s).match(/[\p{L}\p{N}_]+/gu) ?? []).length),
    wordwrap: fn('wordwrap', ['s', 'width', 'break_long_words', 'wrapstring'], (s: unknown, width?: number, brk?: boolean, wrap?: string | null) => wordwrap(str(s), width, brk, wrap ?? '\n')),
  };
}
