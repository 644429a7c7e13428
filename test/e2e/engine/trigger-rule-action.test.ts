import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SquallError } from '../../../src/errors/index.js';
import type { App } from '../../../src/app.js';
import { startTestApp, stopTestApps, type TestApp } from '../../helpers/app.js';
import { removeTempDirs, sensorFiles, shellCmdAction, tempPacksDir } from '../../helpers/temp-pack.js';

/** A trigger from a pack sensor, through rules with criteria, to a real shell action. */
const PACK = {
  ...sensorFiles('Watcher', [
    {
      name: 'event',
      payload_schema: {
        type: 'object',
        properties: { level: { type: 'integer' }, host: { type: 'string' }, items: { type: 'array' } },
        required: ['level'],
      },
    },
    { name: 'alert', payload_schema: { type: 'object' } },
  ]),
  'actions/record.yaml': shellCmdAction('record', `printf '%s|%s' "$1" "$2"`, {
    parameters: { message: { type: 'string', required: true, position: 0 }, level: { type: 'integer', default: 0, position: 1 } },
  }),
  'rules/on_event.yaml': {
    name: 'on_event',
    pack: 'rt',
    enabled: true,
    trigger: { type: 'rt.event' },
    criteria: {
      'trigger.level': { type: 'gt', pattern: 3 },
      'trigger.level#2': { type: 'lessthan', pattern: 10 },
      'trigger.host': { type: 'startswith', pattern: 'web' },
      'trigger.host#2': { type: 'regex', pattern: '^web\\d+$' },
      'trigger.items': {
        type: 'search',
        condition: 'any',
        pattern: { 'item.name': { type: 'equals', pattern: 'disk' }, 'item.used': { type: 'gt', pattern: 90 } },
      },
    },
    action: { ref: 'rt.record', parameters: { message: '{{ trigger.host }} at {{ trigger.level }}', level: '{{ trigger.level }}' } },
  },
  // A nodejs action that announces a trigger, and a script a rule runs on it with named arguments.
  'actions/announce.yaml': { name: 'announce', runner_type: 'nodejs', entry_point: 'announce.mjs', parameters: { n: { type: 'integer', required: true } } },
  'actions/announce.mjs': [
    'export async function run(params, context) {',
    "  const payload = { kind: 'announced', n: params.n, from: context.execution_id };",
    "  context.dispatchTrigger('rt.alert', payload);",
    '  // The instance is a copy: changing the object afterwards changes nothing the rules see.',
    "  payload.kind = 'changed';",
    '  payload.n = -1;',
    '  return { doubled: params.n * 2 };',
    '}',
    '',
  ].join('\n'),
  'actions/report.yaml': {
    name: 'report',
    runner_type: 'local-shell-script',
    entry_point: 'report.sh',
    parameters: { count: { type: 'integer' }, loud: { type: 'boolean' }, origin: { type: 'string', position: 0 } },
  },
  'actions/report.sh': '#!/bin/bash\necho "$* in $ST2_ACTION_PACK_NAME"\n',
  'rules/on_announce.yaml': {
    name: 'on_announce',
    pack: 'rt',
    enabled: true,
    trigger: { type: 'rt.alert' },
    criteria: { 'trigger.kind': { type: 'equals', pattern: 'announced' } },
    action: { ref: 'rt.report', parameters: { count: '{{ trigger.n }}', loud: true, origin: '{{ trigger.from }}' } },
  },
  'rules/bad_render.yaml': {
    name: 'bad_render',
    pack: 'rt',
    enabled: true,
    trigger: { type: 'rt.alert' },
    criteria: { 'trigger.kind': { type: 'equals', pattern: 'render' } },
    action: { ref: 'rt.record', parameters: { message: '{{ trigger.text | no_such_filter }}' } },
  },
  'rules/bad_level.yaml': {
    name: 'bad_level',
    pack: 'rt',
    enabled: true,
    trigger: { type: 'rt.alert' },
    criteria: { 'trigger.kind': { type: 'equals', pattern: 'level' } },
    action: { ref: 'rt.record', parameters: { message: 'level', level: '{{ trigger.level }}' } },
  },
  'rules/alert_standard.yaml': {
    name: 'alert_standard',
    pack: 'rt',
    enabled: true,
    trigger: { type: 'rt.alert' },
    criteria: { 'trigger.severity': { type: 'equals', pattern: 'critical' } },
    action: { ref: 'rt.record', parameters: { message: 'standard' } },
  },
  'rules/alert_backstop.yaml': {
    name: 'alert_backstop',
    pack: 'rt',
    enabled: true,
    type: { ref: 'backstop' },
    trigger: { type: 'rt.alert' },
    action: { ref: 'rt.record', parameters: { message: 'backstop' } },
  },
};

const MATCHING = { level: 5, host: 'web1', items: [{ name: 'cpu', used: 99 }, { name: 'disk', used: 95 }] };

function executionsOf(app: App, instanceId: string) {
  return app.executions.list({ triggerInstance: instanceId });
}

describe('trigger → rule → action', () => {
  let packsDir: string;
  let t: TestApp;

  beforeAll(() => {
    packsDir = tempPacksDir({ rt: PACK });
  });
  afterEach(stopTestApps);
  afterAll(removeTempDirs);

  it('fires a rule whose criteria match, rendering the action parameters from the payload', async () => {
    t = await startTestApp({ packsDir });
    const { app } = t;
    expect(app.problems).toEqual([]);
    const instance = app.triggers.dispatch('rt.event', MATCHING);
    await app.idle();

    const [execution, ...more] = executionsOf(app, instance.id);
    expect(more).toEqual([]);
    expect(execution).toBeDefined();
    expect(execution!.action.ref).toBe('rt.record');
    expect(execution!.status).toBe('succeeded');
    // Rendered from the payload, and cast to the declared integer type.
    expect(execution!.parameters).toMatchObject({ message: 'web1 at 5', level: 5 });
    expect(execution!.context.rule?.ref).toBe('rt.on_event');
    expect(execution!.context.trigger_instance).toEqual({ id: instance.id, trigger: 'rt.event' });
    expect((execution!.result as { stdout: string }).stdout).toBe('web1 at 5|5');
    expect(app.triggers.get(instance.id)?.status).toBe('processed');
  });

  it.each([
    ['level too low (gt)', { ...MATCHING, level: 3 }],
    ['level too high (#2 key, lessthan)', { ...MATCHING, level: 10 }],
    ['host prefix (startswith)', { ...MATCHING, host: 'db1' }],
    ['host pattern (regex)', { ...MATCHING, host: 'web1x' }],
    ['no item matches every child (search any)', { ...MATCHING, items: [{ name: 'disk', used: 10 }, { name: 'cpu', used: 99 }] }],
  ])('creates no execution when a criterion fails: %s', async (_label, payload) => {
    t = await startTestApp({ packsDir });
    const instance = t.app.triggers.dispatch('rt.event', payload);
    await t.app.idle();
    expect(executionsOf(t.app, instance.id)).toEqual([]);
    expect(t.app.enforcer.list().filter((e) => e.trigger_instance_id === instance.id)).toEqual([]);
  });

  it('fires a backstop rule only when no standard rule matched', async () => {
    t = await startTestApp({ packsDir });
    const { app } = t;
    const critical = app.triggers.dispatch('rt.alert', { severity: 'critical' });
    const minor = app.triggers.dispatch('rt.alert', { severity: 'minor' });
    await app.idle();
    expect(executionsOf(app, critical.id).map((e) => [e.context.rule?.ref, e.parameters.message])).toEqual([['rt.alert_standard', 'standard']]);
    expect(executionsOf(app, minor.id).map((e) => [e.context.rule?.ref, e.parameters.message])).toEqual([['rt.alert_backstop', 'backstop']]);
  });

  it.each([
    ['its parameters cannot be rendered', { kind: 'render', text: 'x' }, 'rt.bad_render', /no_such_filter/],
    ['the action refuses the rendered parameters', { kind: 'level', level: 'high' }, 'rt.bad_level', /level must be an integer/],
  ])('records a failed enforcement when %s, and marks the instance processing_failed', async (_label, payload, rule, reason) => {
    t = await startTestApp({ packsDir });
    const instance = t.app.triggers.dispatch('rt.alert', payload);
    await t.app.idle();
    expect(executionsOf(t.app, instance.id)).toEqual([]);
    const enforcements = t.app.enforcer.list().filter((e) => e.trigger_instance_id === instance.id);
    expect(enforcements).toEqual([expect.objectContaining({ rule, failure_reason: expect.stringMatching(reason) })]);
    expect(enforcements[0]!.execution_id).toBeUndefined();
    expect(t.app.triggers.get(instance.id)?.status).toBe('processing_failed');
  });

  it('chains a nodejs action, the trigger it dispatches, and a script run by a rule', async () => {
    t = await startTestApp({ packsDir });
    const { app } = t;
    const announce = app.executor.request({ ref: 'rt.announce', parameters: { n: 21 } });
    await app.idle();
    expect(app.executions.get(announce.id)).toMatchObject({ status: 'succeeded', result: { doubled: 42 } });
    const [report, ...more] = app.executions.list({ action: 'rt.report' });
    expect(more).toEqual([]);
    expect(report).toMatchObject({ status: 'succeeded', parameters: { count: 21, loud: true, origin: announce.id } });
    expect((report!.result as { stdout: string }).stdout).toBe(`--count=21 --loud ${announce.id} in rt`);
    expect(app.executions.list({ action: 'rt.record' })).toEqual([]);
  });

  it('does nothing for a disabled rule, and the choice survives a restart', async () => {
    t = await startTestApp({ packsDir });
    expect(t.app.rules.setEnabled('rt.on_event', false).enabled).toBe(false);
    let instance = t.app.triggers.dispatch('rt.event', MATCHING);
    await t.app.idle();
    expect(executionsOf(t.app, instance.id)).toEqual([]);

    await t.restart();
    expect(t.app.rules.get('rt.on_event')?.enabled).toBe(false);
    instance = t.app.triggers.dispatch('rt.event', MATCHING);
    await t.app.idle();
    expect(executionsOf(t.app, instance.id)).toEqual([]);

    t.app.rules.setEnabled('rt.on_event', true);
    await t.restart();
    expect(t.app.rules.get('rt.on_event')?.enabled).toBe(true);
    instance = t.app.triggers.dispatch('rt.event', MATCHING);
    await t.app.idle();
    expect(executionsOf(t.app, instance.id).map((e) => e.status)).toEqual(['succeeded']);
  });

  it('refuses a payload that does not fit the trigger type, naming the field, and stores nothing', async () => {
    t = await startTestApp({ packsDir });
    const before = t.app.triggers.list().length;
    let caught: unknown;
    try {
      t.app.triggers.dispatch('rt.event', { level: 'high', host: 7 });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SquallError);
    const err = caught as SquallError;
    expect(err.code).toBe('TRIGGER_PAYLOAD_INVALID');
    expect(err.details.map((d) => d.field).sort()).toEqual(['payload.host', 'payload.level']);
    expect(() => t.app.triggers.dispatch('rt.event', { host: 'web1' })).toThrow(expect.objectContaining({ code: 'TRIGGER_PAYLOAD_INVALID', details: [expect.objectContaining({ field: 'payload.level' })] }));
    expect(() => t.app.triggers.dispatch('rt.nope', {})).toThrow(expect.objectContaining({ code: 'TRIGGER_TYPE_UNKNOWN' }));
    const notData = { level: 5, callback: () => 'x' } as unknown as Record<string, unknown>;
    expect(() => t.app.triggers.dispatch('rt.event', notData)).toThrow(expect.objectContaining({ code: 'TRIGGER_PAYLOAD_INVALID', details: [expect.objectContaining({ field: 'payload' })] }));
    await t.app.idle();
    expect(t.app.triggers.list().length).toBe(before);
    expect(t.app.executions.list()).toEqual([]);
  });
});
