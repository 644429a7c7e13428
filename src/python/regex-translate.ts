/**
 * Python `re` patterns translated to JavaScript RegExp source (for the `u` flag), so that patterns
 * written for StackStorm (rule criteria, template filters) mean the same here: `(?P<name>...)`,
 * `(?P=name)`, `\A`, `\Z`, inline flags `(?imsxa)`, Python's `$` (which also matches before a
 * final newline), `.` (which does not match only `\n`), Unicode `\d \w \s \b`, literal `{` / `]` /
 * `}`, and `[]...]` classes. DOTALL and MULTILINE are done by the translation itself, so they can
 * also be scoped (`(?s:...)`). Not translatable, reported as `re.error`: scoped case-insensitivity
 * that differs from the whole pattern, conditionals `(?(1)..)`, atomic groups and `\N{...}` names.
 */
import { PythonError } from './errors.js';

/** Python's flag arguments (`re.I`, `re.S`, `re.M`) and the RegExp state the caller needs. */
export interface PythonRegexOptions {
  ignoreCase?: boolean;
  dotAll?: boolean;
  multiline?: boolean;
  /** Add JavaScript's `g` flag (findall, sub). */
  global?: boolean;
  /** Add JavaScript's `y` flag: match only at `lastIndex`. */
  sticky?: boolean;
}

/** `search` finds anywhere, `match` anchors at the start, `fullmatch` must cover the whole text. */
export type PythonRegexMode = 'search' | 'match' | 'fullmatch';

interface FlagState {
  i: boolean;
  s: boolean;
  m: boolean;
  x: boolean;
  a: boolean;
}

const U_WORD = '\\p{L}\\p{N}_';
const A_WORD = 'A-Za-z0-9_';
// Python's Unicode \s is str.isspace(): JavaScript's \s differs (it has U+FEFF, lacks U+001C..U+001F and U+0085).
const U_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const A_SPACE = ' \\t\\n\\r\\f\\v';
const SYNTAX = new Set([...'^$\\.*+?()[]{}|/']);
const HEX = /^[0-9a-fA-F]+$/;

/** A class member: a code point, a range, or the inside of a (possibly complemented) category. */
type ClassItem = { kind: 'char'; cp: number } | { kind: 'set'; inner: string; negated: boolean };

/** Python's `re.error` (its class name is `error`), with the position Python reports. */
export function reError(message: string, pos?: number): PythonError {
  return new PythonError('error', pos === undefined ? message : `${message} at position ${pos}`);
}

function escapeCp(cp: number, inClass: boolean): string {
  const ch = String.fromCodePoint(cp);
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || (cp >= 0xd800 && cp <= 0xdfff)) return `\\u{${cp.toString(16)}}`;
  if (SYNTAX.has(ch) || (inClass && ch === '-')) return '\\' + ch;
  return ch;
}

function category(letter: string, ascii: boolean): { inner: string; negated: boolean } | undefined {
  switch (letter) {
    case 'd':
    case 'D':
      return { inner: ascii ? '0-9' : '\\p{Nd}', negated: letter === 'D' };
    case 'w':
    case 'W':
      return { inner: ascii ? A_WORD : U_WORD, negated: letter === 'W' };
    case 's':
    case 'S':
      return { inner: ascii ? A_SPACE : U_SPACE, negated: letter === 'S' };
    default:
      return undefined;
  }
}

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };

/** Translates one pattern; DOTALL, MULTILINE and VERBOSE are applied in the source, IGNORECASE is RegExp-wide. */
class Translator {
  readonly #src: string[];
  #pos = 0;
  #flags: FlagState;
  readonly #stack: FlagState[] = [];
  readonly #globalIgnoreCase: boolean;
  #atStart = true;
  #out = '';

  constructor(pattern: string, flags: PythonRegexOptions) {
    this.#src = Array.from(pattern);
    const inline = Translator.leadingFlags(pattern);
    this.#flags = { i: !!flags.ignoreCase || inline.includes('i'), s: !!flags.dotAll, m: !!flags.multiline, x: false, a: false };
    this.#globalIgnoreCase = this.#flags.i;
  }

  /** Global inline flags must be known before translating (case-insensitivity is a RegExp-wide flag). */
  static leadingFlags(pattern: string): string {
    const m = /^(?:\(\?[aiLmsux]+\))+/.exec(pattern);
    return m ? m[0].replace(/[()?]/g, '') : '';
  }

  get ignoreCase(): boolean {
    return this.#globalIgnoreCase;
  }

  translate(): string {
    const src = this.#src;
    while (this.#pos < src.length) {
      const c = src[this.#pos++]!;
      if (this.#flags.x && /[ \t\n\r\v\f]/.test(c)) continue;
      if (this.#flags.x && c === '#') {
        while (this.#pos < src.length && src[this.#pos] !== '\n') this.#pos++;
        continue;
      }
      if (c === '(' && src[this.#pos] === '?') {
        this.#group();
        continue;
      }
      this.#atStart = false;
      switch (c) {
        case '\\':
          this.#out += this.#escape();
          break;
        case '[':
          this.#out += this.#charClass();
          break;
        case '(':
          this.#stack.push({ ...this.#flags });
          this.#out += '(';
          break;
        case ')': {
          const prev = this.#stack.pop();
          if (!prev) throw reError('unbalanced parenthesis', this.#pos - 1);
          this.#flags = prev;
          this.#out += ')';
          break;
        }
        case '.':
          this.#out += this.#flags.s ? '[\\s\\S]' : '[^\\n]';
          break;
        case '^':
          this.#out += this.#flags.m ? '(?:^|(?<=\\n))' : '^';
          break;
        case '$':
          this.#out += this.#flags.m ? '(?=\\n|$)' : '(?=\\n?$)';
          break;
        case '{':
          this.#out += this.#brace();
          break;
        case '*':
        case '+':
        case '?':
        case '|':
          this.#out += c;
          break;
        default:
          this.#out += escapeCp(c.codePointAt(0)!, false);
      }
    }
    if (this.#stack.length > 0) throw reError('missing ), unterminated subpattern', this.#src.length);
    return this.#out;
  }

  #group(): void {
    const src = this.#src;
    const start = this.#pos - 1;
    this.#pos++; // the '?'
    const rest = src.slice(this.#pos, this.#pos + 64).join('');
    let m: RegExpExecArray | null;
    if ((m = /^P<([A-Za-z_]\w*)>/.exec(rest)) || (m = /^<([A-Za-z_]\w*)>/.exec(rest))) {
      this.#open(`(?<${m[1]}>`, m[0]);
    } else if ((m = /^P=([A-Za-z_]\w*)\)/.exec(rest))) {
      this.#atStart = false;
      this.#pos += m[0].length;
      this.#out += `\\k<${m[1]}>`;
    } else if ((m = /^(?::|=|!|<=|<!)/.exec(rest))) {
      this.#open(`(?${m[0]}`, m[0]);
    } else if (rest.startsWith('#')) {
      while (this.#pos < src.length && src[this.#pos] !== ')') this.#pos++;
      if (this.#pos >= src.length) throw reError('missing ), unterminated comment', start);
      this.#pos++;
    } else if ((m = /^([aiLmsux]*)(?:-([imsx]+))?([:)])/.exec(rest)) && (m[1] || m[2])) {
      this.#flagGroup(m, start);
    } else {
      throw reError(`unknown or unsupported extension ?${rest.slice(0, 1)}`, start);
    }
  }

  #open(js: string, consumed: string): void {
    this.#atStart = false;
    this.#pos += consumed.length;
    this.#stack.push({ ...this.#flags });
    this.#out += js;
  }

  #flagGroup(m: RegExpExecArray, start: number): void {
    const on = m[1] ?? '';
    const off = m[2] ?? '';
    if (on.includes('L')) throw reError("bad inline flag: cannot use 'L' flag with a str pattern", start);
    const next = { ...this.#flags };
    for (const f of on) if (f in next) next[f as keyof FlagState] = true;
    for (const f of off) if (f in next) next[f as keyof FlagState] = false;
    this.#pos += m[0].length;
    if (m[3] === ')') {
      if (off) throw reError('missing :', start);
      if (!this.#atStart) throw reError('global flags not at the start of the expression', start);
      this.#flags = next;
      return;
    }
    if (next.i !== this.#globalIgnoreCase) throw reError('scoped case-insensitivity (?i:...) is not supported', start);
    this.#atStart = false;
    this.#stack.push({ ...this.#flags });
    this.#flags = next;
    this.#out += '(?:';
  }

  #brace(): string {
    const rest = this.#src.slice(this.#pos, this.#pos + 40).join('');
    const m = /^(\d*)(,(\d*))?\}/.exec(rest);
    // Python reads `{` literally unless a complete `{m}`, `{m,}`, `{,n}` or `{m,n}` follows.
    if (!m || rest.startsWith('}')) return '\\{';
    this.#pos += m[0].length;
    const lo = m[1] || '0';
    if (m[2] === undefined) return `{${lo}}`;
    const hi = m[3] ?? '';
    if (hi && Number(hi) < Number(lo)) throw reError('min repeat greater than max repeat', this.#pos);
    return `{${lo},${hi}}`;
  }

  #hex(count: number, letter: string): number {
    const digits = this.#src.slice(this.#pos, this.#pos + count).join('');
    if (digits.length !== count || !HEX.test(digits)) throw reError(`incomplete escape \\${letter}${digits}`, this.#pos - 2);
    this.#pos += count;
    const cp = parseInt(digits, 16);
    if (cp > 0x10ffff) throw reError(`bad escape \\${letter}${digits}`, this.#pos - count - 2);
    return cp;
  }

  #octal(first: string): number {
    let digits = first;
    while (digits.length < 3 && /[0-7]/.test(this.#src[this.#pos] ?? '')) digits += this.#src[this.#pos++];
    const cp = parseInt(digits, 8);
    if (cp > 0o377) throw reError(`octal escape value \\${digits} outside of range 0-0o377`, this.#pos - digits.length - 1);
    return cp;
  }

  /** An escape that stands for one character, or undefined when `c` is not one. */
  #charEscape(c: string): number | undefined {
    if (c in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[c];
    if (c === 'x') return this.#hex(2, 'x');
    if (c === 'u') return this.#hex(4, 'u');
    if (c === 'U') return this.#hex(8, 'U');
    if (c === 'N') throw reError('named character escapes \\N{...} are not supported', this.#pos - 2);
    if (!/[0-9A-Za-z]/.test(c)) return c.codePointAt(0);
    return undefined;
  }

  #escape(): string {
    const c = this.#src[this.#pos++];
    if (c === undefined) throw reError('bad escape (end of pattern)', this.#pos - 1);
    const ascii = this.#flags.a;
    if (c === 'A') return '^';
    if (c === 'Z') return '$';
    if (c === 'b' || c === 'B') {
      // Python's \B never matches in an empty text; `(?!^$)` says so (^ and $ are text boundaries here).
      if (ascii) return c === 'b' ? '\\b' : '(?:\\B(?!^$))';
      const w = `[${U_WORD}]`;
      return c === 'b' ? `(?:(?<=${w})(?!${w})|(?<!${w})(?=${w}))` : `(?:(?<=${w})(?=${w})|(?<!${w})(?!${w})(?!^$))`;
    }
    const cat = category(c, ascii);
    if (cat) return `[${cat.negated ? '^' : ''}${cat.inner}]`;
    if (c === '0') return escapeCp(this.#octal(c), false);
    if (/[1-9]/.test(c)) {
      const next = this.#src[this.#pos] ?? '';
      const after = this.#src[this.#pos + 1] ?? '';
      if (/[0-7]/.test(c) && /[0-7]/.test(next) && /[0-7]/.test(after)) return escapeCp(this.#octal(c), false);
      let group = c;
      if (/\d/.test(next)) group += this.#src[this.#pos++];
      // Grouped so that a literal digit written after the reference cannot extend it.
      return `(?:\\${group})`;
    }
    const cp = this.#charEscape(c);
    if (cp === undefined) throw reError(`bad escape \\${c}`, this.#pos - 2);
    return escapeCp(cp, false);
  }

  #classAtom(c: string): ClassItem {
    if (c !== '\\') return { kind: 'char', cp: c.codePointAt(0)! };
    const e = this.#src[this.#pos++];
    if (e === undefined) throw reError('bad escape (end of pattern)', this.#pos - 1);
    const cat = category(e, this.#flags.a);
    if (cat) return { kind: 'set', ...cat };
    if (e === 'b') return { kind: 'char', cp: 8 };
    if (/[0-7]/.test(e)) return { kind: 'char', cp: this.#octal(e) };
    const cp = this.#charEscape(e);
    if (cp === undefined) throw reError(`bad escape \\${e}`, this.#pos - 2);
    return { kind: 'char', cp };
  }

  #charClass(): string {
    const src = this.#src;
    const start = this.#pos - 1;
    let negate = false;
    if (src[this.#pos] === '^') {
      negate = true;
      this.#pos++;
    }
    const first = this.#pos;
    const positive: string[] = [];
    const complements: string[] = [];
    for (;;) {
      const c = src[this.#pos++];
      if (c === undefined) throw reError('unterminated character set', start);
      // A `]` right after `[` or `[^` is a member, not the end.
      if (c === ']' && this.#pos - 1 !== first) break;
      const a = this.#classAtom(c);
      if (src[this.#pos] === '-' && src[this.#pos + 1] !== undefined) {
        this.#pos++;
        const d = src[this.#pos++]!;
        if (d === ']') {
          this.#addItem(a, positive, complements);
          positive.push('\\-');
          break;
        }
        const b = this.#classAtom(d);
        if (a.kind !== 'char' || b.kind !== 'char' || b.cp < a.cp) throw reError('bad character range', start);
        positive.push(`${escapeCp(a.cp, true)}-${escapeCp(b.cp, true)}`);
        continue;
      }
      this.#addItem(a, positive, complements);
    }
    if (complements.length === 0) return `[${negate ? '^' : ''}${positive.join('')}]`;
    // A complemented category inside a class (`[\W\d]`) has no RegExp class syntax without the v flag:
    // spell the class as alternatives (or, negated, as a character none of them matches).
    const parts = [...(positive.length ? [`[${positive.join('')}]`] : []), ...complements.map((inner) => `[^${inner}]`)];
    return negate ? `(?:(?!${parts.join('|')})[\\s\\S])` : `(?:${parts.join('|')})`;
  }

  #addItem(item: ClassItem, positive: string[], complements: string[]): void {
    if (item.kind === 'char') positive.push(escapeCp(item.cp, true));
    else if (item.negated) {
      if (item.inner === '\\p{Nd}') positive.push('\\P{Nd}');
      else complements.push(item.inner);
    } else positive.push(item.inner);
  }
}

/**
 * The JavaScript source and flags for a Python pattern in the given mode. Throws `re.error`
 * ({@link PythonError} of kind `error`) with Python's message where the pattern is invalid.
 */
export function translatePythonRegex(pattern: string, options: PythonRegexOptions = {}, mode: PythonRegexMode = 'search'): { source: string; flags: string } {
  const translator = new Translator(pattern, options);
  const body = translator.translate();
  const source = mode === 'search' ? body : mode === 'match' ? `^(?:${body})` : `^(?:${body})$`;
  // `^` and `$` keep their text-boundary meaning: MULTILINE is spelled out in the source, never the `m` flag.
  let flags = translator.ignoreCase ? 'iu' : 'u';
  if (options.global) flags += 'g';
  if (options.sticky) flags += 'y';
  return { source, flags };
}
