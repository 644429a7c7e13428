import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TriggerInstance } from '../../../src/model/index.js';
import { startTestApp, stopTestApps, type TestApp } from '../../helpers/app.js';
import { removeTempDirs, shellCmdAction, tempPacksDir } from '../../helpers/temp-pack.js';

const SECRET = 'kv-Secret-Value-5521';

const PACK = {
  'actions/first.yaml': shellCmdAction('first', 'echo one'),
  'actions/second.yaml': shellCmdAction('second', `printf '%s' "$1"`, { parameters: { previous: { type: 'string', required: true, position: 0 } } }),
  'actions/notified.yaml': {
    ...shellCmdAction('notified', 'echo hello'),
    notify: { 'on-success': { routes: ['r1'], message: 'done {{ action_results.stdout }}' }, 'on-failure': { routes: ['r2'] } },
  },
  'actions/deliver.yaml': shellCmdAction('deliver', 'true', {
    parameters: { route: { type: 'string' }, message: { type: 'string' }, execution: { type: 'string' } },
  }),
  'rules/chain.yaml': {
    name: 'chain',
    pack: 'nt',
    enabled: true,
    trigger: { type: 'core.st2.generic.actiontrigger' },
    criteria: { 'trigger.action_ref': { type: 'equals', pattern: 'nt.first' }, 'trigger.status': { type: 'equals', pattern: 'succeeded' } },
    action: { ref: 'nt.second', parameters: { previous: '{{ trigger.execution_id }}:{{ trigger.result.stdout }}' } },
  },
  // The next link is an action of the built-in core pack.
  'rules/chain_builtin.yaml': {
    name: 'chain_builtin',
    pack: 'nt',
    enabled: true,
    trigger: { type: 'core.st2.generic.actiontrigger' },
    criteria: { 'trigger.action_ref': { type: 'equals', pattern: 'nt.second' } },
    action: { ref: 'core.echo', parameters: { message: 'second said {{ trigger.result.stdout }}' } },
  },
  'rules/deliver_r1.yaml': {
    name: 'deliver_r1',
    pack: 'nt',
    enabled: true,
    trigger: { type: 'core.st2.generic.notifytrigger' },
    criteria: { 'trigger.route': { type: 'equals', pattern: 'r1' } },
    action: { ref: 'nt.deliver', parameters: { route: '{{ trigger.route }}', message: '{{ trigger.message }}', execution: '{{ trigger.execution_id }}' } },
  },
};

describe('notifications', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ packsDir: tempPacksDir({ nt: PACK }) });
  });
  afterAll(async () => {
    await stopTestApps();
    removeTempDirs();
  });

  const instancesOf = (prefix: string): TriggerInstance[] => t.app.triggers.list().filter((i) => i.trigger.startsWith(prefix));

  it('emits core.st2.generic.actiontrigger on completion, and a rule on it fires a second action', async () => {
    const first = t.app.executor.request({ ref: 'nt.first' });
    await t.app.idle();
    const fired = instancesOf('core.st2.generic.actiontrigger').find((i) => i.payload.execution_id === first.id);
    expect(fired?.payload).toMatchObject({ status: 'succeeded', action_ref: 'nt.first', action_name: 'first', runner_ref: 'local-shell-cmd', result: { stdout: 'one' } });
    const [second, ...more] = t.app.executions.list({ action: 'nt.second' });
    expect(more).toEqual([]);
    expect(second?.status).toBe('succeeded');
    expect(second!.parameters.previous).toBe(`${first.id}:one`);
    expect(second!.context.rule?.ref).toBe('nt.chain');
    expect(second!.context.trigger_instance?.id).toBe(fired!.id);
    const [echo] = t.app.executions.list({ action: 'core.echo' });
    expect(echo).toMatchObject({ status: 'succeeded', context: { rule: { ref: 'nt.chain_builtin' } }, result: { stdout: `second said ${first.id}:one` } });
  });

  it('emits core.st2.generic.notifytrigger per route with the rendered message; a rule on the route delivers it', async () => {
    const notified = t.app.executor.request({ ref: 'nt.notified' });
    await t.app.idle();
    const notes = instancesOf('core.st2.generic.notifytrigger').filter((i) => i.payload.execution_id === notified.id);
    expect(notes.map((n) => n.payload)).toEqual([
      expect.objectContaining({ route: 'r1', channel: 'r1', message: 'done hello', status: 'succeeded', action_ref: 'nt.notified' }),
    ]);
    const deliveries = t.app.executions.list({ action: 'nt.deliver' }).filter((e) => e.parameters.execution === notified.id);
    expect(deliveries.map((e) => e.parameters)).toEqual([expect.objectContaining({ route: 'r1', message: 'done hello' })]);
  });

  it('emits key-value change triggers with secret values masked', async () => {
    const before = new Set(t.app.triggers.list().map((i) => i.id));
    t.app.kv.set('plain', 'v1');
    t.app.kv.set('plain', 'v1');
    t.app.kv.set('plain', 'v2');
    t.app.kv.set('token', SECRET, { encrypt: true });
    t.app.kv.set('token', `${SECRET}-rotated`, { encrypt: true });
    t.app.kv.delete('token');
    await t.app.idle();
    const events = t.app.triggers.list().filter((i) => !before.has(i.id) && i.trigger.startsWith('core.st2.key_value_pair.'));
    expect(events.map((e) => [e.trigger.replace('core.st2.key_value_pair.', ''), (e.payload.object ?? e.payload.new_object) as { name: string }].map((x) => (typeof x === 'string' ? x : x.name)))).toEqual([
      ['create', 'plain'],
      ['update', 'plain'],
      ['update', 'plain'],
      ['value_change', 'plain'],
      ['create', 'token'],
      ['update', 'token'],
      ['value_change', 'token'],
      ['delete', 'token'],
    ]);
    const change = events.find((e) => e.trigger.endsWith('value_change') && (e.payload.new_object as { name: string }).name === 'plain');
    expect(change?.payload).toMatchObject({ old_object: { value: 'v1' }, new_object: { value: 'v2' } });
    const secretEvents = events.filter((e) => JSON.stringify(e.payload).includes('"token"'));
    expect(secretEvents).toHaveLength(4);
    for (const e of secretEvents) {
      const item = (e.payload.object ?? e.payload.new_object) as { value: string; secret: boolean };
      expect(item).toMatchObject({ value: '********', secret: true });
    }
    const stored = t.app.store.collection('kv').get('system:token');
    expect(stored).toBeUndefined();
    expect(JSON.stringify(events)).not.toContain(SECRET);
  });
});
