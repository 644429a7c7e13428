import { describe, expect, it } from 'vitest';
import { pyEquals } from '../../../src/python/compare.js';
import { strFormat } from '../../../src/python/format.js';
import { pyJsonDumps } from '../../../src/python/json.js';
import { floatRepr, pythonRepr, pythonStr } from '../../../src/python/repr.js';
import { PyFloat, asNumber, isPyFloat, pyTruthy, pyTypeName } from '../../../src/python/values.js';

describe('PyFloat: integral floats that print as floats', () => {
  it('prints as Python prints floats', () => {
    expect(pythonStr(new PyFloat(3))).toBe('3.0');
    expect(pythonRepr([new PyFloat(-2), 1])).toBe('[-2.0, 1]');
    expect(floatRepr(-0)).toBe('-0.0');
    expect(floatRepr(1e16)).toBe('1e+16');
    expect(floatRepr(2.5)).toBe('2.5');
    expect(pyJsonDumps({ a: new PyFloat(1) })).toBe('{"a": 1.0}');
    expect(strFormat('{0} {0:.1f} {1}', [new PyFloat(3), 3], {})).toBe('3.0 3.0 3');
  });

  it('behaves as a number everywhere else', () => {
    expect(asNumber(new PyFloat(3))).toBe(3);
    expect(pyEquals(new PyFloat(3), 3)).toBe(true);
    expect(pyTypeName(new PyFloat(3))).toBe('float');
    expect(pyTruthy(new PyFloat(0))).toBe(false);
    expect(pyTruthy(new PyFloat(2))).toBe(true);
    expect(isPyFloat(new PyFloat(1))).toBe(true);
    expect(isPyFloat(0.5)).toBe(true);
    expect(isPyFloat(1)).toBe(false);
  });
});
