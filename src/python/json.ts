/**
 * Python's `json.dumps`, byte for byte: StackStorm's `to_json_string` and Jinja2's `tojson` are
 * thin wrappers over it, and users compare their output as text. Differences from
 * `JSON.stringify`: `", "`/`": "` separators, non-ASCII escaped as `\uXXXX`, NaN/Infinity written
 * out, and a TypeError for values JSON cannot hold.
 */
import { typeError } from './errors.js';
import { floatRepr, formatFloat } from './repr.js';
import { PY_VALUE, isPyLazy } from './protocol.js';
import { PyFloat, isPlainObject, pyTypeName } from './values.js';

export interface JsonDumpOptions {
  /** Spaces (or the string) per level; null/undefined writes everything on one line. */
  indent?: number | string | null;
  sortKeys?: boolean;
  /** `[item, key]` separators; Python's default is `[', ', ': ']`, or `[',', ': ']` with an indent. */
  separators?: readonly [string, string];
  /** Escape every non-ASCII character (Python's default). */
  ensureAscii?: boolean;
  /** Also escape `<`, `>`, `&` and `'` (Jinja2's `tojson`). */
  htmlSafe?: boolean;
}

export function pyJsonDumps(value: unknown, options: JsonDumpOptions = {}): string {
  const indent = typeof options.indent === 'number' ? ' '.repeat(Math.max(0, options.indent)) : options.indent ?? null;
  const [itemSep, keySep] = options.separators ?? (indent === null ? [', ', ': '] : [',', ': ']);
  const ensureAscii = options.ensureAscii ?? true;
  const str = (s: string): string => encodeString(s, ensureAscii, options.htmlSafe ?? false);

  const write = (v: unknown, level: number): string => {
    if (isPyLazy(v)) return write(v[PY_VALUE](), level);
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : Number.isFinite(v) ? formatFloat(v) : v > 0 ? 'Infinity' : '-Infinity';
    if (typeof v === 'string') return str(v);
    if (v instanceof PyFloat) return floatRepr(v.value);
    let parts: string[];
    let open: string;
    let close: string;
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      parts = v.map((x) => write(x, level + 1));
      [open, close] = ['[', ']'];
    } else if (isPlainObject(v)) {
      const keys = Object.keys(v);
      if (keys.length === 0) return '{}';
      if (options.sortKeys) keys.sort();
      parts = keys.map((k) => `${str(k)}${keySep}${write(v[k], level + 1)}`);
      [open, close] = ['{', '}'];
    } else {
      throw typeError(`Object of type ${pyTypeName(v)} is not JSON serializable`);
    }
    if (indent === null) return `${open}${parts.join(itemSep)}${close}`;
    const inner = `\n${indent.repeat(level + 1)}`;
    return `${open}${inner}${parts.join(`${itemSep}${inner}`)}\n${indent.repeat(level)}${close}`;
  };
  return write(value, 0);
}

function encodeString(s: string, ensureAscii: boolean, htmlSafe: boolean): string {
  let out = JSON.stringify(s);
  if (ensureAscii) out = out.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (htmlSafe) out = out.replace(/[<>&']/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return out;
}
