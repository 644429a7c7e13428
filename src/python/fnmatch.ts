/**
 * Python's `fnmatch.fnmatch(name, pat)` on POSIX: a shell glob over the whole text (`*` and `?`
 * also match newlines), `[seq]` / `[!seq]` character sets, case-sensitive. The glob is turned into
 * a Python regular expression exactly as `fnmatch.translate` does, then compiled like any other
 * Python pattern, so set edge cases (`[]a]`, reversed ranges, a lone `[`) behave as in Python.
 */
import { typeError } from './errors.js';
import { compilePythonRegex } from './regex.js';
import { pyTypeName } from './values.js';

const RE_SPECIAL = new Set([...'()[]{}?*+-|^$\\.&~# \t\n\r\v\f']);

function reEscape(ch: string): string {
  return RE_SPECIAL.has(ch) ? '\\' + ch : ch;
}

/** Translates the inside of a `[...]` set as fnmatch does (ranges kept, empty ranges dropped). */
function translateSet(pat: string, i: number, j: number): string {
  let stuff: string;
  if (!pat.slice(i, j).includes('-')) {
    stuff = pat.slice(i, j).replace(/\\/g, '\\\\');
  } else {
    const chunks: string[] = [];
    let k = pat[i] === '!' ? i + 2 : i + 1;
    for (;;) {
      k = pat.indexOf('-', k);
      if (k < 0 || k >= j) break;
      chunks.push(pat.slice(i, k));
      i = k + 1;
      k = k + 3;
    }
    const chunk = pat.slice(i, j);
    if (chunk) chunks.push(chunk);
    else chunks[chunks.length - 1] += '-';
    // A reversed range (`z-a`) is dropped by merging its neighbours.
    for (let n = chunks.length - 1; n > 0; n--) {
      const prev = chunks[n - 1]!;
      const cur = chunks[n]!;
      if (prev.slice(-1) > cur.slice(0, 1)) {
        chunks[n - 1] = prev.slice(0, -1) + cur.slice(1);
        chunks.splice(n, 1);
      }
    }
    stuff = chunks.map((s) => s.replace(/\\/g, '\\\\').replace(/-/g, '\\-')).join('-');
  }
  if (!stuff) return '(?!)';
  if (stuff === '!') return '.';
  if (stuff[0] === '!') stuff = '^' + stuff.slice(1);
  else if (stuff[0] === '^' || stuff[0] === '[') stuff = '\\' + stuff;
  return `[${stuff}]`;
}

/** `fnmatch.translate` without its `(?s:...)\Z` wrapper: the caller compiles with DOTALL as a full match. */
export function translateGlob(pat: string): string {
  let res = '';
  let lastStar = false;
  let i = 0;
  const n = pat.length;
  while (i < n) {
    const c = pat[i++]!;
    if (c === '*') {
      if (!lastStar) res += '.*';
      lastStar = true;
      continue;
    }
    lastStar = false;
    if (c === '?') res += '.';
    else if (c === '[') {
      let j = i;
      if (j < n && pat[j] === '!') j++;
      if (j < n && pat[j] === ']') j++;
      while (j < n && pat[j] !== ']') j++;
      if (j >= n) res += '\\[';
      else {
        res += translateSet(pat, i, j);
        i = j + 1;
      }
    } else res += reEscape(c);
  }
  return res;
}

/** `os.path.normcase` on POSIX: only checks the type. */
function normcase(v: unknown): string {
  if (typeof v !== 'string') throw typeError(`expected str, bytes or os.PathLike object, not ${pyTypeName(v)}`);
  return v;
}

/** Compiles a glob for {@link fnmatch}; throws like Python when the pattern is not a string. */
export function compileGlob(pat: unknown): RegExp {
  return compilePythonRegex(translateGlob(normcase(pat)), { dotAll: true }, 'fullmatch');
}

/** Python `fnmatch.fnmatch(name, pat)`; `compiled` is the result of {@link compileGlob} when done ahead. */
export function fnmatch(name: unknown, pat: unknown, compiled?: () => RegExp): boolean {
  const text = normcase(name);
  const re = compiled ? compiled() : compileGlob(pat);
  return re.test(text);
}
