/**
 * Python `re` patterns on JavaScript's RegExp. StackStorm filters, criteria and alias formats
 * are written for Python: `(?P<name>...)`, `(?P=name)`, `\A`, `\Z`, leading `(?imsx)` flags,
 * `$` that also matches before a final newline, `[]]`, and `\1` / `\g<name>` in replacements.
 */
import { PythonError } from './errors.js';

export interface PythonRegexOptions {
  ignoreCase?: boolean;
  multiline?: boolean;
  dotAll?: boolean;
  /** Add JavaScript's `g` flag (findall, sub). */
  global?: boolean;
  /** Add JavaScript's `y` flag: match only at `lastIndex` (re.match). */
  sticky?: boolean;
}

const CACHE = new Map<string, RegExp>();
const CACHE_LIMIT = 500;

/** Compiles a Python pattern; `re.error` (PythonError) when it cannot be expressed. Cached. */
export function compilePythonRegex(pattern: string, options: PythonRegexOptions = {}): RegExp {
  const cacheKey = `${pattern}\u0000${options.ignoreCase ? 'i' : ''}${options.multiline ? 'm' : ''}${options.dotAll ? 's' : ''}${options.global ? 'g' : ''}${options.sticky ? 'y' : ''}`;
  const hit = CACHE.get(cacheKey);
  if (hit) {
    hit.lastIndex = 0;
    return hit;
  }
  const { source, flags } = translatePythonRegex(pattern, options);
  let re: RegExp;
  try {
    re = new RegExp(source, flags);
  } catch (err) {
    throw new PythonError('re.error', `invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`);
  }
  if (CACHE.size >= CACHE_LIMIT) CACHE.delete(CACHE.keys().next().value as string);
  CACHE.set(cacheKey, re);
  return re;
}

/** The JavaScript source and flags for a Python pattern. */
export function translatePythonRegex(pattern: string, options: PythonRegexOptions = {}): { source: string; flags: string } {
  const flags = new Set<string>();
  if (options.ignoreCase) flags.add('i');
  if (options.multiline) flags.add('m');
  if (options.dotAll) flags.add('s');
  let rest = pattern;
  let verbose = false;
  // Global inline flags: Python only allows them at the start of the pattern.
  for (let m = /^\(\?([aiLmsux]+)\)/.exec(rest); m; m = /^\(\?([aiLmsux]+)\)/.exec(rest)) {
    for (const f of m[1] ?? '') {
      if (f === 'i' || f === 'm' || f === 's') flags.add(f);
      if (f === 'x') verbose = true;
    }
    rest = rest.slice(m[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i] as string;
    if (c === '\\') {
      const n = rest[i + 1] ?? '';
      i++;
      if (!inClass && n === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && n === 'Z') out += '(?![\\s\\S])';
      else out += `\\${n}`;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A `]` right after `[` or `[^` is a literal in Python but ends an empty class in JavaScript.
      if (rest[i + 1] === '^') out += rest[++i];
      if (rest[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (verbose && /\s/.test(c)) continue;
    if (verbose && c === '#') {
      while (i < rest.length && rest[i] !== '\n') i++;
      continue;
    }
    if (c === '$') {
      out += flags.has('m') ? '$' : '(?=\\n?(?![\\s\\S]))';
      continue;
    }
    if (c === '(' && rest[i + 1] === '?') {
      const head = rest.slice(i, i + 4);
      if (head === '(?P<') {
        out += '(?<';
        i += 3;
        continue;
      }
      const backref = /^\(\?P=(\w+)\)/.exec(rest.slice(i));
      if (backref) {
        out += `\\k<${backref[1]}>`;
        i += backref[0].length - 1;
        continue;
      }
      if (head.startsWith('(?#')) {
        const end = rest.indexOf(')', i);
        i = end < 0 ? rest.length : end;
        continue;
      }
      if (/^\(\?[aiLmsux-]+:/.test(rest.slice(i))) {
        throw new PythonError('re.error', `scoped inline flags are not supported: ${JSON.stringify(pattern)}`);
      }
    }
    out += c;
  }
  let jsFlags = [...flags].sort().join('');
  if (options.global) jsFlags += 'g';
  if (options.sticky) jsFlags += 'y';
  return { source: out, flags: jsFlags };
}

/**
 * Expands a Python replacement template (`\1`, `\g<1>`, `\g<name>`, `\n`, `\\`) for one match;
 * a group that did not take part becomes "" as in Python 3.5+.
 */
export function expandPythonReplacement(template: string, match: RegExpExecArray): string {
  return template.replace(/\\(g<([^>]*)>|\d{1,2}|.)/gs, (_all: string, esc: string, name: string | undefined) => {
    if (name !== undefined) {
      const group = /^\d+$/.test(name) ? match[Number(name)] : match.groups?.[name];
      if (/^\d+$/.test(name) ? Number(name) >= match.length : !match.groups || !(name in match.groups)) {
        throw new PythonError('IndexError', `unknown group name '${name}'`);
      }
      return group ?? '';
    }
    if (/^\d/.test(esc)) {
      if (Number(esc) >= match.length) throw new PythonError('re.error', `invalid group reference ${esc}`);
      return match[Number(esc)] ?? '';
    }
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '\\': '\\' };
    const hit = simple[esc];
    if (hit !== undefined) return hit;
    if (/[A-Za-z]/.test(esc)) throw new PythonError('re.error', `bad escape \\${esc}`);
    return `\\${esc}`;
  });
}
