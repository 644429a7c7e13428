import { describe, expect, it } from 'vitest';
import { parsePyFloat, parsePyInt, pyFloat, pyRound } from '../../../src/python/numbers.js';
import { pyError } from './py-error.js';

describe('Python numbers', () => {
  it('round() rounds the exact binary value, ties to even', () => {
    expect([pyRound(2.5), pyRound(3.5), pyRound(-2.5), pyRound(2.675, 2), pyRound(0.375, 2), pyRound(1234, -2)]).toEqual([2, 4, -2, 2.67, 0.38, 1200]);
  });

  it('parses int() and float() literals', () => {
    expect([parsePyInt(' 42 '), parsePyInt('1_000'), parsePyInt('3.5'), parsePyInt('ff', 16)]).toEqual([42, 1000, undefined, 255]);
    expect([parsePyFloat('1e3'), parsePyFloat('-inf'), parsePyFloat('.5'), parsePyFloat('x')]).toEqual([1000, -Infinity, 0.5, undefined]);
  });

  it('float() converts numbers, bools and strings, raising as Python does', () => {
    expect(pyFloat(' 1_000.5 ')).toBe(1000.5);
    expect(pyFloat('1e3')).toBe(1000);
    expect(pyFloat('-inf')).toBe(-Infinity);
    expect(pyFloat('NaN')).toBeNaN();
    expect(pyFloat(true)).toBe(1);
    expect(pyFloat(2.5)).toBe(2.5);
    expect(pyError(() => pyFloat('e5'))).toBe("ValueError: could not convert string to float: 'e5'");
    expect(pyError(() => pyFloat('1__0'))).toBe("ValueError: could not convert string to float: '1__0'");
    expect(pyError(() => pyFloat("it's"))).toBe('ValueError: could not convert string to float: "it\'s"');
    expect(pyError(() => pyFloat(null))).toBe("TypeError: float() argument must be a string or a real number, not 'NoneType'");
    expect(pyError(() => pyFloat([1]))).toBe("TypeError: float() argument must be a string or a real number, not 'list'");
  });
});
