import { describe, expect, it } from 'vitest';
import { pyCompare, pyContains, pyEquals, pyHashKey } from '../../../src/python/compare.js';
import { PythonError } from '../../../src/python/errors.js';
import { pyAffix, pyLower } from '../../../src/python/strings.js';
import { pyIter, pyLen, pyTruthy, pyTypeName, tuple } from '../../../src/python/values.js';
import { pyError } from './py-error.js';

// Every expectation below was answered by CPython 3.11.

describe('PythonError', () => {
  it('reads as the last line of a Python traceback and keeps its parts', () => {
    const err = new PythonError('KeyError', "'k'");
    expect(err.message).toBe("KeyError: 'k'");
    expect([err.kind, err.pyMessage, err.name]).toEqual(['KeyError', "'k'", 'PythonError']);
    expect(err).toBeInstanceOf(Error);
  });
});

describe('Python values', () => {
  it('names types as Python does', () => {
    expect([null, undefined, true, 1, 1.5, 'a', [1], tuple(1), { a: 1 }, 10n].map(pyTypeName)).toEqual(['NoneType', 'NoneType', 'bool', 'int', 'float', 'str', 'list', 'tuple', 'dict', 'int']);
  });

  it('truthiness, iteration and len', () => {
    expect([[], {}, '', 0, null, [0], { a: 1 }, 'x'].map(pyTruthy)).toEqual([false, false, false, false, false, true, true, true]);
    expect(pyIter({ a: 1, b: 2 })).toEqual(['a', 'b']);
    expect(pyIter('a😀')).toEqual(['a', '😀']);
    expect(pyLen('a😀')).toBe(2);
    expect(pyError(() => pyIter(5))).toBe("TypeError: 'int' object is not iterable");
    expect(pyError(() => pyLen(null))).toBe("TypeError: object of type 'NoneType' has no len()");
  });
});

describe('comparisons', () => {
  it('compares with ==: bools are ints, deep lists and dicts, no str/number coercion', () => {
    expect(pyEquals(true, 1)).toBe(true);
    expect(pyEquals(false, 0)).toBe(true);
    expect(pyEquals(1, 1.0)).toBe(true);
    expect(pyEquals('1', 1)).toBe(false);
    expect(pyEquals([1, { a: [true] }], [1, { a: [1] }])).toBe(true);
    expect(pyEquals({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(pyEquals({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(pyEquals(null, undefined)).toBe(true);
    expect(pyEquals(tuple(1), [1])).toBe(false);
    expect(pyEquals(Number.NaN, Number.NaN)).toBe(false);
  });

  it('implements `in` for strings, lists and dict keys, raising as Python does', () => {
    expect(pyContains('needle', 'ee')).toBe(true);
    expect(pyContains([true], 1)).toBe(true);
    expect(pyContains([[1]], [1])).toBe(true);
    expect(pyContains({ k: 1 }, 'k')).toBe(true);
    // JSON object keys are strings: `1 in {"1": "x"}` is False.
    expect(pyContains({ 1: 'x' }, 1)).toBe(false);
    expect(pyContains({ a: 1 }, tuple('a'))).toBe(false);
    expect(pyError(() => pyContains('abc', 1))).toBe("TypeError: 'in <string>' requires string as left operand, not int");
    expect(pyError(() => pyContains(null, 'a'))).toBe("TypeError: argument of type 'NoneType' is not iterable");
    expect(pyError(() => pyContains(3.5, 'a'))).toBe("TypeError: argument of type 'float' is not iterable");
    expect(pyError(() => pyContains({ a: 1 }, ['a']))).toBe("TypeError: unhashable type: 'list'");
    expect(pyError(() => pyContains({ a: 1 }, {}))).toBe("TypeError: unhashable type: 'dict'");
  });

  it('orders numbers, strings (by code point) and lists; refuses mixed types', () => {
    expect(pyCompare(true, 2)).toBe(-1);
    expect(pyCompare('a', 'B')).toBe(1);
    expect(pyCompare('\uffff', '\u{1f600}')).toBe(-1);
    expect(pyCompare([1, 2], [1, 3])).toBe(-1);
    expect(pyCompare([1, 2], [1, 2, 0])).toBe(-1);
    expect(pyCompare(tuple(1, 2), tuple(1, 2))).toBe(0);
    expect(pyCompare(Number.NaN, 1)).toBe(0);
    expect(pyError(() => pyCompare([1], ['a'], '<'))).toBe("TypeError: '<' not supported between instances of 'int' and 'str'");
    expect(pyError(() => pyCompare({}, {}, '>'))).toBe("TypeError: '>' not supported between instances of 'dict' and 'dict'");
    expect(pyError(() => pyCompare([1], tuple(1), '<='))).toBe("TypeError: '<=' not supported between instances of 'list' and 'tuple'");
  });

  it('hashes as Python does: 1, 1.0 and True are one key; lists are unhashable', () => {
    expect(pyHashKey(1)).toBe(pyHashKey(true));
    expect(pyHashKey('1')).not.toBe(pyHashKey(1));
    expect(pyHashKey(tuple(1, 'a'))).toBe(pyHashKey(tuple(true, 'a')));
    expect(pyError(() => pyHashKey([1]))).toBe("TypeError: unhashable type: 'list'");
  });
});

describe('str methods on any value', () => {
  it('lower, startswith and endswith raise on non-strings', () => {
    expect(pyLower('ABC')).toBe('abc');
    expect(pyAffix('abc', 'ab', 'startswith')).toBe(true);
    expect(pyAffix('abc', 'ab', 'endswith')).toBe(false);
    expect(pyError(() => pyLower(null))).toBe("AttributeError: 'NoneType' object has no attribute 'lower'");
    expect(pyError(() => pyAffix(1, 'a', 'endswith'))).toBe("AttributeError: 'int' object has no attribute 'endswith'");
    expect(pyError(() => pyAffix('a', 1, 'startswith'))).toBe('TypeError: startswith first arg must be str or a tuple of str, not int');
  });
});
