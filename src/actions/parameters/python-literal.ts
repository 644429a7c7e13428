/**
 * Reads the Python literal syntax StackStorm's casting accepts for object and array parameters
 * when a value is not JSON (`ast.literal_eval`): dicts, lists, tuples, single- or double-quoted
 * strings, numbers, `True`/`False`/`None`, trailing commas. It is a parser, never an evaluator:
 * anything else (names, calls, operators) is rejected with the offset it stopped at.
 */
export function parsePythonLiteral(text: string): unknown {
  const parser = new LiteralParser(text);
  const value = parser.value();
  parser.end();
  return value;
}

class LiteralParser {
  readonly #text: string;
  #pos = 0;

  constructor(text: string) {
    this.#text = text;
  }

  value(): unknown {
    this.#skipSpace();
    const ch = this.#text[this.#pos];
    if (ch === '{') return this.#dict();
    if (ch === '[') return this.#sequence('[', ']');
    if (ch === '(') return this.#sequence('(', ')');
    if (ch === "'" || ch === '"') return this.#string(ch);
    const word = /^(True|False|None)\b/.exec(this.#text.slice(this.#pos));
    if (word) {
      this.#pos += word[0].length;
      return word[0] === 'True' ? true : word[0] === 'False' ? false : null;
    }
    const num = /^[+-]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?/.exec(this.#text.slice(this.#pos));
    if (num) {
      this.#pos += num[0].length;
      return Number(num[0].replaceAll('_', ''));
    }
    throw this.#error('expected a literal');
  }

  end(): void {
    this.#skipSpace();
    if (this.#pos < this.#text.length) throw this.#error('unexpected text after the literal');
  }

  #dict(): Record<string, unknown> {
    this.#pos += 1;
    const out: Record<string, unknown> = {};
    for (;;) {
      this.#skipSpace();
      if (this.#eat('}')) return out;
      const key = this.value();
      if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean' && key !== null) throw this.#error('dict keys must be strings or numbers');
      this.#skipSpace();
      if (!this.#eat(':')) throw this.#error('expected ":"');
      // defineProperty, not assignment: a "__proto__" key must stay data, as JSON.parse keeps it.
      Object.defineProperty(out, pythonKey(key), { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.#skipSpace();
      if (this.#eat('}')) return out;
      if (!this.#eat(',')) throw this.#error('expected "," or "}"');
    }
  }

  #sequence(open: string, close: string): unknown[] {
    this.#pos += open.length;
    const out: unknown[] = [];
    for (;;) {
      this.#skipSpace();
      if (this.#eat(close)) return out;
      out.push(this.value());
      this.#skipSpace();
      if (this.#eat(close)) return out;
      if (!this.#eat(',')) throw this.#error(`expected "," or "${close}"`);
    }
  }

  #string(quote: string): string {
    this.#pos += 1;
    let out = '';
    while (this.#pos < this.#text.length) {
      const ch = this.#text[this.#pos] ?? '';
      this.#pos += 1;
      if (ch === quote) return out;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const esc = this.#text[this.#pos] ?? '';
      this.#pos += 1;
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', "'": "'", '"': '"', '\n': '' };
      if (esc in simple) out += simple[esc];
      else if (esc === 'x' || esc === 'u') {
        const len = esc === 'x' ? 2 : 4;
        const hex = this.#text.slice(this.#pos, this.#pos + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) throw this.#error(`bad \\${esc} escape`);
        out += String.fromCharCode(parseInt(hex, 16));
        this.#pos += len;
      } else out += `\\${esc}`;
    }
    throw this.#error('unterminated string');
  }

  #eat(token: string): boolean {
    if (!this.#text.startsWith(token, this.#pos)) return false;
    this.#pos += token.length;
    return true;
  }

  #skipSpace(): void {
    while (/\s/.test(this.#text[this.#pos] ?? '')) this.#pos += 1;
  }

  #error(reason: string): Error {
    return new Error(`${reason} at offset ${this.#pos}`);
  }
}

/** Python's str() of a non-string dict key, so `{1: 'a'}` becomes `{"1": "a"}` as JSON would need. */
function pythonKey(key: string | number | boolean | null): string {
  if (key === null) return 'None';
  if (typeof key === 'boolean') return key ? 'True' : 'False';
  return String(key);
}
