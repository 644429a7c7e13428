/**
 * String literals as Jinja2 reads them: Python's escapes (`\n`, `\x41`, `\u00e9`, octal), and
 * an unknown escape keeps its backslash, so `'\d+'` in a template is the regex `\d+`.
 */
import type { NunjucksTokenizer } from './syntax.js';

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '\n': '' };

/** Reads a string literal with Python's escapes; unknown escapes keep their backslash (`'\d'`). */
export function parsePythonString(lexer: NunjucksTokenizer, delimiter: string): string {
  lexer.forward();
  let out = '';
  while (!lexer.isFinished() && lexer.current() !== delimiter) {
    const ch = lexer.current();
    lexer.forward();
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const esc = lexer.current();
    const simple = SIMPLE_ESCAPES[esc];
    if (simple !== undefined) {
      out += simple;
      lexer.forward();
      continue;
    }
    const width = esc === 'x' ? 2 : esc === 'u' ? 4 : esc === 'U' ? 8 : 0;
    if (width > 0) {
      lexer.forward();
      let hex = '';
      while (hex.length < width && /[0-9a-fA-F]/.test(lexer.current())) {
        hex += lexer.current();
        lexer.forward();
      }
      if (hex.length !== width) throw new Error(`truncated \\${esc} escape in string literal`);
      out += String.fromCodePoint(Number.parseInt(hex, 16));
    } else if (/[0-7]/.test(esc)) {
      let oct = '';
      while (oct.length < 3 && /[0-7]/.test(lexer.current())) {
        oct += lexer.current();
        lexer.forward();
      }
      out += String.fromCodePoint(Number.parseInt(oct, 8));
    } else {
      out += '\\';
    }
  }
  lexer.forward();
  return out;
}
