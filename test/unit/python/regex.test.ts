import { describe, expect, it } from 'vitest';
import { compilePythonRegex, expandPythonReplacement, pyFinditer, translatePythonRegex, type PythonRegexMode } from '../../../src/python/regex.js';
import { pyError } from './py-error.js';

// Every expectation below was answered by CPython 3.11 (re).

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
    ['end$', 'search', false, false, 'the end\n', true],
    ['end\\Z', 'search', false, false, 'the end\n', false],
    ['\\Astart', 'search', false, false, 'x\nstart', false],
  ];

  it.each(CASES)('%j (%s, i=%s, s=%s) on %j → %s', (pattern, mode, ignoreCase, dotAll, text, expected) => {
    expect(compilePythonRegex(pattern, { ignoreCase, dotAll }, mode).test(text)).toBe(expected);
  });

  it('keeps named groups and group numbers, and drops comments', () => {
    expect(compilePythonRegex('(?P<year>\\d{4})-(?P=year)').exec('2020-2020')?.groups?.['year']).toBe('2020');
    expect(compilePythonRegex('[]a]+').exec('a]]')?.[0]).toBe('a]]');
    expect(compilePythonRegex('(?:x)(a)(?s:.)(b)').exec('xa\nb')?.slice(1)).toEqual(['a', 'b']);
    expect(translatePythonRegex('a(?#note)b').source).toBe('ab');
    expect(translatePythonRegex('a', { ignoreCase: true, global: true }).flags).toBe('iug');
  });

  it.each([
    ['a)', 'unbalanced parenthesis'],
    ['(a', 'missing ), unterminated subpattern'],
    ['[a', 'unterminated character set'],
    ['\\q', 'bad escape \\q'],
    ['a{3,1}', 'min repeat greater than max repeat'],
    ['x(?i)y', 'global flags not at the start of the expression'],
    ['[z-a]', 'bad character range'],
    ['(?i:a)b', 'scoped case-insensitivity'],
    ['*a', 'error: '],
  ])('refuses %j as re.error (%s)', (pattern, message) => {
    const text = pyError(() => compilePythonRegex(pattern));
    expect(text).toContain(message);
    expect(text).toMatch(/^error: /);
  });

  it('raises TypeError for patterns that are not strings, as re.compile does', () => {
    expect(pyError(() => compilePythonRegex(5))).toBe('TypeError: first argument must be string or compiled pattern');
    expect(pyError(() => compilePythonRegex(['a']))).toBe("TypeError: unhashable type: 'list'");
  });

  it('hands out a cached global or sticky RegExp reset to the start', () => {
    const g = compilePythonRegex('a', { global: true });
    g.exec('aaa');
    expect(g.lastIndex).toBe(1);
    expect(compilePythonRegex('a', { global: true })).toBe(g);
    expect(g.lastIndex).toBe(0);
    const y = compilePythonRegex('b', { sticky: true });
    expect(y.test('ab')).toBe(false);
  });
});

describe('re.finditer and re.sub templates', () => {
  const all = (pattern: string, text: string) => [...pyFinditer(compilePythonRegex(pattern, { global: true }), text)].map((m) => [m.index, m[0]]);

  it('walks matches as finditer does, empty ones included', () => {
    expect(all('x*', 'abxd')).toEqual([[0, ''], [1, ''], [2, 'x'], [3, ''], [4, '']]);
    // An empty match before an astral character moves on by the whole character.
    expect(all('', 'a😀b')).toEqual([[0, ''], [1, ''], [3, ''], [4, '']]);
    expect([...pyFinditer(compilePythonRegex('\\d'), 'a1b2')].map((m) => m[0])).toEqual(['1', '2']);
  });

  it('expands \\1, \\g<n>, \\g<name> and escapes; a group that did not take part is empty', () => {
    const m = compilePythonRegex('(?P<k>\\w+)=(\\d+)?').exec('key=')!;
    expect(expandPythonReplacement('\\2[\\1]\\g<k>\\g<0>\\n\\\\', m)).toBe('[key]keykey=\n\\');
    expect(pyError(() => expandPythonReplacement('\\3', m))).toBe('error: invalid group reference 3');
    expect(pyError(() => expandPythonReplacement('\\g<nope>', m))).toBe("IndexError: unknown group name 'nope'");
    expect(pyError(() => expandPythonReplacement('\\q', m))).toBe('error: bad escape \\q');
  });
});
