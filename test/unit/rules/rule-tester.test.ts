import { describe, expect, it } from 'vitest';
import { SquallError } from '../../../src/errors/index.js';
import { RuleTester, normalizeRule } from '../../../src/rules/rule-tester.js';
import { ManualClock } from '../../../src/util/clock.js';
import { makeRenderer } from './renderer-under-test.js';

const tester = new RuleTester({ renderer: makeRenderer({ room: 'ops' }), clock: new ManualClock(Date.UTC(2026, 0, 1)), systemUser: 'squall' });

const rawRule = {
  name: 'on_push',
  pack: 'git',
  enabled: true,
  trigger: { type: 'git.head_sha_monitor', parameters: {} },
  criteria: { 'trigger.branch': { type: 'equals', pattern: 'main' }, 'trigger.author#1': { type: 'exists' } },
  action: { ref: 'chatops.post_message', parameters: { channel: '{{ st2kv.system.room }}', message: '{{ trigger.author }} pushed {{ trigger.sha[:7] }}' } },
};

describe('normalizeRule', () => {
  it('builds a RuleMeta with StackStorm defaults', () => {
    const r = normalizeRule({ name: 'r', trigger: { type: 'core.st2.webhook' }, action: { ref: 'core.noop' } }, 'mine', { file: '/p/rules/r.yaml' });
    expect(r).toEqual({
      ref: 'mine.r',
      pack: 'mine',
      name: 'r',
      enabled: false,
      trigger: { type: 'core.st2.webhook', parameters: {} },
      criteria: {},
      action: { ref: 'core.noop', parameters: {} },
      type: 'standard',
      source: { file: '/p/rules/r.yaml' },
    });
    expect(normalizeRule({ ...rawRule, type: { ref: 'backstop' } }).type).toBe('backstop');
    expect(normalizeRule(rawRule).ref).toBe('git.on_push');
    expect(normalizeRule({ ...rawRule, pack: undefined }).pack).toBe('default');
  });

  it('reports every bad field at once, with the file', () => {
    let err: unknown;
    try {
      normalizeRule(
        {
          pack: 'other',
          enabled: 'yes',
          trigger: {},
          criteria: { 'trigger.a': { type: 'like' }, 'trigger.b': { pattern: 1 }, 'trigger.c': { type: 'td_lt', pattern: 'soon' }, 'trigger[': { type: 'exists' } },
          action: { parameters: [] },
          type: { ref: 'sometimes' },
        },
        'mine',
        { file: 'rules/bad.yaml' },
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SquallError);
    const e = err as SquallError;
    expect(e.code).toBe('RULE_INVALID');
    expect(e.details.map((d) => d.field)).toEqual([
      'name',
      'pack',
      'enabled',
      'trigger.type',
      'action.ref',
      'action.parameters',
      'criteria.trigger.a.type',
      'criteria.trigger.b.type',
      'criteria.trigger.c.pattern',
      'criteria.trigger[',
      'type.ref',
    ]);
    expect(e.details.every((d) => d.file === 'rules/bad.yaml')).toBe(true);
  });

  it('checks search children', () => {
    expect(() => normalizeRule({ ...rawRule, criteria: { 'trigger.l': { type: 'search', condition: 'any', pattern: { 'item.a': { type: 'nope' } } } } })).toThrow(
      /criteria\.trigger\.l\.pattern\.item\.a\.type unknown operator "nope"/,
    );
    expect(() => normalizeRule('name: x')).toThrow(SquallError);
  });
});

describe('RuleTester.testRule', () => {
  it('gives the verdict per criterion and the rendered action on a match', () => {
    const rule = normalizeRule(rawRule);
    const result = tester.testRule({ rule, payload: { branch: 'main', author: 'ann', sha: 'abcdef123456' } });
    expect(result.match).toBe(true);
    expect(result.criteria.map((c) => [c.key, c.match])).toEqual([
      ['trigger.branch', true],
      ['trigger.author#1', true],
    ]);
    expect(result.action).toEqual({ ref: 'chatops.post_message', parameters: { channel: 'ops', message: 'ann pushed abcdef1' } });
  });

  it('gives no action when the rule does not match', () => {
    const result = tester.testRule({ rule: normalizeRule(rawRule), payload: { branch: 'dev', author: 'ann' } });
    expect(result).toMatchObject({ match: false });
    expect(result.action).toBeUndefined();
  });

  it('tests bare criteria, with optional parameters to render', () => {
    expect(tester.testRule({ criteria: { 'trigger.n': { type: 'gt', pattern: 1 } }, payload: { n: 2 } })).toEqual({
      match: true,
      criteria: [{ key: 'trigger.n', type: 'gt', pattern: 1, value: 2, match: true }],
    });
    const withParams = tester.testRule({ criteria: {}, payload: { n: 2 }, actionParameters: { twice: '{{ trigger.n * 2 }}', who: '{{ action_context.user }}' } });
    expect(withParams.action).toEqual({ ref: null, parameters: { twice: '4', who: 'squall' } });
  });

  it('reports operator and render failures as errors', () => {
    expect(tester.testRule({ criteria: { 'trigger.n': { type: 'contains', pattern: 1 } }, payload: { n: 'abc' } }).error).toBe(
      "trigger.n: TypeError: 'in <string>' requires string as left operand, not int",
    );
    const bad = tester.testRule({ rule: normalizeRule({ ...rawRule, action: { ref: 'x.y', parameters: { a: '{{ trigger.branch | nope }}' } } }), payload: { branch: 'main', author: 'a' } });
    expect(bad.match).toBe(true);
    expect(bad.action).toBeUndefined();
    expect(bad.error).toMatch(/action parameter "a"/);
  });
});

describe('RuleTester.testBatchLine', () => {
  it('answers a criteria line and a rule line', () => {
    expect(tester.testBatchLine('{"criteria": {"trigger.a": {"type": "eq", "pattern": 1}}, "payload": {"a": 1}}', 1)).toMatchObject({ line: 1, match: true });
    const r = tester.testBatchLine(JSON.stringify({ rule: rawRule, payload: { branch: 'main', author: 'bo', sha: '0123456789' } }), 2);
    expect(r).toMatchObject({ line: 2, match: true, action: { ref: 'chatops.post_message', parameters: { message: 'bo pushed 0123456' } } });
    const override = tester.testBatchLine(JSON.stringify({ rule: rawRule, criteria: { 'trigger.x': { type: 'exists' } }, payload: { x: 1 }, action_parameters: { m: 'x={{ trigger.x }}' } }), 3);
    expect(override).toMatchObject({ match: true, action: { parameters: { m: 'x=1' } } });
  });

  it.each([
    ['{not json', /^line 7: not valid JSON: /],
    ['[1, 2]', /^line 7: expected a JSON object/],
    ['{"criteria": {}}', /^line 7: "payload" is missing$/],
    ['{"payload": {}}', /^line 7: either "criteria" or "rule" is required$/],
    ['{"payload": [], "criteria": 3}', /^line 7: "payload" must be an object; "criteria" must be an object$/],
    ['{"payload": {}, "rule": {"name": "x"}}', /^line 7: rule is invalid: trigger: is required; action: is required$/],
    ['   ', /^line 7: empty line/],
  ])('refuses %j with a clear message', (line, message) => {
    const r = tester.testBatchLine(line, 7);
    expect(r.line).toBe(7);
    expect('error' in r && !('match' in r) ? r.error : undefined).toMatch(message);
  });
});
