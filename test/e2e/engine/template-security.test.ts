import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, stopTestApps, type TestApp } from '../../helpers/app.js';
import { removeTempDirs, sensorFiles, shellCmdAction, tempPacksDir } from '../../helpers/temp-pack.js';

/**
 * Templates in data (payloads, chat input) are never rendered: only operator-written values are.
 * The secret below would leak if a payload string were treated as a template anywhere on the way.
 */
const SECRET = 's3cr3t-Value-91';
const PROBE = '{{ st2kv.system.secret | decrypt_kv }}';

const PACK = {
  ...sensorFiles('Hook', [{ name: 'message', payload_schema: { type: 'object', properties: { text: { type: 'string' } } } }]),
  // `echoed` is a default that refers to `message`: the message is inserted as data, not re-rendered.
  'actions/say.yaml': shellCmdAction('say', `printf '%s' "$1"`, {
    parameters: { message: { type: 'string', required: true, position: 0 }, echoed: { type: 'string', default: 'got {{ message }}', position: 1 } },
  }),
  // An action whose output is a template, reported through notify and delivered by a rule.
  'actions/leak.yaml': {
    ...shellCmdAction('leak', `printf '%s' "$1"`, { parameters: { text: { type: 'string', required: true, position: 0 } } }),
    notify: { 'on-success': { routes: ['sec_route'], message: 'out: {{ action_results.stdout }}' } },
  },
  'rules/deliver.yaml': {
    name: 'deliver',
    pack: 'sec',
    enabled: true,
    trigger: { type: 'core.st2.generic.notifytrigger' },
    criteria: { 'trigger.route': { type: 'equals', pattern: 'sec_route' } },
    action: { ref: 'sec.say', parameters: { message: '{{ trigger.message }}' } },
  },
  'rules/relay.yaml': {
    name: 'relay',
    pack: 'sec',
    enabled: true,
    trigger: { type: 'sec.message' },
    action: { ref: 'sec.say', parameters: { message: 'said: {{ trigger.text }}' } },
  },
};

describe('templates in untrusted data stay literal', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ packsDir: tempPacksDir({ sec: PACK }) });
    t.app.kv.set('secret', SECRET, { encrypt: true });
  });
  afterAll(async () => {
    await stopTestApps();
    removeTempDirs();
  });
  afterEach(() => t.app.idle());

  it('a payload string passed into an action parameter by a rule is never rendered', async () => {
    const instance = t.app.triggers.dispatch('sec.message', { text: PROBE });
    await t.app.idle();
    const [execution] = t.app.executions.list({ triggerInstance: instance.id });
    expect(execution?.status).toBe('succeeded');
    expect(execution!.parameters.message).toBe(`said: ${PROBE}`);
    expect(execution!.parameters.echoed).toBe(`got said: ${PROBE}`);
    expect((execution!.result as { stdout: string }).stdout).toBe(`said: ${PROBE}`);
    expect(JSON.stringify(execution)).not.toContain(SECRET);
  });

  it('a chat-like request (trustedTemplates: false) keeps templates literal', async () => {
    const requested = t.app.executor.request({ ref: 'sec.say', parameters: { message: PROBE }, trustedTemplates: false, context: { source: 'chat', api_user: 'alice' } });
    const execution = await t.app.executor.wait(requested.id);
    expect(execution.status).toBe('succeeded');
    expect(execution.parameters).toMatchObject({ message: PROBE, echoed: `got ${PROBE}` });
    expect((execution.result as { stdout: string }).stdout).toBe(PROBE);
    expect(JSON.stringify(execution)).not.toContain(SECRET);
  });

  it('a request that defaults to untrusted keeps templates literal too', async () => {
    const execution = await t.app.executor.wait(t.app.executor.request({ ref: 'sec.say', parameters: { message: PROBE } }).id);
    expect(execution.parameters.message).toBe(PROBE);
  });

  it('action output carried through notify and a rule stays literal', async () => {
    const leak = t.app.executor.request({ ref: 'sec.leak', parameters: { text: PROBE } });
    await t.app.idle();
    const note = t.app.triggers.list().find((i) => i.trigger === 'core.st2.generic.notifytrigger' && i.payload.execution_id === leak.id);
    expect(note?.payload.message).toBe(`out: ${PROBE}`);
    const [delivered] = t.app.executions.list({ triggerInstance: note!.id });
    expect(delivered?.status).toBe('succeeded');
    expect(delivered!.parameters.message).toBe(`out: ${PROBE}`);
    expect((delivered!.result as { stdout: string }).stdout).toBe(`out: ${PROBE}`);
    expect(JSON.stringify(t.app.executions.list())).not.toContain(SECRET);
  });

  it('an operator request (trustedTemplates: true, as the CLI sends) renders st2kv', async () => {
    const requested = t.app.executor.request({ ref: 'sec.say', parameters: { message: PROBE }, trustedTemplates: true, context: { source: 'cli' } });
    const execution = await t.app.executor.wait(requested.id);
    expect(execution.status).toBe('succeeded');
    expect(execution.parameters.message).toBe(SECRET);
    expect((execution.result as { stdout: string }).stdout).toBe(SECRET);
  });
});
