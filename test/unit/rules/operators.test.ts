import { describe, expect, it } from 'vitest';
import type { CriterionSpec } from '../../../src/model/index.js';
import { compileCriteria, evaluateCriteria, type CriteriaEnv } from '../../../src/rules/criteria.js';
import { OPERATORS, OPERATOR_NAMES, applyOperator, findOperator } from '../../../src/rules/operators.js';
import { ManualClock } from '../../../src/util/clock.js';
import { makeRenderer } from './renderer-under-test.js';

// Fixed "now" for the timediff rows; payload timestamps are written relative to it.
const clock = new ManualClock(Date.UTC(2026, 5, 15, 12, 0, 0));
const nowIso = new Date(clock.now()).toISOString();

type Expect = boolean | 'error';

/** §8 rows 1–33: one operator, one pattern, one payload value. */
const SIMPLE: [row: number, op: string, pattern: unknown, value: unknown, expected: Expect][] = [
  [1, 'matchwildcard', 'v1', 'v1', true],
  [2, 'matchwildcard', 'foo', 'test foo test', false],
  [3, 'matchwildcard', '*foo*', 'test foo test', true],
  [3, 'matchwildcard', 'b?r', 'bar', true],
  [4, 'matchwildcard', null, '1', false],
  [5, 'matchregex', 'v1$', 'v1', true],
  [5, 'matchregex', 'v1$', 'v1_foo', false],
  [6, 'matchregex', '.*bar.*', 'line one\nline two\nline three\nthe bar line\nlast', true],
  [7, 'regex', 'ponies', 'fooponiesbarfooooo', true],
  [7, 'regex', 'ponies', 'fooPONIESbarfooooo', false],
  [8, 'regex', '(ponies|unicorns)', 'apple unicorns oranges', true],
  [8, 'regex', '(pikachu|snorlax)', 'apple unicorns oranges', false],
  [9, 'iregex', 'v1$', 'V1', true],
  [9, 'iregex', 'v1$', 'V1_foo', false],
  [10, 'equals', 1, 1, true],
  [10, 'equals', '1', '1', true],
  [10, 'equals', '', '', true],
  [11, 'equals', 2, 1, false],
  [11, 'equals', null, 1, false],
  [12, 'nequals', 'FOO', 'foo', true],
  [13, 'nequals', true, 'True', true],
  [14, 'nequals', null, 'None', true],
  [14, 'nequals', 'True', 'True', false],
  [14, 'nequals', null, null, false],
  [15, 'iequals', 'abc', 'ABC', true],
  [15, 'iequals', 'BCA', 'ABC', false],
  [16, 'contains', 'needle', 'haystack needle', true],
  [16, 'contains', 'needle', 'haystack needla', false],
  [17, 'icontains', 'NeedlE', 'neeDle', true],
  [18, 'ncontains', 'foo', 'hasystack needle haystack', true],
  [18, 'ncontains', 'needle', 'hasystack needle haystack', false],
  [18, 'ncontains', null, 'hasystack needle haystack', false],
  [19, 'incontains', 'nEeDle', 'hasystack needle haystack', false],
  [19, 'incontains', 'FOO', 'hasystack needle haystack', true],
  [20, 'startswith', 'a ', 'a hasystack needle haystack', true],
  [20, 'startswith', 'haystack', 'a hasystack needle haystack', false],
  [21, 'istartswith', 'HAYstack', 'haystack needle haystack', true],
  [22, 'endswith', 'b', 'hasystack needle haystack b', true],
  [22, 'iendswith', 'HAYstackend', 'haystack needle haystackEND', true],
  [23, 'iendswith', 'a ', 'a hasystack needle haystack', false],
  [24, 'lessthan', 2, 1, true],
  [24, 'lessthan', 1, 1, false],
  [25, 'lessthan', 'b', 'a', true],
  [25, 'lessthan', 'bcb', 'aba', true],
  [26, 'greaterthan', 1, 2, true],
  [26, 'greaterthan', 3, 2, false],
  [27, 'timediff_lt', 10, nowIso, true],
  [27, 'timediff_lt', '10', nowIso, true],
  [28, 'timediff_lt', 10, '2014-07-01T00:01:01.000000', false],
  [29, 'timediff_gt', 1, '2014-07-01T00:01:01.000000', true],
  [29, 'timediff_gt', '1', '2014-07-01T00:01:01.000000', true],
  [29, 'timediff_gt', 10, nowIso, false],
  [30, 'exists', undefined, false, true],
  [30, 'exists', undefined, 1, true],
  [30, 'exists', undefined, 'foo', true],
  [30, 'exists', undefined, null, false],
  [31, 'nexists', undefined, null, true],
  [31, 'nexists', undefined, false, false],
  [32, 'inside', 'abc', 'a', true],
  [32, 'inside', 'bcd', 'a', false],
  [32, 'inside', null, 'a', false],
  [33, 'ninside', 'bcd', 'a', true],
  [33, 'ninside', 'abc', 'a', false],
];

function run(op: string, pattern: unknown, value: unknown): Expect {
  const def = findOperator(op);
  if (!def) throw new Error(`no operator ${op}`);
  try {
    return applyOperator(def, value, pattern, { nowMs: () => clock.now() });
  } catch {
    return 'error';
  }
}

const renderer = makeRenderer({ k: 'YYY', v: 'v1' });
const env: CriteriaEnv = { renderer, nowMs: () => clock.now(), kv: () => renderer.kvContext() };
const evaluate = (criteria: Record<string, CriterionSpec>, payload: Record<string, unknown>) =>
  evaluateCriteria(compileCriteria(criteria, renderer), payload, env);

describe('operator table', () => {
  it('has every StackStorm operator name and alias, case-insensitively', () => {
    const expected = ['equals', 'eq', 'nequals', 'neq', 'iequals', 'ieq', 'contains', 'icontains', 'ncontains', 'incontains', 'startswith', 'istartswith', 'endswith', 'iendswith', 'lessthan', 'lt', 'greaterthan', 'gt', 'matchwildcard', 'matchregex', 'regex', 'iregex', 'timediff_lt', 'td_lt', 'timediff_gt', 'td_gt', 'exists', 'nexists', 'inside', 'in', 'ninside', 'nin', 'search'];
    expect([...OPERATOR_NAMES].sort()).toEqual([...expected].sort());
    expect(OPERATORS).toHaveLength(24);
    expect(findOperator('EQ')?.name).toBe('equals');
    expect(findOperator('TD_Gt')?.name).toBe('timediff_gt');
    expect(findOperator('nope')).toBeUndefined();
    expect(findOperator(42)).toBeUndefined();
  });
});

describe('§8 rows 1–33: single operators', () => {
  it.each(SIMPLE)('row %i: %s pattern=%j value=%j → %j', (_row, op, pattern, value, expected) => {
    expect(run(op, pattern, value)).toBe(expected);
  });
});

describe('§8 rows 34–38: search', () => {
  const items = (...values: number[]) => ({ list: values.map((v) => ({ to_value: v })) });
  const search = (condition: string, children: Record<string, CriterionSpec>) => ({ 'trigger.list': { type: 'search', condition, pattern: children } });
  const cases: [row: number, condition: string, children: Record<string, CriterionSpec>, values: number[], expected: boolean][] = [
    [34, 'any2any', { 'item.to_value': { type: 'lt', pattern: 40 }, 'item.to_value#2': { type: 'gt', pattern: 50 } }, [30, 45], true],
    [34, 'any2any', { 'item.to_value': { type: 'lt', pattern: 40 }, 'item.to_value#2': { type: 'gt', pattern: 50 } }, [44, 45], false],
    [35, 'any', { 'item.to_value': { type: 'gt', pattern: 40 }, 'item.to_value#2': { type: 'lt', pattern: 50 }, 'item.to_value#3': { type: 'equals', pattern: 46 } }, [45, 20], false],
    [35, 'any', { 'item.to_value': { type: 'gt', pattern: 40 }, 'item.to_value#2': { type: 'lt', pattern: 50 }, 'item.to_value#3': { type: 'equals', pattern: 46 } }, [46, 20], true],
    [36, 'all2any', { 'item.to_value': { type: 'gt', pattern: 40 }, 'item.to_value#2': { type: 'lt', pattern: 50 }, 'item.to_value#3': { type: 'equals', pattern: 46 } }, [45, 20], true],
    [36, 'all2any', { 'item.to_value': { type: 'gt', pattern: 40 }, 'item.to_value#2': { type: 'gt', pattern: 50 }, 'item.to_value#3': { type: 'equals', pattern: 46 } }, [45, 20], false],
    [37, 'all', { 'item.to_value': { type: 'gt', pattern: 40 }, 'item.to_value#2': { type: 'lt', pattern: 50 } }, [45, 46], true],
    [37, 'all', { 'item.to_value': { type: 'gt', pattern: 40 }, 'item.to_value#2': { type: 'lt', pattern: 50 } }, [30, 46], false],
  ];
  it.each(cases)('row %i: %s → %j for %j', (_row, condition, children, values, expected) => {
    const v = evaluate(search(condition, children), items(...values));
    expect(v.match).toBe(expected);
    expect(v.error).toBeUndefined();
  });

  it('row 38: an unknown condition is an error, and the rule does not match', () => {
    const v = evaluate(search('weird', { 'item.to_value': { type: 'gt', pattern: 40 } }), items(45));
    expect(v.match).toBe(false);
    expect(v.error).toMatch(/UnrecognizedConditionError: The 'weird' condition is not recognized/);
  });
});

describe('§8 rows 39–43: template patterns', () => {
  it('row 39: "{{trigger.p1}}" equals the payload value', () => {
    expect(evaluate({ 'trigger.p1': { type: 'equals', pattern: '{{trigger.p1}}' } }, { p1: 'v1' }).match).toBe(true);
  });

  it.each([
    ['bool', true],
    ['int', 1],
    ['float', 0.8],
  ])('row 40: "{{trigger.%s}}" renders typed (JSON-decoded) and equals %j', (field, value) => {
    const v = evaluate({ [`trigger.${field}`]: { type: 'equals', pattern: `{{trigger.${field}}}` } }, { [field]: value });
    expect(v.match).toBe(true);
    expect(v.criteria[0]?.renderedPattern).toBe(value);
  });

  it('row 41: a loop rendering a JSON list equals the list; without commas it does not', () => {
    const payload = { list: ['v1', true, 1] };
    const withCommas = '[{% for item in trigger.list %}{{ item }}{% if not loop.last %},{% endif %}{% endfor %}]';
    const withoutCommas = '[{% for item in trigger.list %}{{ item }}{% endfor %}]';
    expect(evaluate({ 'trigger.list': { type: 'equals', pattern: withCommas } }, payload).match).toBe(true);
    expect(evaluate({ 'trigger.list': { type: 'equals', pattern: withoutCommas } }, payload).match).toBe(false);
  });

  it('row 42: a missing st2kv key renders empty (no match); an existing one matches', () => {
    expect(evaluate({ 'trigger.p': { type: 'equals', pattern: '{{ st2kv.system.missing }}' } }, { p: 'v1' }).match).toBe(false);
    expect(evaluate({ 'trigger.p': { type: 'equals', pattern: '{{ st2kv.system.v }}' } }, { p: 'v1' }).match).toBe(true);
  });

  it('row 43: text around a KV expression is kept', () => {
    expect(evaluate({ 'trigger.p': { type: 'equals', pattern: 'pre{{ st2kv.system.k }}post' } }, { p: 'preYYYpost' }).match).toBe(true);
    expect(evaluate({ 'trigger.p': { type: 'equals', pattern: '{{ st2kv.system.k }}' } }, { p: 'preYYYpost' }).match).toBe(false);
  });
});

describe('§8 rows 44–46: rule-level cases', () => {
  it('row 44: a falsy pattern 0 is still a pattern', () => {
    expect(evaluate({ 'trigger.int': { type: 'gt', pattern: 0 } }, { int: 1 }).match).toBe(true);
    expect(evaluate({ 'trigger.int': { type: 'lt', pattern: 0 } }, { int: 1 }).match).toBe(false);
  });

  it('row 45: #suffixed keys test one field twice', () => {
    expect(evaluate({ 'trigger.int': { type: 'gt', pattern: 0 }, 'trigger.int#2': { type: 'lt', pattern: 2 } }, { int: 1 }).match).toBe(true);
    const v = evaluate({ 'trigger.int': { type: 'gt', pattern: 2 }, 'trigger.int#2': { type: 'lt', pattern: 3 } }, { int: 1 });
    expect(v.match).toBe(false);
    expect(v.criteria.map((c) => [c.key, c.value, c.match])).toEqual([
      ['trigger.int', 1, false],
      ['trigger.int#2', 1, true],
    ]);
  });

  it('row 46: empty criteria match an empty payload; any criteria never do', () => {
    expect(evaluate({}, {}).match).toBe(true);
    const v = evaluate({ 'trigger.a': { type: 'nexists' } }, {});
    expect(v.match).toBe(false);
    expect(v.reason).toMatch(/payload is empty/);
  });
});
