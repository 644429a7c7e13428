import { describe, expect, it } from 'vitest';
import { fnmatch } from '../../../src/rules/python-fnmatch.js';
import { parsePythonDate } from '../../../src/rules/python-date.js';
import { compilePythonRegex, type PythonRegexMode } from '../../../src/rules/python-regex.js';
import { PythonError, pyCompare, pyEquals, pyFloat, pyIn, pyRepr, pyTypeName } from '../../../src/rules/python-semantics.js';

// Every expectation below was answered by CPython 3.11 (re, fnmatch, dateutil 2.9).

function pyError(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof PythonError ? err.message : `not a PythonError: ${String(err)}`;
  }
  return undefined;
}

describe('Python values', () => {
  it('names types as Python does', () => {
    expect([null, true, 1, 1.5, 'a', [1], { a: 1 }].map(pyTypeName)).toEqual(['NoneType', 'bool', 'int', 'float', 'str', 'list', 'dict']);
  });

  it('compares with ==: bools are ints, deep lists and dicts, no str/number coercion', () => {
    expect(pyEquals(true, 1)).toBe(true);
    expect(pyEquals(false, 0)).toBe(true);
    expect(pyEquals(1, 1.0)).toBe(true);
    expect(pyEquals('1', 1)).toBe(false);
    expect(pyEquals([1, { a: [true] }], [1, { a: [1] }])).toBe(true);
    expect(pyEquals({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(pyEquals({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(pyEquals(null, undefined)).toBe(true);
  });

  it('implements `in` for strings, lists and dict keys, raising as Python does', () => {
    expect(pyIn('ee', 'needle')).toBe(true);
    expect(pyIn(1, [true])).toBe(true);
    expect(pyIn('k', { k: 1 })).toBe(true);
    expect(pyIn(1, { 1: 'x' })).toBe(false);
    expect(pyError(() => pyIn(1, 'abc'))).toBe("TypeError: 'in <string>' requires string as left operand, not int");
    expect(pyError(() => pyIn('a', null))).toBe("TypeError: argument of type 'NoneType' is not iterable");
    expect(pyError(() => pyIn('a', 3.5))).toBe("TypeError: argument of type 'float' is not iterable");
    expect(pyError(() => pyIn(['a'], { a: 1 }))).toBe("TypeError: unhashable type: 'list'");
  });

  it('orders numbers, strings (by code point) and lists; refuses mixed types', () => {
    expect(pyCompare(true, 2, '<')).toBe(true);
    expect(pyCompare('a', 'B', '>')).toBe(true);
    expect(pyCompare('\uffff', '\u{1f600}', '<')).toBe(true);
    expect(pyCompare([1, 2], [1, 3], '<')).toBe(true);
    expect(pyCompare([1, 2], [1, 2, 0], '<')).toBe(true);
    expect(pyError(() => pyCompare([1], ['a'], '<'))).toBe("TypeError: '<' not supported between instances of 'int' and 'str'");
    expect(pyError(() => pyCompare({}, {}, '>'))).toBe("TypeError: '>' not supported between instances of 'dict' and 'dict'");
  });

  it('converts with float() and writes repr()', () => {
    expect(pyFloat(' 1_000.5 ')).toBe(1000.5);
    expect(pyFloat('1e3')).toBe(1000);
    expect(pyFloat('-inf')).toBe(-Infinity);
    expect(pyFloat(true)).toBe(1);
    expect(pyError(() => pyFloat('e5'))).toBe("ValueError: could not convert string to float: 'e5'");
    expect(pyError(() => pyFloat("it's"))).toBe('ValueError: could not convert string to float: "it\'s"');
    expect(pyError(() => pyFloat(null))).toBe("TypeError: float() argument must be a string or a real number, not 'NoneType'");
    expect(pyRepr({ a: [1, 2.5, null, true, 'x\n'] })).toBe("{'a': [1, 2.5, None, True, 'x\\n']}");
    expect(pyRepr(1e-5)).toBe('1e-05');
  });
});

describe('Python regular expressions', () => {
  const CASES: [pattern: string, mode: PythonRegexMode, ignoreCase: boolean, dotAll: boolean, text: string, expected: boolean][] = [
    ['v1$', 'search', false, false, 'v1\n', true],
    ['v1\\Z', 'search', false, false, 'v1\n', false],
    ['(?P<x>a+)-(?P=x)', 'search', false, false, 'aa-aa', true],
    ['(?P<x>a+)-(?P=x)', 'search', false, false, 'aa-b', false],
    ['a.c', 'search', false, false, 'a\nc', false],
    ['(?s)a.c', 'search', false, false, 'a\nc', true],
    ['a.c', 'match', false, true, 'a\nc', true],
    ['(?i)PROD', 'search', false, false, 'prod-1', true],
    ['\\d+', 'fullmatch', false, false, '٣٤', true],
    ['\\w+', 'fullmatch', false, false, 'café', true],
    ['\\bfoo\\b', 'search', false, false, 'a foo b', true],
    ['\\bfoo\\b', 'search', false, false, 'afoo', false],
    ['[]a]+', 'fullmatch', false, false, ']a]', true],
    ['a{,2}b', 'fullmatch', false, false, 'aab', true],
    ['a{', 'search', false, false, 'a{', true],
    ['x}', 'search', false, false, 'x}', true],
    ['[a-c-e]+', 'fullmatch', false, false, 'a-e', true],
    ['[^\\d\\W]+', 'fullmatch', false, false, 'ab_', true],
    ['(?m)^b$', 'search', false, false, 'a\nb\nc', true],
    ['^b$', 'search', false, false, 'a\nb\nc', false],
    ['(?x) a  b # comment', 'search', false, false, 'ab', true],
    ['\\x41\\u00e9', 'search', false, false, 'Aé', true],
    ['(?s:a.b)c', 'search', false, false, 'a\nbc', true],
    ['\\s+', 'fullmatch', false, false, '\x1c\x85', true],
    ['(?i)straße', 'search', false, false, 'STRASSE', false],
    ['(?i)straße', 'search', false, false, 'STRAßE', true],
    ['a|b|', 'fullmatch', false, false, '', true],
    ['v1$', 'match', false, false, 'v1_foo', false],
  ];

  it.each(CASES)('%j (%s, i=%s, s=%s) on %j → %s', (pattern, mode, ignoreCase, dotAll, text, expected) => {
    expect(compilePythonRegex(pattern, { ignoreCase, dotAll }, mode).test(text)).toBe(expected);
  });

  it.each([
    ['a)', 'unbalanced parenthesis'],
    ['(a', 'missing ), unterminated subpattern'],
    ['[a', 'unterminated character set'],
    ['\\q', 'bad escape \\q'],
    ['a{3,1}', 'min repeat greater than max repeat'],
    ['x(?i)y', 'global flags not at the start of the expression'],
    ['[z-a]', 'bad character range'],
    ['*a', 'error: '],
  ])('refuses %j as re.error (%s)', (pattern, message) => {
    expect(pyError(() => compilePythonRegex(pattern))).toContain(message);
  });

  it('raises TypeError for patterns that are not strings, as re.compile does', () => {
    expect(pyError(() => compilePythonRegex(5))).toBe('TypeError: first argument must be string or compiled pattern');
    expect(pyError(() => compilePythonRegex(['a']))).toBe("TypeError: unhashable type: 'list'");
  });
});

describe('fnmatch', () => {
  const GLOBS: [pattern: string, text: string, expected: boolean][] = [
    ['*foo*', 'test foo test', true],
    ['b?r', 'bar', true],
    ['foo', 'test foo test', false],
    ['[!a]*', 'bcd', true],
    ['[!a]*', 'abc', false],
    ['[]a]', ']', true],
    ['[z-a]x', 'zx', false],
    ['[!]', 'x', false],
    ['[', '[', true],
    ['x*y', 'x\ny', true],
    ['(?i)PROD', 'prod', false],
    ['[a-]', '-', true],
    ['[!a-c]z', 'dz', true],
    ['a*b*c', 'axbxc', true],
    ['[[]', '[', true],
    ['#x', '#x', true],
    ['*.TXT', 'f.txt', false],
  ];
  it.each(GLOBS)('%j on %j → %s', (pattern, text, expected) => {
    expect(fnmatch(text, pattern)).toBe(expected);
  });

  it('needs strings on both sides, name first', () => {
    expect(pyError(() => fnmatch(null, 5))).toBe('TypeError: expected str, bytes or os.PathLike object, not NoneType');
    expect(pyError(() => fnmatch('x', 5))).toBe('TypeError: expected str, bytes or os.PathLike object, not int');
  });
});

describe('dates (dateutil)', () => {
  const at = (iso: string) => Date.parse(iso) / 1000;
  it.each([
    ['2014-07-01T00:01:01.000000', at('2014-07-01T00:01:01Z')],
    ['2000-01-01 00:00:00', at('2000-01-01T00:00:00Z')],
    ['2000-01-01T00:00:00+02:00', at('1999-12-31T22:00:00Z')],
    ['2000-01-01T00:00:00-05', at('2000-01-01T05:00:00Z')],
    ['20000101T000000', at('2000-01-01T00:00:00Z')],
    ['2000/01/02 10:11', at('2000-01-02T10:11:00Z')],
    ['Tue, 01 Jul 2014 00:01:01 GMT', at('2014-07-01T00:01:01Z')],
    ['July 1, 2014 10:00', at('2014-07-01T10:00:00Z')],
    ['Tue Jul  1 00:01:01 2014', at('2014-07-01T00:01:01Z')],
    ['12/31/2014', at('2014-12-31T00:00:00Z')],
  ])('%j', (text, seconds) => {
    expect(parsePythonDate(text)).toBeCloseTo(seconds, 6);
  });

  it('keeps microseconds and refuses what dateutil refuses', () => {
    expect(parsePythonDate('2000-01-01T00:00:00.123456789Z')).toBeCloseTo(at('2000-01-01T00:00:00Z') + 0.123456, 6);
    expect(pyError(() => parsePythonDate(null))).toBe('ParserError: Unknown string format: None');
    expect(pyError(() => parsePythonDate('not a date'))).toBe('ParserError: Unknown string format: not a date');
    expect(pyError(() => parsePythonDate('2000-02-30'))).toBe('ParserError: day is out of range for month: 2000-02-30');
  });
});
