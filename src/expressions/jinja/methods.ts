/**
 * The Python methods templates call on values: `'a,b'.split(',')`, `name.upper()`,
 * `d.get('k', 'x')`, `d.items()`. Only these whitelisted, side-effect-free methods exist;
 * nothing reaches a JavaScript prototype. Mutating methods (`append`, `update`) are left out so
 * a template cannot change the data it was given.
 */
import { pyEquals } from '../../python/compare.js';
import { PythonError, typeError, valueError } from '../../python/errors.js';
import { strFormat } from '../../python/format.js';
import { ensureSize } from '../../python/limits.js';
import { chars, isPlainObject, isTuple, pyIter, pyTypeName, tuple } from '../../python/values.js';
import { templateFunction, type TemplateFunction } from './callables.js';

type Method<T> = readonly [params: readonly string[], impl: (self: T, ...args: never[]) => unknown, rest?: boolean];

const WHITESPACE = ' \t\n\r\x0b\x0c';

function stripChars(s: string, chars: string | null | undefined, left: boolean, right: boolean): string {
  const set = chars ?? WHITESPACE;
  let start = 0;
  let end = s.length;
  if (left) while (start < end && set.includes(s[start] as string)) start++;
  if (right) while (end > start && set.includes(s[end - 1] as string)) end--;
  return s.slice(start, end);
}

function split(s: string, sep: string | null = null, maxsplit = -1): string[] {
  if (sep === '') throw valueError('empty separator');
  if (sep === null) {
    const words: string[] = [];
    let rest = s.replace(/^\s+/, '');
    while (rest !== '') {
      if (maxsplit >= 0 && words.length === maxsplit) {
        words.push(rest);
        break;
      }
      const m = /\s+/.exec(rest);
      if (!m) {
        words.push(rest);
        break;
      }
      words.push(rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
    }
    return words;
  }
  const parts = s.split(sep);
  if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
  return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sep)];
}

function rsplit(s: string, sep: string | null = null, maxsplit = -1): string[] {
  if (maxsplit < 0) return split(s, sep);
  if (sep === '') throw valueError('empty separator');
  if (sep !== null) {
    const parts = s.split(sep);
    if (parts.length <= maxsplit + 1) return parts;
    return [parts.slice(0, parts.length - maxsplit).join(sep), ...parts.slice(parts.length - maxsplit)];
  }
  const words: string[] = [];
  let rest = s.replace(/\s+$/, '');
  while (rest !== '') {
    const m = /\s+(?=\S*$)/.exec(rest);
    if (words.length === maxsplit || !m) {
      words.unshift(rest);
      break;
    }
    words.unshift(rest.slice(m.index + m[0].length));
    rest = rest.slice(0, m.index);
  }
  return words;
}

function title(s: string): string {
  let out = '';
  let prevCased = false;
  for (const ch of s) {
    const cased = ch.toLowerCase() !== ch.toUpperCase();
    out += cased ? (prevCased ? ch.toLowerCase() : ch.toUpperCase()) : ch;
    prevCased = cased;
  }
  return out;
}

function prefixes(arg: unknown, method: string): string[] {
  if (typeof arg === 'string') return [arg];
  if (isTuple(arg) && arg.every((x) => typeof x === 'string')) return arg as string[];
  throw typeError(`${method} first arg must be str or a tuple of str, not ${pyTypeName(arg)}`);
}

function window(s: string, start?: number | null, end?: number | null): string {
  const n = s.length;
  const norm = (i: number | null | undefined, dflt: number): number => (i === null || i === undefined ? dflt : i < 0 ? Math.max(0, n + i) : Math.min(n, i));
  return s.slice(norm(start, 0), norm(end, n));
}

function findIn(s: string, sub: string, start?: number | null, end?: number | null, last = false): number {
  const offset = start === null || start === undefined ? 0 : start < 0 ? Math.max(0, s.length + start) : start;
  const hay = window(s, start, end);
  const at = last ? hay.lastIndexOf(sub) : hay.indexOf(sub);
  return at < 0 ? -1 : at + offset;
}

function justify(s: string, width: number, fill: string, how: 'l' | 'r' | 'c'): string {
  const room = width - chars(s).length;
  if (room <= 0) return s;
  ensureSize(width * Math.max(1, fill.length));
  if (how === 'l') return s + fill.repeat(room);
  if (how === 'r') return fill.repeat(room) + s;
  // Python's str.center puts the odd extra character on the left when the width is odd.
  const left = Math.floor(room / 2) + (room & width & 1);
  return fill.repeat(left) + s + fill.repeat(room - left);
}

const STR_METHODS: Record<string, Method<string>> = {
  upper: [[], (s) => s.toUpperCase()],
  lower: [[], (s) => s.toLowerCase()],
  casefold: [[], (s) => s.toLowerCase()],
  swapcase: [[], (s) => [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('')],
  title: [[], (s) => title(s)],
  capitalize: [[], (s) => (s ? (chars(s)[0] ?? '').toUpperCase() + chars(s).slice(1).join('').toLowerCase() : s)],
  strip: [['chars'], (s, c: string | null) => stripChars(s, c, true, true)],
  lstrip: [['chars'], (s, c: string | null) => stripChars(s, c, true, false)],
  rstrip: [['chars'], (s, c: string | null) => stripChars(s, c, false, true)],
  split: [['sep', 'maxsplit'], (s, sep: string | null, max: number) => split(s, sep ?? null, max ?? -1)],
  rsplit: [['sep', 'maxsplit'], (s, sep: string | null, max: number) => rsplit(s, sep ?? null, max ?? -1)],
  splitlines: [['keepends'], (s, keep: boolean) => {
    const lines = s.match(/[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]|$)/g) ?? [];
    const out = lines.filter((l, i) => l !== '' || i < lines.length - 1);
    return keep ? out : out.map((l) => l.replace(/(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])$/, ''));
  }],
  startswith: [['prefix', 'start', 'end'], (s, p: unknown, a: number | null, b: number | null) => prefixes(p, 'startswith').some((x) => window(s, a, b).startsWith(x))],
  endswith: [['suffix', 'start', 'end'], (s, p: unknown, a: number | null, b: number | null) => prefixes(p, 'endswith').some((x) => window(s, a, b).endsWith(x))],
  replace: [['old', 'new', 'count'], (s, a: string, b: string, count: number | null) => replaceCount(s, a, b, count ?? -1)],
  find: [['sub', 'start', 'end'], (s, sub: string, a: number | null, b: number | null) => findIn(s, sub, a, b)],
  rfind: [['sub', 'start', 'end'], (s, sub: string, a: number | null, b: number | null) => findIn(s, sub, a, b, true)],
  index: [['sub', 'start', 'end'], (s, sub: string, a: number | null, b: number | null) => notFound(findIn(s, sub, a, b))],
  rindex: [['sub', 'start', 'end'], (s, sub: string, a: number | null, b: number | null) => notFound(findIn(s, sub, a, b, true))],
  count: [['sub', 'start', 'end'], (s, sub: string, a: number | null, b: number | null) => {
    const hay = window(s, a, b);
    return sub === '' ? chars(hay).length + 1 : hay.split(sub).length - 1;
  }],
  join: [['iterable'], (s, items: unknown) => pyIter(items).map((x, i) => {
    if (typeof x !== 'string') throw typeError(`sequence item ${i}: expected str instance, ${pyTypeName(x)} found`);
    return x;
  }).join(s)],
  isdigit: [[], (s) => /^\p{Nd}+$/u.test(s)],
  isnumeric: [[], (s) => /^\p{N}+$/u.test(s)],
  isdecimal: [[], (s) => /^\p{Nd}+$/u.test(s)],
  isalpha: [[], (s) => /^\p{L}+$/u.test(s)],
  isalnum: [[], (s) => /^[\p{L}\p{N}]+$/u.test(s)],
  isspace: [[], (s) => /^\s+$/.test(s)],
  islower: [[], (s) => /\p{Ll}/u.test(s) && !/[\p{Lu}\p{Lt}]/u.test(s)],
  isupper: [[], (s) => /\p{Lu}/u.test(s) && !/[\p{Ll}\p{Lt}]/u.test(s)],
  istitle: [[], (s) => /\p{L}/u.test(s) && title(s) === s],
  zfill: [['width'], (s, w: number) => (/^[+-]/.test(s) ? s[0] + justify(s.slice(1), w - 1, '0', 'r') : justify(s, w, '0', 'r'))],
  center: [['width', 'fillchar'], (s, w: number, f: string) => justify(s, w, f ?? ' ', 'c')],
  ljust: [['width', 'fillchar'], (s, w: number, f: string) => justify(s, w, f ?? ' ', 'l')],
  rjust: [['width', 'fillchar'], (s, w: number, f: string) => justify(s, w, f ?? ' ', 'r')],
  partition: [['sep'], (s, sep: string) => {
    const at = s.indexOf(sep);
    return at < 0 ? tuple(s, '', '') : tuple(s.slice(0, at), sep, s.slice(at + sep.length));
  }],
  rpartition: [['sep'], (s, sep: string) => {
    const at = s.lastIndexOf(sep);
    return at < 0 ? tuple('', '', s) : tuple(s.slice(0, at), sep, s.slice(at + sep.length));
  }],
  removeprefix: [['prefix'], (s, p: string) => (s.startsWith(p) ? s.slice(p.length) : s)],
  removesuffix: [['suffix'], (s, p: string) => (p && s.endsWith(p) ? s.slice(0, -p.length) : s)],
  format: [[], (s, args: unknown[], kwargs: Record<string, unknown>) => strFormat(s, args, kwargs), true],
};

function replaceCount(s: string, old: string, repl: string, count: number): string {
  if (count < 0) return s.split(old).join(repl);
  const parts = s.split(old);
  if (parts.length - 1 <= count) return parts.join(repl);
  return parts.slice(0, count + 1).join(repl) + old + parts.slice(count + 1).join(old);
}

function notFound(i: number): number {
  if (i < 0) throw valueError('substring not found');
  return i;
}

const SEQ_METHODS: Record<string, Method<unknown[]>> = {
  index: [['value'], (a, v: unknown) => {
    const i = a.findIndex((x) => pyEquals(x, v));
    if (i < 0) throw valueError(`${JSON.stringify(v)} is not in list`);
    return i;
  }],
  count: [['value'], (a, v: unknown) => a.filter((x) => pyEquals(x, v)).length],
  copy: [[], (a) => a.slice()],
};

const DICT_METHODS: Record<string, Method<Record<string, unknown>>> = {
  keys: [[], (d) => Object.keys(d)],
  values: [[], (d) => Object.values(d)],
  items: [[], (d) => Object.entries(d).map(([k, v]) => tuple(k, v))],
  get: [['key', 'default'], (d, k: unknown, dflt: unknown) => {
    const key = typeof k === 'number' ? String(k) : k;
    return typeof key === 'string' && Object.hasOwn(d, key) ? d[key] : dflt ?? null;
  }],
  copy: [[], (d) => ({ ...d })],
};

/** The bound method `name` of `receiver`, or undefined when the type has no such method. */
export function pythonMethod(receiver: unknown, name: string): TemplateFunction | undefined {
  let table: Record<string, Method<never>> | undefined;
  if (typeof receiver === 'string') table = STR_METHODS as Record<string, Method<never>>;
  else if (Array.isArray(receiver)) table = (isTuple(receiver) ? { index: SEQ_METHODS.index, count: SEQ_METHODS.count } : SEQ_METHODS) as Record<string, Method<never>>;
  else if (isPlainObject(receiver)) table = DICT_METHODS as Record<string, Method<never>>;
  if (!table || !Object.hasOwn(table, name)) return undefined;
  const [params, impl, rest] = table[name] as Method<unknown>;
  const bound = (...args: never[]): unknown => {
    try {
      return (impl as (self: unknown, ...a: unknown[]) => unknown)(receiver, ...args);
    } catch (err) {
      if (err instanceof PythonError) throw err;
      throw typeError(`${pyTypeName(receiver)}.${name}(): ${(err as Error).message}`);
    }
  };
  return templateFunction(name, params, bound, { rest: rest ?? false });
}
