import { describe, expect, it } from 'vitest';
import { pythonFailure } from './python-failure.js';
import { YaqlEngine } from '../../../src/expressions/yaql/index.js';
import { PythonError } from '../../../src/python/errors.js';

const engine = new YaqlEngine();
const CONTEXT = {
  name: 'web-01',
  count: 3,
  flag: true,
  none: null,
  hosts: ['web-01', 'web-02', 'db-01'],
  ports: [80, 443, 8080],
  items: [{ name: 'a', n: 1, up: true }, { name: 'b', n: 5, up: false }, { name: 'c', n: 9, up: true }],
  meta: { region: 'us-east-1', tags: { team: 'ops' } },
};

const y = (expr: string, data?: unknown): unknown => engine.evaluate(expr, { context: CONTEXT, data });
const text = (expr: string): string => engine.evaluateText(expr, { context: CONTEXT });

const failure = (expr: string): PythonError => pythonFailure(() => y(expr), expr);

describe('YAQL values and access', () => {
  it('reads literals, bare words as strings and the context through ctx()', () => {
    expect(y("'a' + \"b\" + `c`")).toBe('abc');
    expect(y('[1, 2.5, null, true]')).toEqual([1, 2.5, null, true]);
    expect(y('centos')).toBe('centos');
    expect(y('ctx(name)')).toBe('web-01');
    expect(y("ctx('count')")).toBe(3);
    expect(y('ctx()')).toBe(CONTEXT);
  });

  it('reads dict keys with . and [], and fails on a missing key as YAQL 2.0 does', () => {
    expect(y('ctx().meta.tags.team')).toBe('ops');
    expect(y("ctx().meta['region']")).toBe('us-east-1');
    expect(y("ctx().meta['nope', 'dflt']")).toBe('dflt');
    expect(y('ctx().meta.get(nope, 5)')).toBe(5);
    expect(failure('ctx().meta.nope').message).toBe("KeyError: 'nope'");
    expect(failure("ctx().meta['nope']").kind).toBe('KeyError');
  });

  it('indexes sequences the Python way and refuses to index iterators and strings', () => {
    expect(y('ctx().hosts[-1]')).toBe('db-01');
    expect(y('ctx().hosts[true]')).toBe('web-02');
    expect(failure('ctx().hosts[9]').message).toBe('IndexError: tuple index out of range');
    expect(failure("'a,b'.split(',')[5]").message).toBe('IndexError: list index out of range');
    expect(failure('range(3)[0]').message).toBe('NoMatchingFunctionException: No function "#indexer" matches supplied arguments');
    expect(failure("'abc'[0]").kind).toBe('NoMatchingFunctionException');
    expect(y('ctx().hosts.toList()[0]')).toBe('web-01');
  });

  it('maps .key over a collection', () => {
    expect(y('ctx().items.name')).toEqual(['a', 'b', 'c']);
  });

  it('binds $ to the top-level data and to each item inside lambdas', () => {
    expect(y('$.x + 1', { x: 41 })).toBe(42);
    expect(y('$')).toBeNull();
    expect(y('ctx().items.where($.n > ctx().count).select($.name)')).toEqual(['b', 'c']);
    expect(y('ctx().ports.aggregate($1 + $2)')).toBe(8603);
    expect(y('[1, 2].select($2)')).toEqual([null, null]);
  });
});

describe('YAQL operators', () => {
  it('adds strings, numbers, lists and dicts, and nothing mixed', () => {
    expect(y("'a' + 'b'")).toBe('ab');
    expect(y('1 + 2.5')).toBe(3.5);
    expect(y('[1] + [2]')).toEqual([1, 2]);
    expect(y("{'a' => 1} + {'b' => 2}")).toEqual({ a: 1, b: 2 });
    expect(failure("'a' + 1").message).toBe('NoMatchingFunctionException: No function "#operator_+" matches supplied arguments');
    expect(failure('true + 1').kind).toBe('NoMatchingFunctionException');
    expect(failure('null + null').kind).toBe('NoMatchingFunctionException');
  });

  it('divides two ints with floor division, keeps floats floats and reports division by zero', () => {
    expect(y('10 / 4')).toBe(2);
    expect(y('-5 / 2')).toBe(-3);
    expect(y('10.0 / 4')).toBe(2.5);
    expect(y('-5 mod 3')).toBe(1);
    expect(y('5 mod -3')).toBe(-1);
    expect(text('3 * 1.0')).toBe('3.0');
    expect(text('float(3)')).toBe('3.0');
    expect(text('2.0')).toBe('2.0');
    expect(y('3 * 1.0')).toBe(3);
    expect(failure('1 / 0').message).toBe('ZeroDivisionError: integer division or modulo by zero');
    expect(failure('1.0 / 0').message).toBe('ZeroDivisionError: float division by zero');
  });

  it('compares with Python semantics: = across int/bool, ordering only within a type, null below all', () => {
    expect(y('1 = true')).toBe(true);
    expect(y('1.0 = 1')).toBe(true);
    expect(y('[1, 2] = [1, 2]')).toBe(true);
    expect(y("'a,b'.split(',') = ['a', 'b']")).toBe(false);
    expect(y("'b' > 'a'")).toBe(true);
    expect(y('null < 1')).toBe(true);
    expect(y('1 < null')).toBe(false);
    expect(y('null <= null')).toBe(true);
    expect(failure('false < 1').message).toBe('NoMatchingFunctionException: No function "#operator_<" matches supplied arguments');
    expect(failure('1 < 2 < 3').kind).toBe('NoMatchingFunctionException');
  });

  it('returns operands from and/or, and evaluates the right side only when needed', () => {
    expect(y("ctx().hosts.len() = 0 and 'empty' or 'full'")).toBe('full');
    expect(y('0 and ctx().meta.nope')).toBe(0);
    expect(y("'x' or ctx().meta.nope")).toBe('x');
    expect(y('null or false')).toBe(false);
    expect(y('not ctx().flag')).toBe(false);
    expect(y('not range(0)')).toBe(false);
  });

  it('tests membership: substring for two strings, items for collections', () => {
    expect(y("'web' in ctx().name")).toBe(true);
    expect(y("'db-01' in ctx().hosts")).toBe(true);
    expect(y('ctx().count in list(1, 2, 3)')).toBe(true);
    expect(y("not 'x' in ctx().hosts")).toBe(true);
    expect(failure("'a' in {'a' => 1}").kind).toBe('NoMatchingFunctionException');
  });

  it('matches regular expressions with =~ and !~', () => {
    expect(y("ctx().hosts.where($ =~ '^web')")).toEqual(['web-01', 'web-02']);
    expect(y("'abc' !~ '^b'")).toBe(true);
  });

  it('passes let() variables to the right side of ->', () => {
    expect(y('let(x => 2, y => 3) -> $x * $y')).toBe(6);
    expect(y('let(1, 2) -> $1 + $2')).toBe(3);
    expect(y('ctx().hosts.select(let(h => $) -> $h.len())')).toEqual([6, 6, 5]);
    expect(failure('1 -> 2').message).toContain('#operator_->');
  });

  it('stops at null with ?.', () => {
    expect(y('ctx().none?.x')).toBeNull();
    expect(y('ctx().meta?.region')).toBe('us-east-1');
  });
});

describe('YAQL calls', () => {
  it('calls functions as functions and methods as methods only', () => {
    expect(y('len(ctx().hosts)')).toBe(3);
    expect(y('ctx().hosts.len()')).toBe(3);
    expect(failure('first(ctx().hosts)').message).toBe('NoFunctionRegisteredException: Unknown function "first"');
    expect(failure('ctx().count.str()').message).toBe('NoMethodRegisteredException: Unknown method "str" for receiver 3');
    expect(failure('not(true)').message).toBe('NoFunctionRegisteredException: Unknown function "not"');
  });

  it('names the receiver as Python prints it when no overload fits', () => {
    expect(failure('ctx().flag.len()').message).toBe('NoMatchingMethodException: No method "len" for receiver True matches supplied arguments');
    expect(failure('ctx().hosts.first(1, 2)').message).toBe(
      "NoMatchingMethodException: No method \"first\" for receiver ('web-01', 'web-02', 'db-01') matches supplied arguments",
    );
    expect(failure('ctx().none.toLower()').message).toContain('for receiver None');
  });

  it('binds named arguments by their camelCase parameter names', () => {
    expect(y("regex('B', ignoreCase => true).matches('abc')")).toBe(true);
    expect(failure("regex('B', ignore_case => true)").kind).toBe('NoMatchingFunctionException');
    expect(y("'{a}-{b}'.format(a => 1, b => x)")).toBe('1-x');
    expect(failure('list(a.b => 1)').message).toBe('MappingTranslationException: Cannot convert mapping to keyword argument');
  });

  it('gives lambdas their own $ and leaves other arguments in the caller’s scope', () => {
    expect(y('ctx().items.toDict($.name, $.n)')).toEqual({ a: 1, b: 5, c: 9 });
    expect(y('ctx().items.select($.n).where($ > ctx().items.len())')).toEqual([5, 9]);
  });

  it('calls functions defined with def()', () => {
    expect(y('def(double, $ * 2) -> double(ctx().count)')).toBe(6);
  });

  it('stops an endless evaluation with an error instead of hanging', () => {
    const small = new YaqlEngine();
    let err: unknown;
    try {
      small.evaluate('sequence().where($ < 0).first()', { maxSteps: 10_000 });
    } catch (e) {
      err = e;
    }
    expect((err as PythonError).kind).toBe('CollectionTooLargeException');
  });
});

describe('YAQL text output', () => {
  it('writes values as Python str() does after YAQL turns tuples into lists', () => {
    expect(text('ctx().flag')).toBe('True');
    expect(text('ctx().none')).toBe('None');
    expect(text('ctx().hosts.orderBy($)')).toBe("['db-01', 'web-01', 'web-02']");
    expect(text("{'a' => [1, 2.5]}")).toBe("{'a': [1, 2.5]}");
  });

  it("uses YAQL's own str(): true/false/null in lower case, tuples inside values", () => {
    expect(y('str(true)')).toBe('true');
    expect(y('str(null)')).toBe('null');
    expect(y('str(ctx().hosts)')).toBe("('web-01', 'web-02', 'db-01')");
    expect(y("[[1, 2], null, true].join(';')")).toBe('(1, 2);null;true');
    expect(y("'{0} {1}'.format(true, [1, 2])")).toBe('True (1, 2)');
  });

  it('caches parses, including failed ones', () => {
    const e = new YaqlEngine({ cacheSize: 2 });
    expect(e.parse('1 + 1')).toBe(e.parse('1 + 1'));
    expect(e.syntaxError('1 +')?.pyMessage).toBe('Parse error: unexpected end of statement');
    expect(e.syntaxError('1 +')).toBe(e.syntaxError('1 +'));
    expect(e.syntaxError('1 + 1')).toBeUndefined();
  });
});
