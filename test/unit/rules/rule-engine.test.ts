import { describe, expect, it } from 'vitest';
import type { CriterionSpec, Params, RuleMeta, TriggerInstance } from '../../../src/model/index.js';
import { RuleEngine, canonicalParams } from '../../../src/rules/rule-engine.js';
import { ManualClock } from '../../../src/util/clock.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { makeRenderer } from './renderer-under-test.js';

function rule(name: string, over: Partial<Omit<RuleMeta, 'trigger' | 'action'>> & { trigger?: string; triggerParams?: Params; criteria?: Record<string, CriterionSpec>; params?: Params } = {}): RuleMeta {
  const { trigger, triggerParams, params, ...rest } = over;
  return {
    ref: `test.${name}`,
    pack: 'test',
    name,
    enabled: true,
    criteria: {},
    type: 'standard',
    ...rest,
    trigger: { type: trigger ?? 'core.st2.webhook', parameters: triggerParams ?? {} },
    action: { ref: 'core.local', parameters: params ?? {} },
  };
}

let seq = 0;
function instance(payload: Params, trigger = 'core.st2.webhook', triggerParameters?: Params): TriggerInstance {
  return {
    id: `ti-${++seq}`,
    trigger,
    ...(triggerParameters ? { trigger_parameters: triggerParameters } : {}),
    payload,
    occurrence_time: '2026-01-01T00:00:00.000Z',
    status: 'pending',
  };
}

function makeEngine(kv: Record<string, string> = {}) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const logger = new MemoryLogger();
  const engine = new RuleEngine({ renderer: makeRenderer(kv), clock, logger, systemUser: 'squall' });
  return { engine, clock, logger };
}

const refs = (matches: { rule: RuleMeta }[]) => matches.map((m) => m.rule.ref);
const fired = (matches: { rule: RuleMeta; verdict: { match: boolean }; error?: string }[]) =>
  matches.filter((m) => m.verdict.match && m.error === undefined).map((m) => m.rule.ref);

describe('RuleEngine indexing', () => {
  const { engine } = makeEngine();
  engine.setRules([
    rule('hook_a', { triggerParams: { url: 'a', extra: { x: [1, 2] } } }),
    rule('hook_b', { triggerParams: { url: 'b' } }),
    rule('hook_any'),
    rule('timer', { trigger: 'core.st2.IntervalTimer', triggerParams: { unit: 'seconds', delta: 5 } }),
    rule('off', { enabled: false }),
  ]);

  it('only considers rules whose trigger type and parameters equal the instance', () => {
    expect(refs(engine.match(instance({ k: 1 }, 'core.st2.webhook', { extra: { x: [1, 2] }, url: 'a' })))).toEqual(['test.hook_a']);
    expect(refs(engine.match(instance({ k: 1 }, 'core.st2.webhook', { url: 'b' })))).toEqual(['test.hook_b']);
    expect(refs(engine.match(instance({ k: 1 }, 'core.st2.webhook', { url: 'c' })))).toEqual([]);
    expect(refs(engine.match(instance({ k: 1 }, 'core.st2.IntervalTimer', { delta: 5, unit: 'seconds' })))).toEqual(['test.timer']);
    expect(refs(engine.match(instance({ k: 1 }, 'core.st2.IntervalTimer', { delta: 6, unit: 'seconds' })))).toEqual([]);
  });

  it('sends instances without trigger parameters to rules without them', () => {
    expect(refs(engine.match(instance({ k: 1 })))).toEqual(['test.hook_any']);
    expect(refs(engine.match(instance({ k: 1 }, 'core.st2.webhook', {})))).toEqual(['test.hook_any']);
  });

  it('leaves disabled rules out entirely', () => {
    expect(engine.rules().map((r) => r.name)).not.toContain('off');
    expect(refs(engine.match(instance({ k: 1 })))).not.toContain('test.off');
  });

  it('keys parameters canonically', () => {
    expect(canonicalParams({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}');
  });
});

describe('RuleEngine matching', () => {
  it('evaluates criteria, typed template patterns included', () => {
    const { engine } = makeEngine();
    engine.setRules([
      rule('typed', { criteria: { 'trigger.int': { type: 'equals', pattern: '{{ trigger.int }}' }, 'trigger.float': { type: 'eq', pattern: '{{ trigger.float }}' } } }),
      rule('string', { criteria: { 'trigger.int': { type: 'equals', pattern: '1' } } }),
    ]);
    const out = engine.match(instance({ int: 1, float: 0.8 }));
    expect(fired(out)).toEqual(['test.typed']);
    expect(out[0]?.verdict.criteria.map((c) => c.renderedPattern)).toEqual([1, 0.8]);
  });

  it('runs backstop rules only when no standard rule matched', () => {
    const { engine } = makeEngine();
    engine.setRules([
      rule('backstop', { type: 'backstop' }),
      rule('errors', { criteria: { 'trigger.level': { type: 'equals', pattern: 'error' } } }),
    ]);
    const hit = engine.match(instance({ level: 'error' }));
    expect(refs(hit)).toEqual(['test.errors']);
    expect(fired(hit)).toEqual(['test.errors']);
    const miss = engine.match(instance({ level: 'info' }));
    expect(refs(miss)).toEqual(['test.errors', 'test.backstop']);
    expect(fired(miss)).toEqual(['test.backstop']);
  });

  it('reports operator failures in the verdict without stopping other rules', () => {
    const { engine, logger } = makeEngine();
    engine.setRules([rule('bad', { criteria: { 'trigger.n': { type: 'lt', pattern: 'x' } } }), rule('good')]);
    const out = engine.match(instance({ n: 1 }));
    expect(out[0]?.verdict).toMatchObject({ match: false, error: "trigger.n: TypeError: '<' not supported between instances of 'int' and 'str'" });
    expect(fired(out)).toEqual(['test.good']);
    expect(logger.records.some((r) => r.msg === 'rule criteria failed' && r.rule === 'test.bad')).toBe(true);
  });

  it('uses the injected clock for timediff', () => {
    const { engine, clock } = makeEngine();
    engine.setRules([rule('fresh', { criteria: { 'trigger.at': { type: 'td_lt', pattern: 60 } } })]);
    const payload = { at: '2026-01-01T00:00:00Z' };
    expect(fired(engine.match(instance(payload)))).toEqual(['test.fresh']);
    clock.advance(61_000);
    expect(fired(engine.match(instance(payload)))).toEqual([]);
  });

  it('never throws on odd payloads', () => {
    const { engine } = makeEngine();
    engine.setRules([rule('r', { criteria: { 'trigger.a.b[0]': { type: 'search', condition: 'any', pattern: { 'item.x': { type: 'regex', pattern: '[' } } } } })]);
    for (const payload of [{ a: null }, { a: { b: 'str' } }, { a: { b: [[1], { x: 5 }] } }, { a: [1, 2] }]) {
      expect(() => engine.match(instance(payload as Params))).not.toThrow();
    }
  });
});

describe('RuleEngine action parameters', () => {
  it('renders strings deeply with trigger, st2kv and action_context; other values stay as they are', () => {
    const { engine } = makeEngine({ channel: '#ops' });
    engine.setRules([
      rule('notify', {
        params: {
          message: 'Build {{ trigger.build.id }} is {{ trigger.build.status }}',
          channel: '{{ st2kv.system.channel }}',
          count: 3,
          flag: false,
          nested: { list: ['{{ trigger.build.id }}', 7, null], by: '{{ action_context.user }} via {{ action_context.rule.ref }}' },
          raw: '{{ trigger.text }}',
        },
      }),
    ]);
    const [m] = engine.match(instance({ build: { id: 42, status: 'green' }, text: '{{ st2kv.system.channel }}' }));
    expect(m?.error).toBeUndefined();
    expect(m?.actionParameters).toEqual({
      message: 'Build 42 is green',
      channel: '#ops',
      count: 3,
      flag: false,
      nested: { list: ['42', 7, null], by: 'squall via test.notify' },
      // Payload text is data: it is inserted, not rendered again.
      raw: '{{ st2kv.system.channel }}',
    });
  });

  it('lets one parameter use another, in any order', () => {
    const { engine } = makeEngine();
    engine.setRules([rule('chain', { params: { url: 'http://{{ host }}:{{ port }}/x', host: '{{ trigger.host }}', port: 8080 } })]);
    const [m] = engine.match(instance({ host: 'example.org' }));
    expect(m?.actionParameters).toEqual({ url: 'http://example.org:8080/x', host: 'example.org', port: 8080 });
  });

  it('does not fire a rule whose parameters fail to render, and says why', () => {
    const { engine, logger } = makeEngine();
    engine.setRules([rule('broken', { params: { a: '{{ trigger.x | no_such_filter }}' } }), rule('fine', { params: { a: '{{ trigger.x }}' } })]);
    const out = engine.match(instance({ x: 'v' }));
    expect(out[0]?.verdict.match).toBe(true);
    expect(out[0]?.actionParameters).toBeUndefined();
    expect(out[0]?.error).toMatch(/action parameter "a"/);
    expect(fired(out)).toEqual(['test.fine']);
    expect(out[1]?.actionParameters).toEqual({ a: 'v' });
    expect(logger.records.some((r) => r.level === 'warn' && r.rule === 'test.broken')).toBe(true);
  });
});
