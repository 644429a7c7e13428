/**
 * Socket Mode: the real Bolt SocketModeReceiver against the fake's ws:// endpoint. Envelopes are
 * pushed down the socket and the app's ack frames read back; the socket is dropped mid-run and
 * the adapter must come back on its own.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatEvent } from '../../../src/chat/adapter.js';
import { SlackAdapter } from '../../../src/chat/slack/slack-adapter.js';
import { isSquallError } from '../../../src/errors/index.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { FakeSlack } from '../../helpers/fake-slack.js';
import { commandFields, eventEnvelope, slackTs, socketEnvelope } from '../../helpers/fake-slack-payloads.js';

const APP_TOKEN = 'xapp-1-fake-app-token';

describe('Slack adapter, Socket Mode', () => {
  let fake: FakeSlack;
  let adapter: SlackAdapter;
  const events: ChatEvent[] = [];
  const logs = new MemoryLogger();

  beforeAll(async () => {
    fake = await FakeSlack.start();
    // A short ping timeout keeps the reconnect delay (ping timeout × attempts) test-sized.
    adapter = new SlackAdapter({ botToken: fake.botToken, appToken: APP_TOKEN, apiUrl: fake.apiUrl, retries: 0, clientPingTimeoutMs: 200 }, { logger: logs });
    await adapter.start(async (e) => void events.push(e));
  });

  afterAll(async () => {
    await adapter.stop();
    await fake.close();
  });

  beforeEach(() => {
    events.length = 0;
  });

  it('connects with the app token and is ready after hello', () => {
    expect(adapter.options.mode).toBe('socket');
    expect(adapter.state).toBe('connected');
    expect(adapter.routes()).toEqual([]);
    const open = fake.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.token).toBe(APP_TOKEN);
    expect(fake.openSockets).toBe(1);
  });

  it('acks a slash command envelope with the in-channel payload and dispatches it', async () => {
    const envelope = socketEnvelope('slash_commands', commandFields('/squall', 'deploy api', { user: 'U0BOB', channel: 'C0OPS' }));
    const ack = await fake.sendEnvelope(envelope);
    expect(ack).toEqual({ envelope_id: envelope.envelope_id, payload: { response_type: 'in_channel' } });
    const e = await fake.waitFor(() => events[0]);
    expect(e).toMatchObject({ kind: 'slash_command', text: 'deploy api', user: { id: 'U0BOB' }, target: { channel: 'C0OPS', user: 'U0BOB' } });
  });

  it('acks events_api envelopes and drops a redelivery (retry_attempt 1) of the same event', async () => {
    const callback = eventEnvelope({ type: 'app_mention', user: 'U0ALICE', text: `<@${fake.botUserId}> status`, ts: slackTs(), channel: 'C0OPS' }, fake.botUserId);
    const first = socketEnvelope('events_api', callback);
    const again = socketEnvelope('events_api', callback, 1);
    expect(await fake.sendEnvelope(first)).toEqual({ envelope_id: first.envelope_id, payload: {} });
    expect(await fake.sendEnvelope(again)).toMatchObject({ envelope_id: again.envelope_id });
    await fake.waitFor(() => events[0]);
    await new Promise((r) => setTimeout(r, 50));
    expect(events.map((e) => e.text)).toEqual([`<@${fake.botUserId}> status`]);
  });

  it('reconnects after the socket drops and still receives events', async () => {
    fake.dropSockets();
    await fake.waitFor(() => fake.callsTo('apps.connections.open').length === 2 && fake.openSockets === 1, 5000);
    await fake.waitFor(() => adapter.state === 'connected');
    expect(fake.socketsOpened).toBe(2);
    const ts = slackTs();
    const envelope = socketEnvelope('events_api', eventEnvelope({ type: 'message', channel_type: 'channel', user: 'U0ALICE', text: 'after the drop', ts, channel: 'C0OPS' }, fake.botUserId));
    await fake.sendEnvelope(envelope);
    const e = await fake.waitFor(() => events[0]);
    expect(e).toMatchObject({ kind: 'message', text: 'after the drop', target: { channel: 'C0OPS', thread: ts } });
    expect(logs.records.some((r) => r.msg === 'slack socket dropped; reconnecting')).toBe(true);
  });
});

describe('Slack adapter, Socket Mode start failures', () => {
  it('reports a refused app token as CHAT_CONNECT_FAILED with Slack’s reason', async () => {
    const fake = await FakeSlack.start();
    try {
      // A bot token where the app token belongs is the classic mistake; options catch the prefix…
      expect(() => new SlackAdapter({ botToken: fake.botToken, appToken: fake.botToken, apiUrl: fake.apiUrl }, { logger: new MemoryLogger() })).toThrow(/appToken/);
      // …and Slack refuses a well-formed token it does not know.
      fake.failNext('apps.connections.open', { error: 'invalid_auth' });
      const adapter = new SlackAdapter({ botToken: fake.botToken, appToken: APP_TOKEN, apiUrl: fake.apiUrl, retries: 0 }, { logger: new MemoryLogger() });
      const err = await adapter.start(async () => {}).catch((e: unknown) => e);
      expect(isSquallError(err) && err.code).toBe('CHAT_CONNECT_FAILED');
      expect((err as Error).message).toContain('invalid_auth');
      await adapter.stop();
    } finally {
      await fake.close();
    }
  });
});
