import { describe, expect, it } from 'vitest';
import { formatFloat, pythonRepr, pythonStr } from '../../../src/python/repr.js';
import { tuple } from '../../../src/python/values.js';

describe('pythonRepr / pythonStr', () => {
  it('writes values as Python does', () => {
    expect(pythonStr('text')).toBe('text');
    expect(pythonStr(null)).toBe('None');
    expect(pythonStr([true, false, null, 1, 'a'])).toBe("[True, False, None, 1, 'a']");
    expect(pythonStr({ k: 'v', n: [1.5] })).toBe("{'k': 'v', 'n': [1.5]}");
    expect(pythonStr(tuple('a', 1))).toBe("('a', 1)");
    expect(pythonStr(tuple('a'))).toBe("('a',)");
    expect(pythonRepr({ a: [1, 2.5, null, true, 'x\n'] })).toBe("{'a': [1, 2.5, None, True, 'x\\n']}");
    expect(pythonRepr("it's")).toBe(`"it's"`);
    expect(pythonRepr('both \' and "')).toBe(`'both \\' and "'`);
    expect(pythonRepr('tab\tnl\n\u0001\u00e9')).toBe("'tab\\tnl\\n\\x01é'");
    // Not printable by str.isprintable(): no-break space, soft hyphen, line separator.
    expect(pythonRepr('a\u00a0b\u00ad\u2028')).toBe("'a\\xa0b\\xad\\u2028'");
  });

  it('formats floats with Python repr rules', () => {
    expect([0.5, 1e-5, 1.5e16, 123.456, -0.25, 1e22, Number.NaN, Infinity].map(formatFloat)).toEqual(['0.5', '1e-05', '1.5e+16', '123.456', '-0.25', '1e+22', 'nan', 'inf']);
    expect(formatFloat(1.5e300)).toBe('1.5e+300');
    expect(formatFloat(0.0001)).toBe('0.0001');
    expect(formatFloat(9007199254740991)).toBe('9007199254740991');
  });
});
