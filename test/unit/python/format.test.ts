import { describe, expect, it } from 'vitest';
import { percentFormat, strFormat } from '../../../src/python/format.js';
import { tuple } from '../../../src/python/values.js';

describe('string formatting', () => {
  it('printf-style %', () => {
    expect(percentFormat('%s-%s', tuple('a', 1))).toBe('a-1');
    expect(percentFormat('%r %5.2f %-4d| %03d %x %e %g %%', tuple('a', 3.14159, 7, 5, 255, 12345.678, 0.0001))).toBe("'a'  3.14 7   | 005 ff 1.234568e+04 0.0001 %");
    expect(percentFormat('%(a)s/%(b)s', { a: 1, b: [2] })).toBe('1/[2]');
    expect(percentFormat('%s', [1, 2])).toBe('[1, 2]');
    expect(() => percentFormat('us-east-1', 2)).toThrow('TypeError: not all arguments converted during string formatting');
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
