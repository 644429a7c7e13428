import { describe, expect, it } from 'vitest';
import type { ParameterSpec } from '../../../src/model/index.js';
import { NONE_MAGIC_VALUE, castParameters, castValue, parsePythonLiteral } from '../../../src/actions/parameters/index.js';

type Row = [ParameterSpec['type'] | undefined, unknown, unknown];

describe('castValue', () => {
  const ok: Row[] = [
    ['integer', '42', 42],
    ['integer', ' -7 ', -7],
    ['integer', '+3', 3],
    ['integer', 5, 5],
    ['number', '1.5', 1.5],
    ['number', '2e3', 2000],
    ['number', '.5', 0.5],
    ['number', '10', 10],
    ['boolean', 'true', true],
    ['boolean', 'True', true],
    ['boolean', 'FALSE', false],
    ['boolean', 'False', false],
    ['boolean', 'yes', true],
    ['boolean', 'no', false],
    ['boolean', 'on', true],
    ['boolean', 'off', false],
    ['boolean', '1', true],
    ['boolean', '0', false],
    ['boolean', false, false],
    ['object', '{"a": {"b": [1, 2]}}', { a: { b: [1, 2] } }],
    ['object', "{'a': True, 'b': None, 'c': 'x'}", { a: true, b: null, c: 'x' }],
    ['object', { already: 'parsed' }, { already: 'parsed' }],
    ['array', '[1, "two", 3.5]', [1, 'two', 3.5]],
    ['array', "['a', 'b',]", ['a', 'b']],
    ['array', "('a', 1)", ['a', 1]],
    ['string', 'kept as is', 'kept as is'],
    ['string', '007', '007'],
    ['string', 7, 7],
    [undefined, '42', '42'],
    ['integer', NONE_MAGIC_VALUE, null],
    ['string', NONE_MAGIC_VALUE, null],
    ['object', NONE_MAGIC_VALUE, null],
    [undefined, NONE_MAGIC_VALUE, null],
    ['integer', null, null],
  ];
  it.each(ok)('%s %j → %j', (type, input, expected) => {
    expect(castValue(type ? { type } : {}, input)).toEqual({ ok: true, value: expected });
  });

  const bad: [ParameterSpec['type'], string, string][] = [
    ['integer', 'abc', 'must be an integer'],
    ['integer', '4.5', 'must be an integer'],
    ['integer', '', 'must be an integer'],
    ['integer', '99999999999999999999', 'out of range'],
    ['number', 'inf', 'must be a number'],
    ['number', '1.2.3', 'must be a number'],
    ['boolean', 'maybe', 'must be a boolean'],
    ['object', '{not json', 'must be an object'],
    ['array', 'a,b', 'must be an array'],
    ['object', "__import__('os')", 'must be an object'],
  ];
  it.each(bad)('%s %j is rejected', (type, input, message) => {
    const result = castValue({ type }, input);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(message);
  });

  it('castParameters casts each value by its spec and reports failures by field', () => {
    const specs: Record<string, ParameterSpec> = { n: { type: 'integer' }, flag: { type: 'boolean' }, s: { type: 'string' } };
    const { values, errors } = castParameters(specs, { n: 'x', flag: 'yes', s: '1' });
    expect(values).toEqual({ flag: true, s: '1' });
    expect(errors).toEqual([{ field: 'n', message: 'must be an integer, got "x"' }]);
  });
});

describe('parsePythonLiteral', () => {
  it('reads nested literals, escapes and numeric keys', () => {
    expect(parsePythonLiteral("{'k': [1, -2.5, 'it\\'s', \"q\\n\"], 2: False, 'u': '\\x41\\u00e9'}")).toEqual({
      k: [1, -2.5, "it's", 'q\n'],
      '2': false,
      u: 'Aé',
    });
  });

  it('keeps a __proto__ key as data', () => {
    const parsed = parsePythonLiteral("{'__proto__': {'polluted': 1}}") as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(['os.system("x")', '[1, 2', "{'a' 1}", '1 + 1', "'unterminated"])('rejects %j', (text) => {
    expect(() => parsePythonLiteral(text)).toThrow(/offset \d+/);
  });
});
