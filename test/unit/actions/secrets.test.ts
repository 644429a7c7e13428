import { describe, expect, it } from 'vitest';
import type { ParameterSpec } from '../../../src/model/index.js';
import { MASKED } from '../../../src/util/mask.js';
import { maskParameters, secretKeys } from '../../../src/actions/parameters/index.js';

const specs: Record<string, ParameterSpec> = {
  user: { type: 'string' },
  password: { type: 'string', secret: true },
  unset_secret: { type: 'string', secret: true },
  auth: {
    type: 'object',
    properties: {
      username: { type: 'string' },
      token: { type: 'string', secret: true },
      inner: { type: 'object', properties: { key: { type: 'string', secret: true }, note: { type: 'string' } } },
    },
  },
  headers: { type: 'object', properties: { accept: { type: 'string' } }, additionalProperties: { type: 'string', secret: true } },
  by_pattern: { type: 'object', patternProperties: { '^pw_': { type: 'string', secret: true } } },
  creds: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, pass: { type: 'string', secret: true } } } },
  pair: { type: 'array', items: [{ type: 'string' }, { type: 'string', secret: true }] },
  plain: { type: 'object' },
};

describe('secret masking', () => {
  it('secretKeys lists parameters that are secret or hold secret members', () => {
    expect(secretKeys(specs)).toEqual(['password', 'unset_secret', 'auth', 'headers', 'by_pattern', 'creds', 'pair']);
  });

  it('masks secret parameters and nested secret members, leaving the rest and the input untouched', () => {
    const values = {
      user: 'ann',
      password: 'hunter2',
      unset_secret: null,
      auth: { username: 'ann', token: 't0k', inner: { key: 'k', note: 'n' } },
      headers: { accept: 'json', authorization: 'Bearer x' },
      by_pattern: { pw_db: 'p', other: 'o' },
      creds: [{ name: 'a', pass: '1' }, { name: 'b', pass: '2' }],
      pair: ['id', 'secret-part', 'extra'],
      plain: { password_hint: 'kept: not declared secret' },
    };
    const before = structuredClone(values);
    expect(maskParameters(specs, values)).toEqual({
      user: 'ann',
      password: MASKED,
      unset_secret: null,
      auth: { username: 'ann', token: MASKED, inner: { key: MASKED, note: 'n' } },
      headers: { accept: 'json', authorization: MASKED },
      by_pattern: { pw_db: MASKED, other: 'o' },
      creds: [{ name: 'a', pass: MASKED }, { name: 'b', pass: MASKED }],
      pair: ['id', MASKED, 'extra'],
      plain: { password_hint: 'kept: not declared secret' },
    });
    expect(values).toEqual(before);
  });

  it('masks a whole object parameter marked secret', () => {
    expect(maskParameters({ cfg: { type: 'object', secret: true } }, { cfg: { a: 1 } })).toEqual({ cfg: MASKED });
  });
});
