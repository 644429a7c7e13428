/**
 * YAQL's lexer, rule for rule as YAQL 2.0 tries them at each position: `$name`, numbers,
 * `name(` (a function call: the parenthesis must follow the name directly), bare words (the
 * word operators `and or not in mod` and `true false null` among them), the three string
 * quotes, then operators longest first. An illegal character becomes a final `illegal` token,
 * so the parser reports it only when it gets there, as YAQL's on-demand lexer does.
 */
import type { PythonError } from '../../python/errors.js';
import { PyFloat } from '../../python/values.js';
import { lexicalError } from './errors.js';

export type TokenType = 'number' | 'string' | 'keyword' | 'func' | 'dollar' | 'const' | 'op' | 'punct' | 'illegal' | 'end';

export interface Token {
  readonly type: TokenType;
  /** Operator or punctuation symbol, word, function name, `$` variable text, or string value. */
  readonly text: string;
  /** Numbers and constants: the literal's value (`2.0` boxed as a float). */
  readonly value?: unknown;
  readonly pos: number;
  /** Offset just past the token. */
  readonly end: number;
  /** For `illegal`: the error to raise. */
  readonly error?: PythonError;
}

const WORD_OPERATORS = new Set(['and', 'or', 'not', 'in', 'mod']);
const CONSTANTS: Readonly<Record<string, boolean | null>> = { true: true, false: false, null: null };
// Longest first: `?.` before `.`, `->` before `-`, `=>`/`=~` before `=`, and so on.
const SYMBOLS = ['?.', '->', '=>', '!=', '<=', '>=', '=~', '!~', '.', '+', '-', '*', '/', '=', '<', '>', '[', '{'];
const PUNCTUATION = '()],}';

const DOLLAR = /\$[\p{L}\p{N}_]*/uy;
const NUMBER = /[0-9]+(?:\.?[0-9]+)?(?![\p{L}\p{N}_])/uy;
const FUNC = /[\p{L}_][\p{L}\p{N}_]*\(/uy;
const WORD = /(?!__)[\p{L}_][\p{L}\p{N}_]*/uy;
const QUOTED: Readonly<Record<string, RegExp>> = {
  "'": /'(?:[^'\\]|\\[^\n])*'/y,
  '"': /"(?:[^"\\]|\\[^\n])*"/y,
  '`': /`(?:[^`\\]|\\[^\n])*`/y,
};
// Python's unicode-escape sequences YAQL decodes; any other backslash stays as written (`'\d+'`).
const ESCAPE = /\\(?:U[\s\S]{8}|u[\s\S]{4}|x[\s\S]{2}|[0-7]{1,3}|N\{[^}]+\}|[\\'"abfnrtv])/g;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** Splits an expression into tokens; the last one is `end` or `illegal`. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = source.length;
  while (true) {
    while (i < n && (source[i] === ' ' || source[i] === '\t' || source[i] === '\r' || source[i] === '\n')) i++;
    if (i >= n) {
      tokens.push({ type: 'end', text: '', pos: i, end: i });
      return tokens;
    }
    const token = next(source, i);
    tokens.push(token);
    if (token.type === 'illegal') return tokens;
    i = token.end;
  }
}

function match(re: RegExp, source: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(source)?.[0];
}

function next(source: string, at: number): Token {
  const ch = source[at] as string;
  let m: string | undefined;
  if (ch === '$' && (m = match(DOLLAR, source, at)) !== undefined) return { type: 'dollar', text: m, pos: at, end: at + m.length };
  if (ch >= '0' && ch <= '9' && (m = match(NUMBER, source, at)) !== undefined) {
    return { type: 'number', text: m, value: numberValue(m), pos: at, end: at + m.length };
  }
  if ((m = match(FUNC, source, at)) !== undefined) return { type: 'func', text: m.slice(0, -1), pos: at, end: at + m.length };
  if ((m = match(WORD, source, at)) !== undefined) {
    if (WORD_OPERATORS.has(m)) return { type: 'op', text: m, pos: at, end: at + m.length };
    if (Object.hasOwn(CONSTANTS, m)) return { type: 'const', text: m, value: CONSTANTS[m], pos: at, end: at + m.length };
    return { type: 'keyword', text: m, pos: at, end: at + m.length };
  }
  const quote = QUOTED[ch];
  if (quote && (m = match(quote, source, at)) !== undefined) {
    const body = m.slice(1, -1);
    const value = ch === '`' ? body.replaceAll('\\`', '`') : decodeEscapes(body, at);
    return { type: 'string', text: value, value, pos: at, end: at + m.length };
  }
  for (const symbol of SYMBOLS) {
    if (source.startsWith(symbol, at)) return { type: 'op', text: symbol, pos: at, end: at + symbol.length };
  }
  if (PUNCTUATION.includes(ch)) return { type: 'punct', text: ch, pos: at, end: at + 1 };
  return { type: 'illegal', text: ch, pos: at, end: at + 1, error: lexicalError(ch, at) };
}

/** A float literal with an integral value keeps its float-ness (`2.0` prints as `2.0`). */
function numberValue(text: string): number | PyFloat {
  const n = Number(text);
  return text.includes('.') && Number.isInteger(n) ? new PyFloat(n) : n;
}

function decodeEscapes(body: string, at: number): string {
  if (!body.includes('\\')) return body;
  return body.replace(ESCAPE, (seq) => {
    const kind = seq[1] as string;
    if (Object.hasOwn(SIMPLE_ESCAPES, kind)) return SIMPLE_ESCAPES[kind] as string;
    if (kind === 'N') return seq; // character names need Python's Unicode database; kept as written
    const hex = kind === 'x' || kind === 'u' || kind === 'U';
    const digits = hex ? seq.slice(2) : seq.slice(1);
    const valid = hex ? /^[0-9a-fA-F]+$/.test(digits) : true;
    const code = valid ? Number.parseInt(digits, hex ? 16 : 8) : Number.NaN;
    if (!valid || code > 0x10ffff) throw lexicalError('\\', at);
    return String.fromCodePoint(code);
  });
}
