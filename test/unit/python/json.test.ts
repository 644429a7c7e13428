import { describe, expect, it } from 'vitest';
import { pyJsonDumps } from '../../../src/python/json.js';

describe('json.dumps', () => {
  it('matches Python byte for byte', () => {
    expect(pyJsonDumps({ a: [1, 2.5, null, true], b: 'é"' })).toBe('{"a": [1, 2.5, null, true], "b": "\\u00e9\\""}');
    expect(pyJsonDumps({ b: 1, a: {} }, { sortKeys: true, indent: 2 })).toBe('{\n  "a": {},\n  "b": 1\n}');
    expect(pyJsonDumps({ x: '<&>' }, { htmlSafe: true })).toBe('{"x": "\\u003c\\u0026\\u003e"}');
    expect(pyJsonDumps([Number.NaN, -Infinity])).toBe('[NaN, -Infinity]');
    expect(() => pyJsonDumps({ f: () => 1 })).toThrow(/not JSON serializable/);
  });
});
