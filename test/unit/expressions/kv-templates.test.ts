import { describe, expect, it } from 'vitest';
import { SquallError } from '../../../src/errors/index.js';
import { JinjaRenderer } from '../../../src/expressions/jinja.js';
import { MemoryKv } from './fake-kv.js';

function setup() {
  const kv = new MemoryKv();
  kv.set('api_host', 'example.com');
  kv.set('a.b', 'dotted');
  kv.set('count', '3');
  kv.set('cfg', '{"retries": 2}');
  kv.set('password', 'Build a wall', { encrypt: true });
  kv.set('token', 'user-token', { scope: 'user', user: 'stanley', encrypt: true });
  kv.set('color', 'blue', { scope: 'user', user: 'stanley' });
  return { kv, r: new JinjaRenderer({ kv }) };
}

describe('st2kv lookups', () => {
  it('reads system keys as strings, chains dotted names and renders a missing key as ""', () => {
    const { r } = setup();
    const ctx = { st2kv: r.kvContext() };
    expect(r.render('https://{{ st2kv.system.api_host }}/x', ctx)).toBe('https://example.com/x');
    expect(r.render('{{ st2kv.system.a.b }}', ctx)).toBe('dotted');
    expect(r.render("{{ st2kv.system['api_host'] }}", ctx)).toBe('example.com');
    expect(r.render('[{{ st2kv.system.missing }}]', ctx)).toBe('[]');
    expect(r.render('{{ st2kv.system.count | int + 1 }} {{ (st2kv.system.cfg | from_json_string).retries }}', ctx)).toBe('4 2');
    expect(r.renderTyped('{{ st2kv.system.count }}', ctx)).toBe('3');
    expect(r.evaluate('{{ st2kv.system.api_host }}', ctx)).toBe('example.com');
  });

  it('renders a secret without decrypt_kv as its ciphertext, and decrypts with it', () => {
    const { r, kv } = setup();
    const ctx = { st2kv: r.kvContext() };
    const cipher = r.render('{{ st2kv.system.password }}', ctx);
    expect(cipher).not.toContain('Build a wall');
    expect(kv.decrypt(cipher)).toBe('Build a wall');
    expect(r.render('{{ st2kv.system.password | decrypt_kv }}', ctx)).toBe('Build a wall');
    expect(r.render('{% set p = st2kv.system.password %}{{ p | decrypt_kv }}', ctx)).toBe('Build a wall');
  });

  it('refuses to decrypt a missing item, naming it as StackStorm does', () => {
    const { r } = setup();
    expect(() => r.render('{{ st2kv.system.doesnt_exist | decrypt_kv }}', { st2kv: r.kvContext() }))
      .toThrow(`Referenced datastore item "st2kv.system.doesnt_exist" doesn't exist or it contains an empty string`);
    expect(() => r.render('{{ st2kv.user.doesnt_exist | decrypt_kv }}', { st2kv: r.kvContext('stanley') }))
      .toThrow(/"st2kv.user.doesnt_exist" doesn't exist/);
    expect(() => r.render('{{ "not-hex" | decrypt_kv }}', {})).toThrowError(expect.objectContaining({ code: 'TEMPLATE_ERROR' }));
  });

  it('offers st2kv.user only for a given user, scoped to that user', () => {
    const { r } = setup();
    expect(r.render('{{ st2kv.user.color }} {{ st2kv.user.token | decrypt_kv }}', { st2kv: r.kvContext('stanley') })).toBe('blue user-token');
    expect(r.render('[{{ st2kv.user.color }}]', { st2kv: r.kvContext('someone') })).toBe('[]');
    const e = (() => {
      try {
        r.render('{{ st2kv.user.color }}', { st2kv: r.kvContext() });
      } catch (err) {
        return err as SquallError;
      }
      return undefined;
    })();
    expect(e?.code).toBe('TEMPLATE_ERROR');
  });

  it('reads the store when the value is used, not before', () => {
    const { r, kv } = setup();
    const before = kv.gets;
    expect(r.render('{% if st2kv.system.count == "3" %}yes{% endif %}', { st2kv: r.kvContext() })).toBe('yes');
    expect(kv.gets - before).toBe(1);
  });

  it('without a store, lookups read as "" and decrypt_kv fails clearly', () => {
    const r = new JinjaRenderer();
    expect(r.render('[{{ st2kv.system.x }}]', { st2kv: r.kvContext() })).toBe('[]');
    expect(() => r.render('{{ "AB" | decrypt_kv }}', {})).toThrow(/needs a key-value store/);
  });
});
