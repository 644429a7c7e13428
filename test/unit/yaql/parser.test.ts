import { describe, expect, it } from 'vitest';
import type { Node } from '../../../src/expressions/yaql/ast.js';
import { tokenize } from '../../../src/expressions/yaql/lexer.js';
import { parseYaql } from '../../../src/expressions/yaql/parser.js';
import { PythonError } from '../../../src/python/errors.js';
import { PyFloat } from '../../../src/python/values.js';

/** A compact, fully parenthesised rendering of a tree, to check precedence. */
function show(node: Node): string {
  switch (node.kind) {
    case 'const':
      return node.value instanceof PyFloat ? `${node.value.value}.0` : JSON.stringify(node.value);
    case 'keyword':
      return node.name;
    case 'variable':
      return `$${node.name}`;
    case 'call':
      return `${node.name}(${node.args.map(show).join(', ')})`;
    case 'dot':
      return `(${show(node.left)}${node.elvis ? '?.' : '.'}${show(node.right)})`;
    case 'index':
      return `${show(node.target)}[${node.args.map(show).join(', ')}]`;
    case 'list':
      return `[${node.items.map(show).join(', ')}]`;
    case 'map':
      return `{${node.items.map(show).join(', ')}}`;
    case 'rule':
      return `${show(node.source)} => ${show(node.destination)}`;
    case 'binary':
      return `(${show(node.left)} ${node.op} ${show(node.right)})`;
    case 'unary':
      return `(${node.op} ${show(node.operand)})`;
    case 'wrap':
      return `<${show(node.expr)}>`;
    case 'skip':
      return '_';
  }
}

const parsed = (source: string): string => show(parseYaql(source));

function syntaxError(source: string): PythonError {
  try {
    parseYaql(source);
  } catch (err) {
    if (err instanceof PythonError) return err;
    throw err;
  }
  throw new Error(`${source} parsed`);
}

describe('YAQL lexer', () => {
  it('tells function calls (name directly before "(") from bare words, and word operators from words', () => {
    const tokens = tokenize('ctx(name) and notable.get (x) mod 2');
    expect(tokens.map((t) => `${t.type}:${t.text}`)).toEqual([
      'func:ctx', 'keyword:name', 'punct:)', 'op:and', 'keyword:notable', 'op:.', 'keyword:get', 'punct:(', 'keyword:x', 'punct:)', 'op:mod', 'number:2', 'end:',
    ]);
  });

  it('reads numbers, constants, $variables and the three string quotes with escapes', () => {
    const tokens = tokenize(`2 2.5 2.0 true null $ $x $1 'a\\'b\\n' "q\\"\\x41" \`raw\\n\``);
    expect(tokens.map((t) => (t.value === undefined ? t.text : t.value))).toEqual([2, 2.5, new PyFloat(2), true, null, '$', '$x', '$1', "a'b\n", 'q"A', 'raw\\n', '']);
  });

  it('keeps unknown backslash sequences as written (regex patterns)', () => {
    expect(tokenize("'\\d+\\.'")[0]?.value).toBe('\\d+\\.');
  });

  it('takes operators longest first', () => {
    expect(tokenize('a->b=>c!=d<=e?.f=~g').filter((t) => t.type === 'op').map((t) => t.text)).toEqual(['->', '=>', '!=', '<=', '?.', '=~']);
  });

  it('ends at an illegal character with its position', () => {
    const tokens = tokenize('1 # 2');
    expect(tokens.at(-1)?.type).toBe('illegal');
    expect(tokens.at(-1)?.error?.message).toBe("YaqlLexicalException: Lexical error: illegal character '#' at position 2");
  });
});

describe('YAQL grammar', () => {
  it('binds . tighter than [], [] tighter than unary minus, and unary minus tighter than the rest', () => {
    expect(parsed('-2.skip(1)')).toBe('(- (2.skip(1)))');
    expect(parsed('a.b[0].c')).toBe('((a.b)[0].c)');
    expect(parsed('-x[0]')).toBe('(- x[0])');
    expect(parsed('1 + 2 * 3 - 4 mod 2')).toBe('((1 + (2 * 3)) - (4 mod 2))');
  });

  it('puts comparisons and `in` on one left-associative level, below + and above not/and/or', () => {
    expect(parsed('a = b in c')).toBe('((a = b) in c)');
    expect(parsed('not a = b')).toBe('(not (a = b))');
    expect(parsed('not a and b or c')).toBe('(((not a) and b) or c)');
    expect(parsed('a = not b')).toBe('(a = (not b))');
    expect(parsed("x and 'a' or 'b'")).toBe('((x and "a") or "b")');
  });

  it('makes -> right-associative and the loosest operator', () => {
    expect(parsed('let(x => 1) -> let(y => 2) -> $x + $y')).toBe('(let(x => 1) -> (let(y => 2) -> ($x + $y)))');
  });

  it('parses method calls, indexing after calls, lists, dicts, named arguments and empty positions', () => {
    expect(parsed("ctx().csv.split(',')[0]")).toBe('((ctx().csv).split(","))[0]');
    expect(parsed('ctx().items.where($.n > 1).select([$.name, $.n])')).toBe('(((ctx().items).where((($1.n) > 1))).select([($1.name), ($1.n)]))');
    expect(parsed("{'a' => 1, b => [2]}")).toBe('{"a" => 1, b => [2]}');
    expect(parsed('switch($ > 1 => a, true => b)')).toBe('switch(($1 > 1) => a, true => b)');
    expect(parsed('list(, 1)')).toBe('list(_, 1)');
    expect(parsed('x?.y')).toBe('(x?.y)');
    expect(parsed('(a).f()')).toBe('(<a>.f())');
  });

  it('reports the unexpected token and its position as YAQL does', () => {
    expect(syntaxError('a b').message).toBe("YaqlGrammarException: Parse error: unexpected 'b' at position 2 of expression 'a b'");
    expect(syntaxError('ctx (name)').pyMessage).toBe("Parse error: unexpected '(' at position 4 of expression 'ctx (name)'");
    expect(syntaxError('list(1, a => 2, 3)').pyMessage).toBe("Parse error: unexpected ')' at position 17 of expression 'list(1, a => 2, 3)'");
    expect(syntaxError('list(1,)').pyMessage).toContain("unexpected ')' at position 7");
    expect(syntaxError('a => b').pyMessage).toContain("unexpected '=>' at position 2");
    expect(syntaxError('and 1').pyMessage).toContain("unexpected 'and' at position 0");
    expect(syntaxError('[1, 2](0)').pyMessage).toContain("unexpected '(' at position 6");
    expect(syntaxError('x = true true').pyMessage).toContain("unexpected 'True' at position 9");
  });

  it('reports an unfinished expression as the end of the statement', () => {
    for (const source of ['ctx(', '1 +', 'ctx().', '(1', '[1', '']) {
      expect(syntaxError(source).pyMessage).toBe('Parse error: unexpected end of statement');
    }
  });

  it('raises the lexical error only when the parser reaches it', () => {
    expect(syntaxError('a b #').kind).toBe('YaqlGrammarException');
    expect(syntaxError("'open").message).toBe("YaqlLexicalException: Lexical error: illegal character ''' at position 0");
    expect(syntaxError('__x').pyMessage).toBe("Lexical error: illegal character '_' at position 0");
  });
});
