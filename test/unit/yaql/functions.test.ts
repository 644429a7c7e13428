import { describe, expect, it } from 'vitest';
import { pythonFailure } from './python-failure.js';
import { YaqlEngine } from '../../../src/expressions/yaql/index.js';
import { PythonError } from '../../../src/python/errors.js';

const engine = new YaqlEngine();
const CONTEXT = {
  csv: 'a,b,c',
  path: '/var/log/app.log',
  hosts: ['web-01', 'web-02', 'db-01'],
  ports: [80, 443, 8080],
  items: [{ name: 'a', n: 1, up: true }, { name: 'b', n: 5, up: false }, { name: 'c', n: 9, up: true }],
  tags: { team: 'ops', tier: '1' },
  json_text: '{"k": [1, 2]}',
};

const y = (expr: string): unknown => engine.evaluate(expr, { context: CONTEXT });

const failure = (expr: string): PythonError => pythonFailure(() => y(expr), expr);

describe('string functions', () => {
  it('split, join and trim as Python does', () => {
    expect(y("ctx().csv.split(',')")).toEqual(['a', 'b', 'c']);
    expect(y("'a-b-c'.split('-', 1)")).toEqual(['a', 'b-c']);
    expect(y("'a b  c'.split()")).toEqual(['a', 'b', 'c']);
    expect(y("'a-b-c'.rightSplit('-', 1)")).toEqual(['a-b', 'c']);
    expect(y("ctx().hosts.join(', ')")).toBe('web-01, web-02, db-01');
    expect(y("', '.join(ctx().hosts)")).toBe('web-01, web-02, db-01');
    expect(y("'xxabcxx'.trim('x')")).toBe('abc');
    expect(y("'  a '.trimLeft()")).toBe('a ');
  });

  it('substring, indexOf, replace, case, prefixes', () => {
    expect(y("'abcdef'.substring(-2)")).toBe('ef');
    expect(y("'full'.substring(1, 3)")).toBe('ull');
    expect(y("'abcabc'.indexOf('c')")).toBe(2);
    expect(y("'abcabc'.lastIndexOf('c')")).toBe(5);
    expect(y("ctx().hosts.indexOf('db-01')")).toBe(2);
    expect(y("'hello'.replace('l', 'L', 1)")).toBe('heLlo');
    expect(y("'abc'.replace({'a' => 1, 'c' => null})")).toBe('1bnull');
    expect(y("'MiXeD'.toLower() + 'x'.toUpper()")).toBe('mixedX');
    expect(y("ctx().path.startsWith('x', '/var')")).toBe(true);
    expect(y("ctx().path.endsWith('.log')")).toBe(true);
  });

  it('str, format, isEmpty, norm, len', () => {
    expect(y('str(2.5) + str(false)')).toBe('2.5false');
    expect(y("'{0:.2f} {1:>4}'.format(3.14159, 'ab')")).toBe('3.14   ab');
    expect(y("isEmpty('  ')")).toBe(true);
    expect(y("'a'.isEmpty()")).toBe(false);
    expect(failure('isEmpty(ctx().hosts)').message).toBe('NoMatchingFunctionException: No function "isEmpty" matches supplied arguments');
    expect(y("norm('  ')")).toBeNull();
    expect(y("len('ünï')")).toBe(3);
    expect(failure('len(3)').kind).toBe('NoMatchingFunctionException');
  });
});

describe('collection functions', () => {
  it('list, dict and set builders', () => {
    expect(y('list(1, [2, 3], range(2))')).toEqual([1, [2, 3], 0, 1]);
    expect(y('dict(a => 1, b => 2)')).toEqual({ a: 1, b: 2 });
    expect(y('dict(ctx().hosts.zip(ctx().ports))')).toEqual({ 'web-01': 80, 'web-02': 443, 'db-01': 8080 });
    expect(y("dict([['a', 1], ['b', 2]])")).toEqual({ a: 1, b: 2 });
    expect(failure('dict(ctx().tags)').kind).toBe('NoMatchingFunctionException');
    expect(y('set(1, 2, 2).len()')).toBe(2);
    expect(y('[1, 2, 2].toSet()')).toEqual([1, 2]);
  });

  it('dict methods never change the dict they are called on', () => {
    expect(y("ctx().tags.set('k', 1)")).toEqual({ team: 'ops', tier: '1', k: 1 });
    expect(y('ctx().tags.set(x => 1, y => 2).keys().toList()')).toEqual(['team', 'tier', 'x', 'y']);
    expect(y("ctx().tags.set({'team' => 'dev'}).team")).toBe('dev');
    expect(y("ctx().tags.delete('team')")).toEqual({ tier: '1' });
    expect(y("ctx().tags.mergeWith({'tier' => '2', 'new' => 1})")).toEqual({ team: 'ops', tier: '2', new: 1 });
    expect(CONTEXT.tags).toEqual({ team: 'ops', tier: '1' });
    expect(y('ctx().tags.values()')).toEqual(['ops', '1']);
    expect(y('ctx().tags.items()')).toEqual([['team', 'ops'], ['tier', '1']]);
    expect(y("ctx().tags.containsKey('team') and ctx().tags.containsValue('1')")).toBe(true);
  });

  it('positional edits return new collections', () => {
    expect(y("ctx().hosts.insert(1, 'x')")).toEqual(['web-01', 'x', 'web-02', 'db-01']);
    expect(y('ctx().hosts.delete(0)')).toEqual(['web-02', 'db-01']);
    expect(y("ctx().hosts.replace(0, 'x')")).toEqual(['x', 'web-02', 'db-01']);
    expect(y("ctx().hosts.contains('web-01')")).toBe(true);
  });
});

describe('queries', () => {
  it('filters, projects and aggregates lazily', () => {
    expect(y('ctx().items.where($.up).select($.name)')).toEqual(['a', 'c']);
    expect(y('ctx().items.select([$.name, $.n]).skip(1).take(1)')).toEqual([['b', 5]]);
    expect(y('ctx().ports.sum()')).toBe(8603);
    expect(y("['a', 'b'].sum()")).toBe('ab');
    expect(y('ctx().ports.max() + ctx().ports.min()')).toBe(8160);
    expect(y('max(1, 2) + min(3, 4)')).toBe(5);
    expect(failure('[].max()').message).toBe('TypeError: reduce() of empty iterable with no initial value');
    expect(y('ctx().items.any($.n > 8) and ctx().items.all($.n > 0)')).toBe(true);
    expect(y('ctx().items.where($.n > 1).count()')).toBe(2);
    expect(y('ctx().items.groupBy($.up, $.name)')).toEqual([[true, ['a', 'c']], [false, ['b']]]);
  });

  it('orders, reverses and deduplicates', () => {
    expect(y('ctx().hosts.orderBy($)')).toEqual(['db-01', 'web-01', 'web-02']);
    expect(y('ctx().hosts.orderByDescending($.len()).thenByDescending($)')).toEqual(['web-02', 'web-01', 'db-01']);
    expect(failure('ctx().items.orderBy($)').message).toBe('NoMatchingFunctionException: No function "#operator_<" matches supplied arguments');
    expect(y('ctx().ports.reverse()')).toEqual([8080, 443, 80]);
    expect(y('[1, 1.0, true, 2].distinct()')).toEqual([1, 2]);
    expect(y('ctx().items.distinct($.up).select($.name)')).toEqual(['a', 'b']);
  });

  it('first, last and single, with defaults and StopIteration', () => {
    expect(y('ctx().hosts.first()')).toBe('web-01');
    expect(y('[].first(7)')).toBe(7);
    expect(failure('[].first()').message).toBe('StopIteration: ');
    expect(y('ctx().hosts.last()')).toBe('db-01');
    expect(failure('ctx().hosts.single()').message).toBe('StopIteration: Collection contains more than one item');
  });

  it('ranges, sequences, zips and chunks', () => {
    expect(y('range(1, 10, 3)')).toEqual([1, 4, 7]);
    expect(y('range(5, 1, -1)')).toEqual([5, 4, 3, 2]);
    expect(failure('range(1.5)').kind).toBe('NoMatchingFunctionException');
    expect(y('sequence(1).take(3)')).toEqual([1, 2, 3]);
    expect(y('ctx().hosts.zip(ctx().ports, [1])')).toEqual([['web-01', 80, 1]]);
    expect(y('ctx().hosts.zipLongest([1], default => 0)')).toEqual([['web-01', 1], ['web-02', 0], ['db-01', 0]]);
    expect(y('ctx().hosts.slice(2)')).toEqual([['web-01', 'web-02'], ['db-01']]);
    expect(y('ctx().ports.splitWhere($ = 443)')).toEqual([[80], [8080]]);
    expect(y('ctx().ports.enumerate(1)')).toEqual([[1, 80], [2, 443], [3, 8080]]);
    expect(y('ctx().ports.accumulate($1 + $2)')).toEqual([80, 523, 8603]);
    expect(y('ctx().hosts.cycle().take(4)')).toEqual(['web-01', 'web-02', 'db-01', 'web-01']);
  });
});

describe('math, branching and regex', () => {
  it('int, float, abs, round and the type tests', () => {
    expect(y("int('  42 ') + int(2.7) + int(null)")).toBe(44);
    expect(failure("int('2.5')").message).toBe("ValueError: invalid literal for int() with base 10: '2.5'");
    expect(y("float(' 2.5 ')")).toBe(2.5);
    expect(y('abs(-2.5)')).toBe(2.5);
    expect(y('round(2.567, 2)')).toBe(2.57);
    expect(y('isInteger(1) and not isInteger(1.0) and isNumber(2.5) and not isNumber(true)')).toBe(true);
  });

  it('switch, coalesce and selectCase evaluate only what they need', () => {
    expect(y("switch(false => ctx().nope, 2 > 1 => 'yes', true => 'no')")).toBe('yes');
    expect(y('switch(false => 1)')).toBeNull();
    expect(y("coalesce(null, 'b', ctx().nope)")).toBe('b');
    expect(y('selectCase(false, true, ctx().nope)')).toBe(1);
  });

  it('regex(), matches, search, replace and split with a compiled regex', () => {
    expect(y("regex('^web').matches(ctx().hosts[0])")).toBe(true);
    expect(y("'a1b2'.matches('\\d')")).toBe(true);
    expect(y("regex('(b)').search('abc', $2.value)")).toBe('b');
    expect(y("regex('\\d+').searchAll('a1b22')")).toEqual(['1', '22']);
    expect(y("'a1b22'.replace(regex('\\d'), 'X')")).toBe('aXbXX');
    expect(y("'a-b-c'.split(regex('-'))")).toEqual(['a', 'b', 'c']);
    expect(y("escapeRegex('a.b')")).toBe('a\\.b');
  });
});

describe("Orquesta's and StackStorm's functions", () => {
  it('ctx() reads variables and names the undefined ones', () => {
    expect(y('ctx(hosts)[0]')).toBe('web-01');
    expect(failure('ctx(nope)').message).toBe('VariableUndefinedError: The variable "nope" is undefined.');
  });

  it('json() parses text and zip() pads like zip_longest', () => {
    expect(y('json(ctx().json_text).k')).toEqual([1, 2]);
    expect(failure('json(1)').message).toBe('TypeError: Given object is not typeof string.');
    expect(y('zip(ctx().hosts, [1], pad => 0)')).toEqual([['web-01', 1], ['web-02', 0], ['db-01', 0]]);
    expect(y('zip(ctx().hosts)')).toEqual(['web-01', 'web-02', 'db-01']);
  });

  it('calls the StackStorm table with positional and camelCase named arguments', () => {
    expect(y('basename(ctx().path)')).toBe('app.log');
    expect(y("regex_match('xyz', 'x')")).toBe(true);
    expect(y("to_json_string({'b' => 1, 'a' => 2}, sortKeys => true)")).toBe('{"a": 2,"b": 1}');
    expect(y("version_compare('0.10.0', '0.9.0')")).toBe(1);
    expect(y('to_human_time_from_seconds(3725)')).toBe('1h2m5s');
    expect(y('json_parse(ctx().json_text)')).toEqual({ k: [1, 2] });
  });

  it('hands external functions plain values and named arguments', () => {
    const seen: unknown[][] = [];
    const value = engine.evaluate('task(t1, route => 1) + ctx().hosts.select($).len()', {
      context: CONTEXT,
      functions: { task: (...args: unknown[]) => (seen.push(args), 10) },
      namedArgs: (named) => ({ named }),
    });
    expect(value).toBe(13);
    expect(seen).toEqual([['t1', { named: { route: 1 } }]]);
  });
});
