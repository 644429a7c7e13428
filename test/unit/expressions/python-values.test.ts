import { describe, expect, it } from 'vitest';
import { PythonError } from '../../../src/expressions/python/errors.js';
import { percentFormat, strFormat } from '../../../src/expressions/python/format.js';
import { pyJsonDumps } from '../../../src/expressions/python/json.js';
import { parsePyFloat, parsePyInt, pyRound } from '../../../src/expressions/python/numbers.js';
import { compilePythonRegex, translatePythonRegex } from '../../../src/expressions/python/regex.js';
import { formatFloat, pythonRepr, pythonStr } from '../../../src/expressions/python/repr.js';
import { pyCompare, pyContains, pyEquals, pyTruthy, tuple } from '../../../src/expressions/python/values.js';

describe('pythonRepr / pythonStr', () => {
  it('writes values as Python does', () => {
    expect(pythonStr('text')).toBe('text');
    expect(pythonStr(null)).toBe('None');
    expect(pythonStr([true, false, null, 1, 'a'])).toBe("[True, False, None, 1, 'a']");
    expect(pythonStr({ k: 'v', n: [1.5] })).toBe("{'k': 'v', 'n': [1.5]}");
    expect(pythonStr(tuple('a', 1))).toBe("('a', 1)");
    expect(pythonStr(tuple('a'))).toBe("('a',)");
    expect(pythonRepr("it's")).toBe(`"it's"`);
    expect(pythonRepr('both \' and "')).toBe(`'both \\' and "'`);
    expect(pythonRepr('tab\tnl\n\u0001\u00e9')).toBe("'tab\\tnl\\n\\x01é'");
  });

  it('formats floats with Python repr rules', () => {
    expect([0.5, 1e-5, 1.5e16, 123.456, -0.25, 1e22, Number.NaN, Infinity].map(formatFloat)).toEqual(['0.5', '1e-05', '1.5e+16', '123.456', '-0.25', '1e+22', 'nan', 'inf']);
    expect(formatFloat(1.5e300)).toBe('1.5e+300');
    expect(formatFloat(0.0001)).toBe('0.0001');
    expect(formatFloat(9007199254740991)).toBe('9007199254740991');
  });
});

describe('Python value semantics', () => {
  it('truthiness, equality, ordering and membership', () => {
    expect([[], {}, '', 0, null, [0], { a: 1 }, 'x'].map(pyTruthy)).toEqual([false, false, false, false, false, true, true, true]);
    expect(pyEquals([1, { a: [2] }], [1, { a: [2] }])).toBe(true);
    expect(pyEquals(tuple(1), [1])).toBe(false);
    expect(pyEquals(true, 1)).toBe(true);
    expect(pyCompare([1, 2], [1, 3])).toBe(-1);
    expect(() => pyCompare('a', 1)).toThrow(PythonError);
    expect(pyContains({ a: 1 }, 'a')).toBe(true);
    expect(pyContains([[1]], [1])).toBe(true);
    expect(() => pyContains(null, 'a')).toThrow(/NoneType/);
    expect(() => pyContains('abc', 1)).toThrow(/requires string as left operand/);
  });

  it('numbers', () => {
    expect([pyRound(2.5), pyRound(3.5), pyRound(-2.5), pyRound(2.675, 2), pyRound(0.375, 2), pyRound(1234, -2)]).toEqual([2, 4, -2, 2.67, 0.38, 1200]);
    expect([parsePyInt(' 42 '), parsePyInt('1_000'), parsePyInt('3.5'), parsePyInt('ff', 16)]).toEqual([42, 1000, undefined, 255]);
    expect([parsePyFloat('1e3'), parsePyFloat('-inf'), parsePyFloat('.5'), parsePyFloat('x')]).toEqual([1000, -Infinity, 0.5, undefined]);
  });
});

describe('string formatting', () => {
  it('printf-style %', () => {
    expect(percentFormat('%s-%s', tuple('a', 1))).toBe('a-1');
    expect(percentFormat('%r %5.2f %-4d| %03d %x %e %g %%', tuple('a', 3.14159, 7, 5, 255, 12345.678, 0.0001))).toBe("'a'  3.14 7   | 005 ff 1.234568e+04 0.0001 %");
    expect(percentFormat('%(a)s/%(b)s', { a: 1, b: [2] })).toBe('1/[2]');
    expect(percentFormat('%s', [1, 2])).toBe('[1, 2]');
    expect(() => percentFormat('us-east-1', 2)).toThrow('not all arguments converted during string formatting');
    expect(() => percentFormat('%s %s', tuple('a'))).toThrow('not enough arguments for format string');
    expect(() => percentFormat('%d', 'x')).toThrow(/a real number is required/);
  });

  it('str.format', () => {
    expect(strFormat('{} {} {0}', ['a', 'b'], {})).toBe('a b a');
    expect(strFormat('{name!r} {x[k]} {y[1]}', [], { name: 'n', x: { k: 'v' }, y: [0, 9] })).toBe("'n' v 9");
    expect(strFormat('{:>5}|{:<3}|{:^5}|{:05.1f}|{:,}|{:x}|{:.0%}', ['a', 'b', 'c', 2.25, 1234567, 255, 0.5], {})).toBe('    a|b  |  c  |002.2|1,234,567|ff|50%');
    expect(strFormat('{{literal}}', [], {})).toBe('{literal}');
    expect(() => strFormat('{0.__class__}', [{}], {})).toThrow(/not allowed/);
  });
});

describe('json.dumps', () => {
  it('matches Python byte for byte', () => {
    expect(pyJsonDumps({ a: [1, 2.5, null, true], b: 'é"' })).toBe('{"a": [1, 2.5, null, true], "b": "\\u00e9\\""}');
    expect(pyJsonDumps({ b: 1, a: {} }, { sortKeys: true, indent: 2 })).toBe('{\n  "a": {},\n  "b": 1\n}');
    expect(pyJsonDumps({ x: '<&>' }, { htmlSafe: true })).toBe('{"x": "\\u003c\\u0026\\u003e"}');
    expect(pyJsonDumps([Number.NaN, -Infinity])).toBe('[NaN, -Infinity]');
    expect(() => pyJsonDumps({ f: () => 1 })).toThrow(/not JSON serializable/);
  });
});

describe('Python regular expressions', () => {
  it('translates Python-only syntax', () => {
    expect(compilePythonRegex('(?P<year>\\d{4})-(?P=year)').exec('2020-2020')?.groups?.['year']).toBe('2020');
    expect(compilePythonRegex('(?i)abc').test('ABC')).toBe(true);
    expect(compilePythonRegex('end$').test('the end\n')).toBe(true);
    expect(compilePythonRegex('end\\Z').test('the end\n')).toBe(false);
    expect(compilePythonRegex('\\Astart').test('x\nstart')).toBe(false);
    expect(compilePythonRegex('[]a]+').exec('a]]')?.[0]).toBe('a]]');
    expect(compilePythonRegex('(?x) a  b # comment').test('ab')).toBe(true);
    expect(translatePythonRegex('a(?#note)b').source).toBe('ab');
    expect(() => compilePythonRegex('(?i:a)b')).toThrow(/scoped inline flags/);
    expect(() => compilePythonRegex('(unclosed')).toThrow(/invalid regular expression/);
  });
});
