/**
 * YAQL's grammar as a precedence-climbing parser. The binding powers are YAQL 2.0's operator
 * table, tightest first:
 *
 *   `.` `?.`  >  `[]` (index)  >  unary `+` `-`  >  `=~` `!~`  >  `*` `/` `mod`  >  `+` `-`
 *   >  `<` `>` `<=` `>=` `=` `!=` `in` (one level, left to right)  >  `not`  >  `and`  >  `or`
 *   >  `->` (right-associative)
 *
 * so `not a = b` is `not (a = b)`, `-2.skip(1)` is `-(2.skip(1))` and `a.b[0]` is `(a.b)[0]`.
 * `=>` only appears inside argument lists (`f(x, name => value)`), where positional arguments
 * come first and an empty position (`f(, 1)`) leaves a parameter at its default.
 */
import { pythonRepr } from '../../python/repr.js';
import type { BinaryOp, ConstNode, Node } from './ast.js';
import { grammarError } from './errors.js';
import { tokenize, type Token } from './lexer.js';

const INFIX: Readonly<Record<string, number>> = {
  '->': 10,
  or: 20,
  and: 30,
  '<': 50, '>': 50, '<=': 50, '>=': 50, '=': 50, '!=': 50, in: 50,
  '+': 60, '-': 60,
  '*': 70, '/': 70, mod: 70,
  '=~': 80, '!~': 80,
};
const INDEX_POWER = 100;
const DOT_POWER = 110;
const UNARY_SIGN_POWER = 90;
const NOT_POWER = 40;

/** Parses one expression (without `<% %>`); throws YaqlGrammarException or YaqlLexicalException. */
export function parseYaql(source: string): Node {
  return new Parser(source).parseStatement();
}

class Parser {
  readonly #source: string;
  readonly #tokens: Token[];
  #at = 0;

  constructor(source: string) {
    this.#source = source;
    this.#tokens = tokenize(source);
  }

  parseStatement(): Node {
    const node = this.#expression(0);
    const rest = this.#peek();
    if (rest.type !== 'end') throw this.#unexpected(rest);
    return node;
  }

  #peek(): Token {
    const token = this.#tokens[this.#at] as Token;
    if (token.type === 'illegal') throw token.error;
    return token;
  }

  #take(): Token {
    const token = this.#peek();
    this.#at++;
    return token;
  }

  #isOp(token: Token, text: string): boolean {
    return (token.type === 'op' || token.type === 'punct') && token.text === text;
  }

  #expression(minPower: number): Node {
    let left = this.#prefix();
    while (true) {
      const token = this.#peek();
      if (token.type !== 'op') break;
      const op = token.text;
      if (op === '.' || op === '?.') {
        if (DOT_POWER <= minPower) break;
        this.#at++;
        left = { kind: 'dot', pos: token.pos, left, right: this.#expression(DOT_POWER), elvis: op === '?.' };
        continue;
      }
      if (op === '[') {
        if (INDEX_POWER <= minPower) break;
        this.#at++;
        left = { kind: 'index', pos: token.pos, target: left, args: this.#arguments(']') };
        continue;
      }
      const power = INFIX[op];
      if (power === undefined || power <= minPower) break;
      this.#at++;
      // `->` is right-associative: its right side may hold another `->`.
      const right = this.#expression(op === '->' ? power - 1 : power);
      left = { kind: 'binary', pos: token.pos, op: op as BinaryOp, left, right };
    }
    return left;
  }

  #prefix(): Node {
    const token = this.#take();
    switch (token.type) {
      case 'number':
      case 'const':
        return { kind: 'const', pos: token.pos, value: token.value as ConstNode['value'] };
      case 'string':
        return { kind: 'const', pos: token.pos, value: token.text };
      case 'keyword':
        return { kind: 'keyword', pos: token.pos, name: token.text };
      case 'dollar':
        return { kind: 'variable', pos: token.pos, name: token.text === '$' ? '1' : token.text.slice(1) };
      case 'func':
        return { kind: 'call', pos: token.pos, name: token.text, args: this.#arguments(')') };
      case 'punct':
        if (token.text === '(') {
          const expr = this.#expression(0);
          const close = this.#take();
          if (!this.#isOp(close, ')')) throw this.#unexpected(close);
          return { kind: 'wrap', pos: token.pos, expr };
        }
        break;
      case 'op':
        if (token.text === '[') return { kind: 'list', pos: token.pos, items: this.#arguments(']') };
        if (token.text === '{') return { kind: 'map', pos: token.pos, items: this.#arguments('}') };
        if (token.text === '-' || token.text === '+') {
          return { kind: 'unary', pos: token.pos, op: token.text, operand: this.#expression(UNARY_SIGN_POWER) };
        }
        if (token.text === 'not') return { kind: 'unary', pos: token.pos, op: 'not', operand: this.#expression(NOT_POWER) };
        break;
      default:
        break;
    }
    throw this.#unexpected(token);
  }

  /** Arguments up to `closer`: positional ones (empty positions allowed), then `name => value` ones. */
  #arguments(closer: string): Node[] {
    const items: Node[] = [];
    if (this.#isOp(this.#peek(), closer)) {
      this.#at++;
      return items;
    }
    let named = false;
    while (true) {
      const start = this.#peek();
      if (this.#isOp(start, ',') && !named) {
        items.push({ kind: 'skip', pos: start.pos });
        this.#at++;
        continue;
      }
      const value = this.#expression(0);
      if (this.#isOp(this.#peek(), '=>')) {
        const arrow = this.#take();
        items.push({ kind: 'rule', pos: arrow.pos, source: value, destination: this.#expression(0) });
        named = true;
      } else if (named) {
        throw this.#unexpected(this.#peek());
      } else {
        items.push(value);
      }
      const sep = this.#take();
      if (this.#isOp(sep, closer)) return items;
      if (!this.#isOp(sep, ',')) throw this.#unexpected(sep);
      if (this.#isOp(this.#peek(), closer)) throw this.#unexpected(this.#peek());
    }
  }

  #unexpected(token: Token): Error {
    if (token.type === 'end') return grammarError(this.#source, undefined, undefined);
    return grammarError(this.#source, display(token), token.pos);
  }
}

/** How YAQL prints a token's value in a parse error: Python's str of the lexed value. */
function display(token: Token): string {
  if (token.type === 'number') return pythonRepr(token.value);
  if (token.type === 'const') return token.value === null ? 'None' : token.value ? 'True' : 'False';
  return token.text;
}
