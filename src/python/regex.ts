/**
 * Python's `re` on JavaScript's RegExp: `re.compile` in the `search` / `match` / `fullmatch`
 * modes, `re.finditer`'s walk over the matches, and the replacement templates of `re.sub`
 * (`\1`, `\g<1>`, `\g<name>`). The pattern language itself is translated in regex-translate.ts.
 */
import { PythonError, typeError } from './errors.js';
import { reError, translatePythonRegex, type PythonRegexMode, type PythonRegexOptions } from './regex-translate.js';
import { pyTypeName } from './values.js';

export { translatePythonRegex, type PythonRegexMode, type PythonRegexOptions } from './regex-translate.js';

const CACHE = new Map<string, RegExp>();
const CACHE_LIMIT = 500;

/**
 * Python's `re.compile(pattern, flags)` as a RegExp for the given mode, cached (a `g` or `y`
 * RegExp comes back with `lastIndex` 0). Throws {@link PythonError}: `TypeError` when the
 * pattern is not a string (as `re` does), `error` (`re.error`) when it does not compile.
 */
export function compilePythonRegex(pattern: unknown, options: PythonRegexOptions = {}, mode: PythonRegexMode = 'search'): RegExp {
  if (typeof pattern !== 'string') {
    // re looks the pattern up in its cache first, so unhashable patterns fail there.
    if (typeof pattern === 'object' && pattern !== null) throw typeError(`unhashable type: '${pyTypeName(pattern)}'`);
    throw typeError('first argument must be string or compiled pattern');
  }
  const o = options;
  const cacheKey = `${mode}:${o.ignoreCase ? 'i' : ''}${o.dotAll ? 's' : ''}${o.multiline ? 'm' : ''}${o.global ? 'g' : ''}${o.sticky ? 'y' : ''}:${pattern}`;
  const hit = CACHE.get(cacheKey);
  if (hit) {
    hit.lastIndex = 0;
    return hit;
  }
  const { source, flags } = translatePythonRegex(pattern, options, mode);
  let re: RegExp;
  try {
    re = new RegExp(source, flags);
  } catch (err) {
    throw reError((err as Error).message.replace(/^Invalid regular expression: /, ''));
  }
  if (CACHE.size >= CACHE_LIMIT) CACHE.delete(CACHE.keys().next().value as string);
  CACHE.set(cacheKey, re);
  return re;
}

/**
 * Python's `re.finditer`: every match from the start, where an empty match moves the search on
 * by one character (a whole code point: a `u` RegExp will not stop inside one, and would match
 * the same empty string again). A RegExp without the `g` flag is copied with it.
 */
export function* pyFinditer(re: RegExp, text: string): Generator<RegExpExecArray> {
  const g = re.global ? re : new RegExp(re.source, `${re.flags}g`);
  g.lastIndex = 0;
  for (let m = g.exec(text); m; m = g.exec(text)) {
    yield m;
    if (m[0] === '') g.lastIndex = m.index + ((text.codePointAt(m.index) ?? 0) > 0xffff ? 2 : 1);
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '\\': '\\' };

/**
 * Expands a Python replacement template (`\1`, `\g<1>`, `\g<name>`, `\n`, `\\`) for one match;
 * a group that did not take part becomes "" as in Python 3.5+.
 */
export function expandPythonReplacement(template: string, match: RegExpExecArray): string {
  return template.replace(/\\(g<([^>]*)>|\d{1,2}|.)/gs, (_all: string, esc: string, name: string | undefined) => {
    if (name !== undefined) {
      const numbered = /^\d+$/.test(name);
      if (numbered ? Number(name) >= match.length : !match.groups || !(name in match.groups)) {
        throw new PythonError('IndexError', `unknown group name '${name}'`);
      }
      return (numbered ? match[Number(name)] : match.groups?.[name]) ?? '';
    }
    if (/^\d/.test(esc)) {
      if (Number(esc) >= match.length) throw reError(`invalid group reference ${esc}`);
      return match[Number(esc)] ?? '';
    }
    const simple = SIMPLE_ESCAPES[esc];
    if (simple !== undefined) return simple;
    if (/[A-Za-z]/.test(esc)) throw reError(`bad escape \\${esc}`);
    return `\\${esc}`;
  });
}
