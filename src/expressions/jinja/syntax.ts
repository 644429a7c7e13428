/**
 * Jinja2 syntax on top of nunjucks' lexer and parser. nunjucks parses most of Jinja2, but differs
 * where StackStorm templates notice: string escapes (`'\d'` keeps its backslash in Jinja2),
 * slices (`x[1:]`), `x.0`, operator precedence (`*` binds tighter than `~`, `in` is a
 * comparison), tests (`x is sameas false`, `x is in [..]`), chained `a if b else c if d else e`,
 * trailing commas, one-element tuples and nested dict literals ending in `}}`.
 *
 * Every fix is installed on the parser *instance* this module creates, never on nunjucks'
 * prototypes, so no other nunjucks user is affected. The module receives nunjucks from
 * `jinja.ts` (the only file that imports it) through the small `NunjucksSyntax` view.
 */
import type { ListNode, Node, SliceNode, TestNode } from './nodes.js';
import { parsePythonString } from './string-literals.js';

export interface Token {
  type: string;
  value: string;
  lineno: number;
  colno: number;
}

/** The lexer instance nunjucks returns from `lexer.lex()`. */
export interface NunjucksTokenizer {
  /** Whether the lexer is inside `{{ }}` / `{% %}`. */
  in_code: boolean;
  current(): string;
  forward(): void;
  isFinished(): boolean;
  _parseString(delimiter: string): string;
}

type NodeClass = new (lineno: number, colno: number, ...fields: unknown[]) => Node;

/** The part of the nunjucks module this file uses. */
export interface NunjucksSyntax {
  lexer: { lex(src: string, opts: { trimBlocks: boolean; lstripBlocks: boolean }): NunjucksTokenizer } & Record<string, unknown>;
  parser: { Parser: new (tokens: NunjucksTokenizer) => object };
  nodes: Record<string, NodeClass>;
}

/** The parser methods used or replaced here (nunjucks' `Parser`, untyped upstream). */
interface Parser {
  peekToken(): Token | null;
  nextToken(): Token | null;
  pushToken(tok: Token): void;
  skip(type: string): boolean;
  skipValue(type: string, value: string): boolean;
  skipSymbol(value: string): boolean;
  fail(message: string, lineno?: number, colno?: number): never;
  parseExpression(): Node;
  parsePrimary(noPostfix?: boolean): Node;
  parseSignature(tolerant?: boolean, noParens?: boolean): ListNode;
  parseFilterName(): Node;
  parseFilterArgs(node: Node): Node[];
  parseAsRoot(): ListNode;
  parseAggregate(): Node | null;
  parseInlineIf(): Node;
  parseOr(): Node;
  parseNot(): Node;
  parseIn(): Node;
  parseCompare(): Node;
  parseUnary(noFilters?: boolean): Node;
  parsePostfix(node: Node): Node;
}

const COMPARE_OPS = new Set(['==', '===', '!=', '!==', '<', '>', '<=', '>=']);
/** Words after `is <test>` that end the test instead of being its argument. */
const TEST_ARG_STOP = new Set(['else', 'or', 'and', 'if', 'is', 'not', 'in', 'for']);

/** Builds `parse(source)` → the template's root node, with Jinja2 syntax fixes. */
export function createJinjaParser(nunjucks: NunjucksSyntax): (source: string) => ListNode {
  const { nodes } = nunjucks;
  const tok = (name: string): string => String(nunjucks.lexer[name]);
  const T = {
    STRING: tok('TOKEN_STRING'), INT: tok('TOKEN_INT'), FLOAT: tok('TOKEN_FLOAT'), SYMBOL: tok('TOKEN_SYMBOL'),
    BOOLEAN: tok('TOKEN_BOOLEAN'), NONE: tok('TOKEN_NONE'), OPERATOR: tok('TOKEN_OPERATOR'), PIPE: tok('TOKEN_PIPE'),
    TILDE: tok('TOKEN_TILDE'), COLON: tok('TOKEN_COLON'), LEFT_PAREN: tok('TOKEN_LEFT_PAREN'),
    LEFT_BRACKET: tok('TOKEN_LEFT_BRACKET'), RIGHT_BRACKET: tok('TOKEN_RIGHT_BRACKET'), LEFT_CURLY: tok('TOKEN_LEFT_CURLY'),
    RIGHT_PAREN: tok('TOKEN_RIGHT_PAREN'), RIGHT_CURLY: tok('TOKEN_RIGHT_CURLY'), COMMA: tok('TOKEN_COMMA'),
    VARIABLE_END: tok('TOKEN_VARIABLE_END'),
  };
  const make = (kind: string, at: { lineno: number; colno: number }, ...fields: unknown[]): Node => {
    const cls = nodes[kind];
    if (!cls) throw new Error(`nunjucks has no node type ${kind}`);
    return new cls(at.lineno, at.colno, ...fields);
  };

  return (source: string): ListNode => {
    const tokens = nunjucks.lexer.lex(source, { trimBlocks: true, lstripBlocks: true });
    tokens._parseString = (delimiter) => parsePythonString(tokens, delimiter);
    const p = new nunjucks.parser.Parser(tokens) as unknown as Parser;
    let dictDepth = 0;

    // Jinja2's condexpr: the else branch may itself be a conditional.
    p.parseInlineIf = function (this: Parser) {
      let node = this.parseOr();
      while (this.skipSymbol('if')) {
        const cond = this.parseOr();
        const elseNode = this.skipSymbol('else') ? this.parseInlineIf() : null;
        const body = node;
        node = make('InlineIf', body);
        Object.assign(node, { cond, body, else_: elseNode });
      }
      return node;
    };
    // `in` and `not in` are comparison operators in Jinja2; `is` lives at the unary level.
    p.parseIn = function (this: Parser) {
      return this.parseCompare();
    };
    p.parseCompare = function (this: Parser) {
      const expr = parseMath1(this);
      const ops: Node[] = [];
      for (;;) {
        const t = this.nextToken();
        if (!t) break;
        if (COMPARE_OPS.has(t.value) && t.type === T.OPERATOR) {
          ops.push(make('CompareOperand', t, parseMath1(this), t.value));
        } else if (t.type === T.SYMBOL && t.value === 'in') {
          ops.push(make('CompareOperand', t, parseMath1(this), 'in'));
        } else if (t.type === T.SYMBOL && t.value === 'not') {
          if (!this.skipSymbol('in')) this.fail("expected 'in' after 'not'", t.lineno, t.colno);
          ops.push(make('CompareOperand', t, parseMath1(this), 'notin'));
        } else {
          this.pushToken(t);
          break;
        }
      }
      return ops.length > 0 ? make('Compare', expr, expr, ops) : expr;
    };
    p.parseUnary = function (this: Parser, noFilters?: boolean) {
      const t = this.peekToken();
      let node: Node;
      if (t && this.skipValue(T.OPERATOR, '-')) node = make('Neg', t, this.parseUnary(true));
      else if (t && this.skipValue(T.OPERATOR, '+')) node = make('Pos', t, this.parseUnary(true));
      else node = this.parsePrimary();
      return noFilters ? node : parseFilterExpr(this, node);
    };
    // List, dict and tuple literals, with Jinja2's trailing commas and one-element tuples `(x,)`.
    p.parseAggregate = function (this: Parser) {
      const open = this.nextToken();
      const kinds: Record<string, [string, string]> = { [T.LEFT_PAREN]: ['Group', T.RIGHT_PAREN], [T.LEFT_BRACKET]: ['Array', T.RIGHT_BRACKET], [T.LEFT_CURLY]: ['Dict', T.RIGHT_CURLY] };
      const kind = open ? kinds[open.type] : undefined;
      if (!open || !kind) return null;
      const [typename, close] = kind;
      const children: Node[] = [];
      let trailingComma = false;
      if (typename === 'Dict') dictDepth++;
      for (;;) {
        // nunjucks' lexer reads the `}}` closing two nested dicts as the end of `{{ }}`. Inside
        // a nested dict it is two braces: take one, give the other back, stay in code.
        const next = this.peekToken();
        if (typename === 'Dict' && dictDepth > 1 && next?.type === T.VARIABLE_END && next.value === '}}') {
          this.nextToken();
          tokens.in_code = true;
          this.pushToken({ type: T.RIGHT_CURLY, value: '}', lineno: next.lineno, colno: next.colno + 1 });
          break;
        }
        if (this.skip(close)) break;
        if (children.length > 0) {
          if (!this.skip(T.COMMA)) this.fail('expected comma after expression', open.lineno, open.colno);
          trailingComma = true;
          if (this.skip(close)) break;
        }
        trailingComma = false;
        if (typename === 'Dict') {
          const key = this.parseExpression();
          if (!this.skip(T.COLON)) this.fail('expected colon after dict key', open.lineno, open.colno);
          children.push(make('Pair', key, key, this.parseExpression()));
        } else {
          children.push(this.parseExpression());
        }
      }
      if (typename === 'Dict') dictDepth--;
      const node = make(typename, open, children);
      if (typename === 'Group' && children.length === 1 && trailingComma) Object.assign(node, { tuple: true });
      return node;
    };
    // Filter arguments are a plain call signature; nothing may follow it.
    p.parseFilterArgs = function (this: Parser) {
      return this.peekToken()?.type === T.LEFT_PAREN ? this.parseSignature().children : [];
    };
    p.parsePostfix = function (this: Parser, start: Node) {
      let node = start;
      for (let t = this.peekToken(); t; t = this.peekToken()) {
        if (t.type === T.LEFT_PAREN) {
          node = make('FunCall', t, node, this.parseSignature());
        } else if (t.type === T.LEFT_BRACKET) {
          this.nextToken();
          node = parseSubscript(this, node, t);
        } else if (t.type === T.OPERATOR && t.value === '.') {
          this.nextToken();
          const name = this.nextToken();
          if (name?.type === T.FLOAT) {
            // The lexer reads `x.0.1` as x . "0.1" and `x.0.y` as x . "0." y: split them back.
            const [first = '', second = ''] = name.value.split('.');
            node = make('LookupVal', t, node, make('Literal', name, Number.parseInt(first, 10)));
            if (second) node = make('LookupVal', t, node, make('Literal', name, Number.parseInt(second, 10)));
            else this.pushToken({ type: T.OPERATOR, value: '.', lineno: name.lineno, colno: name.colno });
            continue;
          }
          // `x.none` and `x.true` are attribute names, though the lexer reads them as constants.
          if (!name || ![T.SYMBOL, T.INT, T.NONE, T.BOOLEAN].includes(name.type)) {
            this.fail(`expected name as lookup value, got ${name?.value ?? 'end of template'}`, t.lineno, t.colno);
          }
          const key = name.type === T.INT ? Number.parseInt(name.value, 10) : name.value;
          node = make('LookupVal', t, node, make('Literal', name, key));
          Object.assign(node, { attr: name.type !== T.INT });
        } else {
          break;
        }
      }
      return node;
    };
    return p.parseAsRoot();
  };

  // + and - bind loosest, then ~, then * / // %, then ** (Jinja2's math1 / concat / math2 / pow).
  function parseMath1(p: Parser): Node {
    let node = parseConcat(p);
    for (;;) {
      const t = p.peekToken();
      if (t && p.skipValue(T.OPERATOR, '+')) node = make('Add', node, node, parseConcat(p));
      else if (t && p.skipValue(T.OPERATOR, '-')) node = make('Sub', node, node, parseConcat(p));
      else return node;
    }
  }
  function parseConcat(p: Parser): Node {
    let node = parseMath2(p);
    while (p.skipValue(T.TILDE, '~')) node = make('Concat', node, node, parseMath2(p));
    return node;
  }
  function parseMath2(p: Parser): Node {
    let node = parsePow(p);
    for (;;) {
      if (p.skipValue(T.OPERATOR, '*')) node = make('Mul', node, node, parsePow(p));
      else if (p.skipValue(T.OPERATOR, '/')) node = make('Div', node, node, parsePow(p));
      else if (p.skipValue(T.OPERATOR, '//')) node = make('FloorDiv', node, node, parsePow(p));
      else if (p.skipValue(T.OPERATOR, '%')) node = make('Mod', node, node, parsePow(p));
      else return node;
    }
  }
  function parsePow(p: Parser): Node {
    let node = p.parseUnary();
    while (p.skipValue(T.OPERATOR, '**')) node = make('Pow', node, node, p.parseUnary());
    return node;
  }

  /** Filters and tests may follow each other: `x | f is defined`. */
  function parseFilterExpr(p: Parser, start: Node): Node {
    let node = start;
    for (;;) {
      if (p.skip(T.PIPE)) {
        const name = p.parseFilterName();
        node = make('Filter', name, name, make('NodeList', name, [node, ...p.parseFilterArgs(name)]));
      } else if (p.skipSymbol('is')) {
        node = parseTest(p, node);
      } else {
        return node;
      }
    }
  }

  function parseTest(p: Parser, subject: Node): Node {
    const negated = p.skipSymbol('not');
    const t = p.nextToken();
    if (!t || (t.type !== T.SYMBOL && t.type !== T.NONE && t.type !== T.BOOLEAN)) {
      return p.fail('expected a test name after "is"', t?.lineno, t?.colno);
    }
    let name = t.type === T.NONE ? 'none' : t.value;
    while (p.skipValue(T.OPERATOR, '.')) {
      const part = p.nextToken();
      if (!part || part.type !== T.SYMBOL) return p.fail('expected a test name after "."', t.lineno, t.colno);
      name += `.${part.value}`;
    }
    let args: ListNode;
    const next = p.peekToken();
    if (next?.type === T.LEFT_PAREN) {
      args = p.parseSignature();
    } else if (next && startsTestArgument(next)) {
      args = make('NodeList', next, [p.parsePrimary()]) as ListNode;
    } else {
      args = make('NodeList', t, []) as ListNode;
    }
    const test: TestNode = { typename: 'Test', lineno: t.lineno, colno: t.colno, node: subject, name, args };
    return negated ? make('Not', t, test) : test;
  }

  function startsTestArgument(t: Token): boolean {
    if (t.type === T.SYMBOL) return !TEST_ARG_STOP.has(t.value);
    return [T.STRING, T.INT, T.FLOAT, T.LEFT_BRACKET, T.LEFT_CURLY, T.NONE, T.BOOLEAN].includes(t.type);
  }

  /** After `[`: an index expression or a `start:stop:step` slice. */
  function parseSubscript(p: Parser, target: Node, open: Token): Node {
    const parts: (Node | null)[] = [null];
    let isSlice = false;
    for (;;) {
      if (p.skip(T.RIGHT_BRACKET)) break;
      if (p.skip(T.COLON)) {
        isSlice = true;
        if (parts.length === 3) p.fail('too many slice components', open.lineno, open.colno);
        parts.push(null);
        continue;
      }
      if (parts[parts.length - 1] !== null) p.fail('expected "]" or ":" in subscript', open.lineno, open.colno);
      parts[parts.length - 1] = p.parseExpression();
    }
    let key: Node;
    if (isSlice) {
      const slice: SliceNode = { typename: 'Slice', lineno: open.lineno, colno: open.colno, start: parts[0] ?? null, stop: parts[1] ?? null, step: parts[2] ?? null };
      key = slice;
    } else {
      const only = parts[0];
      if (!only) return p.fail('empty subscript', open.lineno, open.colno);
      key = only;
    }
    return make('LookupVal', open, target, key);
  }
}
