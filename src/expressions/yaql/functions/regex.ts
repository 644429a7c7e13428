/**
 * YAQL's regular expressions (`standard_library/regex.py`) on Python's `re` semantics from
 * src/python: `regex(pattern, ignoreCase => true)` compiles, `matches`/`=~` search anywhere,
 * `search` gives the first match (or `$1`, `$2`... records of it to a selector), and the
 * `split`/`replace` methods accept a compiled regex in place of a plain separator.
 */
import { expandPythonReplacement, pyFinditer } from '../../../python/regex.js';
import { NO_MATCH } from '../errors.js';
import { YaqlRegex, markList } from '../values.js';
import { arity, optLambda, str, type FunctionTable } from './spec.js';

const RE_SPECIAL = new Set('()[]{}?*+-|^$\\.&~# \t\n\r\v\f');

function regexArg(v: unknown): YaqlRegex {
  if (!(v instanceof YaqlRegex)) throw NO_MATCH;
  return v;
}

function flag(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw NO_MATCH;
  return v;
}

/** `{value, start, end}` for the whole match and each group: what a selector sees as `$1`, `$2`, ... */
function matchRecords(m: RegExpExecArray): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [{ value: m[0], start: m.index, end: m.index + m[0].length }];
  for (let i = 1; i < m.length; i++) {
    const g = m[i];
    const at = g === undefined ? -1 : m.index + m[0].indexOf(g);
    // JavaScript gives no group offsets without the `d` flag; the group's first place in the match stands in.
    records.push({ value: g ?? null, start: at, end: g === undefined ? -1 : at + g.length });
  }
  return records;
}

/** `re.sub(pattern, repl, string, count)` (count 0: every match). */
export function regexReplace(re: YaqlRegex, text: string, repl: string, count: number): string {
  let out = '';
  let last = 0;
  let n = 0;
  for (const m of pyFinditer(re.compile(true), text)) {
    if (count > 0 && n >= count) break;
    out += text.slice(last, m.index) + expandPythonReplacement(repl, m);
    last = m.index + m[0].length;
    n++;
  }
  return out + text.slice(last);
}

/** `re.split(pattern, string, maxsplit)`: captured groups are kept between the pieces, as in Python. */
export function regexSplit(re: YaqlRegex, text: string, maxSplit: number): unknown[] {
  const out: unknown[] = [];
  let last = 0;
  let n = 0;
  for (const m of pyFinditer(re.compile(true), text)) {
    if (maxSplit > 0 && n >= maxSplit) break;
    out.push(text.slice(last, m.index), ...m.slice(1).map((g) => g ?? null));
    last = m.index + m[0].length;
    n++;
  }
  out.push(text.slice(last));
  return markList(out);
}

function matches(args: unknown[]): boolean {
  arity(args, 2);
  const [a, b] = args;
  if (a instanceof YaqlRegex) return a.compile().test(str(b));
  return new YaqlRegex(str(b), { ignoreCase: false, multiline: false, dotAll: false }).compile().test(str(a));
}

export const REGEX_FUNCTIONS: FunctionTable = {
  regex: { form: 'function', params: ['pattern', 'ignoreCase', 'multiLine', 'dotAll'], impl: (args) => {
    arity(args, 1, 4);
    return new YaqlRegex(str(args[0]), { ignoreCase: flag(args[1]), multiline: flag(args[2]), dotAll: flag(args[3]) });
  } },
  matches: { form: 'method', impl: matches },
  search: { form: 'method', params: ['regexp', 'string', 'selector'], lazy: [2], impl: (args) => {
    arity(args, 2, 3);
    const m = regexArg(args[0]).compile().exec(str(args[1]));
    if (!m) return null;
    const selector = optLambda(args[2]);
    return selector ? selector(...matchRecords(m)) : m[0];
  } },
  searchAll: { form: 'method', params: ['regexp', 'string', 'selector'], lazy: [2], impl: (args, _named, env) => {
    arity(args, 2, 3);
    const re = regexArg(args[0]).compile(true);
    const text = str(args[1]);
    const selector = optLambda(args[2]);
    return env.iterator((function* () {
      for (const m of pyFinditer(re, text)) yield selector ? selector(...matchRecords(m)) : m[0];
    })());
  } },
  replaceBy: { form: 'method', params: ['regexp', 'string', 'repl', 'count'], lazy: [2], impl: (args) => {
    arity(args, 3, 4);
    const [a, b] = args;
    const [re, text] = a instanceof YaqlRegex ? [a, str(b)] : [regexArg(b), str(a)];
    const repl = optLambda(args[2]);
    if (!repl) throw NO_MATCH;
    const count = args[3] === undefined ? 0 : Number(args[3]);
    let out = '';
    let last = 0;
    let n = 0;
    for (const m of pyFinditer(re.compile(true), text)) {
      if (count > 0 && n++ >= count) break;
      out += text.slice(last, m.index) + String(repl(...matchRecords(m)));
      last = m.index + m[0].length;
    }
    return out + text.slice(last);
  } },
  escapeRegex: { form: 'function', impl: (args) => {
    arity(args, 1);
    return [...str(args[0])].map((c) => (RE_SPECIAL.has(c) ? `\\${c}` : c)).join('');
  } },
};
