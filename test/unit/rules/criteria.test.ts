import { describe, expect, it } from 'vitest';
import { SquallError } from '../../../src/errors/index.js';
import type { CriterionSpec } from '../../../src/model/index.js';
import { compileCriteria, evaluateCriteria, type CriteriaEnv } from '../../../src/rules/criteria.js';
import { lookupFirst, parsePayloadPath } from '../../../src/rules/payload-path.js';
import { ManualClock } from '../../../src/util/clock.js';
import { makeRenderer } from './renderer-under-test.js';

const clock = new ManualClock(Date.UTC(2026, 0, 1));
const renderer = makeRenderer({ threshold: '10' });
const env: CriteriaEnv = { renderer, nowMs: () => clock.now(), kv: () => renderer.kvContext() };
const evaluate = (criteria: Record<string, unknown>, payload: unknown) =>
  evaluateCriteria(compileCriteria(criteria as Record<string, CriterionSpec>, renderer), payload, env);

describe('criteria keys', () => {
  const payload = {
    a: { b: 'x' },
    list: [{ name: 'first' }, { name: 'second' }],
    headers: { 'X-Custom-Header': 'yes' },
    'a b': 1,
    'dotted.key': 2,
    nothing: null,
  };
  const at = (key: string) => lookupFirst({ trigger: payload }, parsePayloadPath(key));

  it.each([
    ['trigger.a.b', 'x'],
    ['trigger.list[0].name', 'first'],
    ['trigger.list[-1].name', 'second'],
    ["trigger.headers['X-Custom-Header']", 'yes'],
    ['trigger.headers.X-Custom-Header', 'yes'],
    ['trigger["a b"]', 1],
    ["trigger.'dotted.key'", 2],
    ['trigger.list[*].name', 'first'],
    ['trigger.*.b', 'x'],
    ['$.trigger.a.b', 'x'],
    ['trigger.a.b#2', 'x'],
    ["trigger.headers['#not-a-comment']", null],
    ['trigger.a.missing', null],
    ['trigger.list[5]', null],
    ['trigger.a.b.c', null],
    ['trigger.a[0]', null],
    ['trigger.nothing', null],
    ['other.a', null],
  ])('%s → %j', (key, expected) => {
    expect(at(key)).toEqual(expected);
  });

  it.each(['trigger.', 'trigger[', "trigger['a", 'trigger[1:2]', 'trigger..a', ''])('refuses %j with RULE_INVALID', (key) => {
    expect(() => parsePayloadPath(key)).toThrow(SquallError);
  });
});

describe('verdicts', () => {
  it('reports every criterion with its value; the first failing one sets the error', () => {
    const v = evaluate(
      {
        'trigger.n': { type: 'gt', pattern: 5 },
        'trigger.missing': { type: 'contains', pattern: 'x' },
        'trigger.s': { type: 'lt', pattern: 3 },
      },
      { n: 1, s: 'a' },
    );
    expect(v.match).toBe(false);
    // trigger.n did not match first, so the later operator errors do not make the rule fail.
    expect(v.error).toBeUndefined();
    expect(v.criteria).toEqual([
      { key: 'trigger.n', type: 'gt', pattern: 5, value: 1, match: false },
      { key: 'trigger.missing', type: 'contains', pattern: 'x', value: null, match: false, error: "TypeError: argument of type 'NoneType' is not iterable" },
      { key: 'trigger.s', type: 'lt', pattern: 3, value: 'a', match: false, error: "TypeError: '<' not supported between instances of 'str' and 'int'" },
    ]);
  });

  it('names the criterion whose operator failed first', () => {
    const v = evaluate({ 'trigger.s': { type: 'lt', pattern: 3 }, 'trigger.n': { type: 'gt', pattern: 0 } }, { n: 1, s: 'a' });
    expect(v).toMatchObject({ match: false, error: "trigger.s: TypeError: '<' not supported between instances of 'str' and 'int'" });
  });

  it('treats operator names case-insensitively and keeps the name as written', () => {
    const v = evaluate({ 'trigger.s': { type: 'IEquals', pattern: 'ABC' } }, { s: 'abc' });
    expect(v.match).toBe(true);
    expect(v.criteria[0]?.type).toBe('IEquals');
  });

  it('does not match, with a reason, when an entry has no type, an unknown operator or a bad key', () => {
    expect(evaluate({ 'trigger.s': { pattern: 'x' } }, { s: 'x' })).toMatchObject({ match: false, error: 'trigger.s: criterion has no "type"' });
    expect(evaluate({ 'trigger.s': { type: 'like', pattern: 'x' } }, { s: 'x' })).toMatchObject({ match: false, error: 'trigger.s: Invalid operator: like' });
    expect(evaluate({ 'trigger[': { type: 'exists' } }, { s: 'x' }).error).toMatch(/unterminated/);
    expect(evaluate({ 'trigger.s': 'equals' }, { s: 'x' }).error).toMatch(/must be an object/);
  });

  it('compiles a bad regex once and reports it only when the rule is evaluated', () => {
    const compiled = compileCriteria({ 'trigger.s': { type: 'regex', pattern: '(' } }, renderer);
    const v = evaluateCriteria(compiled, { s: 'x' }, env);
    expect(v.match).toBe(false);
    expect(v.error).toBe('trigger.s: error: missing ), unterminated subpattern at position 1');
  });

  it('renders template patterns with trigger and st2kv (and legacy system), typed', () => {
    const v = evaluate(
      {
        'trigger.n': { type: 'lt', pattern: '{{ st2kv.system.threshold | int }}' },
        'trigger.n#2': { type: 'gt', pattern: '{{ system.threshold | int - 5 }}' },
        'trigger.s': { type: 'equals', pattern: '{{ trigger.n }}-x' },
      },
      { n: 7, s: '7-x' },
    );
    expect(v.match).toBe(true);
    expect(v.criteria.map((c) => c.renderedPattern)).toEqual([10, 5, '7-x']);
  });

  it('reports a pattern that fails to render as an error, not a crash', () => {
    const v = evaluate({ 'trigger.s': { type: 'equals', pattern: '{{ trigger.s | no_such_filter }}' } }, { s: 'x' });
    expect(v.match).toBe(false);
    expect(v.error).toMatch(/^trigger\.s: failed to render pattern: /);
  });

  it('never renders payload values as templates', () => {
    const v = evaluate({ 'trigger.s': { type: 'equals', pattern: '{{ trigger.s }}' } }, { s: '{{ 7 * 6 }}' });
    expect(v.match).toBe(true);
    expect(v.criteria[0]?.renderedPattern).toBe('{{ 7 * 6 }}');
  });

  it('treats falsy payloads as empty (no criteria can match)', () => {
    for (const payload of [null, {}, [], '', 0, false]) expect(evaluate({ 'trigger.a': { type: 'nexists' } }, payload).match).toBe(false);
  });
});

describe('search', () => {
  const children = { 'item.name': { type: 'startswith', pattern: 'web' }, 'item.n': { type: 'gt', pattern: 1 } };

  it('wraps a single object into a list', () => {
    expect(evaluate({ 'trigger.item': { type: 'search', condition: 'all', pattern: children } }, { item: { name: 'web-1', n: 2 } }).match).toBe(true);
  });

  it('treats an empty list as all-true and none-matching for any', () => {
    expect(evaluate({ 'trigger.l': { type: 'search', condition: 'all', pattern: children } }, { l: [] }).match).toBe(true);
    expect(evaluate({ 'trigger.l': { type: 'search', condition: 'any', pattern: children } }, { l: [] }).match).toBe(false);
  });

  it('counts a child operator failure as that child not matching', () => {
    // "n" is a string in the second item: `'x' > 1` raises, which only fails that child.
    const v = evaluate({ 'trigger.l': { type: 'search', condition: 'any', pattern: children } }, { l: [{ name: 'web', n: 'x' }, { name: 'web', n: 3 }] });
    expect(v).toMatchObject({ match: true });
    expect(v.error).toBeUndefined();
  });

  it('fails when the value is not iterable, or a child names an unknown operator', () => {
    expect(evaluate({ 'trigger.l': { type: 'search', condition: 'any', pattern: children } }, { l: 5 }).error).toBe("trigger.l: TypeError: 'int' object is not iterable");
    expect(evaluate({ 'trigger.l': { type: 'search', condition: 'any', pattern: { 'item.n': { type: 'bogus', pattern: 1 } } } }, { l: [{ n: 1 }] }).error).toMatch(/Invalid operator: bogus/);
  });

  it('renders child template patterns with the item in context', () => {
    const v = evaluate({ 'trigger.l': { type: 'search', condition: 'any', pattern: { 'item.a': { type: 'equals', pattern: '{{ item.b }}' } } } }, { l: [{ a: 1, b: 2 }, { a: 3, b: 3 }] });
    expect(v.match).toBe(true);
  });
});
