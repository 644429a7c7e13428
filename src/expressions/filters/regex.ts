/**
 * StackStorm's regex functions (`st2common/expressions/functions/regex.py`) with Python `re`
 * semantics: `regex_match` anchors at the start, `regex_search` looks anywhere, `regex_replace`
 * takes `\1` / `\g<name>` replacements, `regex_substring` indexes `re.findall`'s results.
 */
import { PythonError } from '../../python/errors.js';
import { compilePythonRegex, expandPythonReplacement, pyFinditer } from '../../python/regex.js';
import { pythonStr } from '../../python/repr.js';
import { tuple } from '../../python/values.js';

function subject(value: unknown): string {
  return typeof value === 'string' ? value : pythonStr(value);
}

function pattern(p: unknown): string {
  if (typeof p !== 'string') throw new PythonError('TypeError', 'first argument must be string or compiled pattern');
  return p;
}

export function regexMatch(value: unknown, p: unknown, ignorecase: unknown = false): boolean {
  const re = compilePythonRegex(pattern(p), { ignoreCase: Boolean(ignorecase), sticky: true });
  re.lastIndex = 0;
  return re.test(subject(value));
}

export function regexSearch(value: unknown, p: unknown, ignorecase: unknown = false): boolean {
  return compilePythonRegex(pattern(p), { ignoreCase: Boolean(ignorecase) }).test(subject(value));
}

export function regexReplace(value: unknown, p: unknown, replacement: unknown, ignorecase: unknown = false): string {
  const text = subject(value);
  const repl = pythonStr(replacement);
  const re = compilePythonRegex(pattern(p), { ignoreCase: Boolean(ignorecase), global: true });
  let out = '';
  let last = 0;
  for (const m of pyFinditer(re, text)) {
    out += text.slice(last, m.index) + expandPythonReplacement(repl, m);
    last = m.index + m[0].length;
  }
  return out + text.slice(last);
}

/** `re.findall(pattern, value)[result_index]`: the whole match, the one group, or a tuple of groups. */
export function regexSubstring(value: unknown, p: unknown, resultIndex: unknown = 0, ignorecase: unknown = false): unknown {
  const re = compilePythonRegex(pattern(p), { ignoreCase: Boolean(ignorecase), global: true });
  const found = [...pyFinditer(re, subject(value))].map((m) => {
    if (m.length === 1) return m[0];
    if (m.length === 2) return m[1] ?? '';
    return tuple(...m.slice(1).map((g) => g ?? ''));
  });
  const index = typeof resultIndex === 'number' && Number.isInteger(resultIndex) ? resultIndex : Number.NaN;
  if (Number.isNaN(index)) throw new PythonError('TypeError', 'list indices must be integers or slices');
  const at = index < 0 ? found.length + index : index;
  if (at < 0 || at >= found.length) throw new PythonError('IndexError', 'list index out of range');
  return found[at];
}
