import { describe, expect, it } from 'vitest';
import { fnmatch } from '../../../src/python/fnmatch.js';
import { pyError } from './py-error.js';

// Every expectation below was answered by CPython 3.11 (fnmatch on POSIX).

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
