/**
 * HTTP Events mode: the real Bolt App behind Squall's own HttpServer, Slack's deliveries signed
 * the way Slack signs them, the Web API served by the fake.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpServer } from '../../../src/api/http-server.js';
import type { ChatEvent } from '../../../src/chat/adapter.js';
import { SlackAdapter } from '../../../src/chat/slack/slack-adapter.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { FakeSlack } from '../../helpers/fake-slack.js';
import { commandFields, eventEnvelope, postCommand, postEvent, postSigned, slackSignature, slackTs } from '../../helpers/fake-slack-payloads.js';

const SECRET = 'fake-signing-secret';

describe('Slack adapter, HTTP events on the Squall HTTP server', () => {
  let fake: FakeSlack;
  let adapter: SlackAdapter;
  let server: HttpServer;
  let eventsUrl: string;
  const events: ChatEvent[] = [];
  const logs = new MemoryLogger();

  beforeAll(async () => {
    fake = await FakeSlack.start();
    adapter = new SlackAdapter({ botToken: fake.botToken, signingSecret: SECRET, apiUrl: fake.apiUrl, retries: 0 }, { logger: logs });
    server = new HttpServer({ routes: adapter.routes(), apiKey: 'api-key-not-used-by-slack', logger: logs });
    const port = await server.listen('127.0.0.1', 0);
    eventsUrl = `http://127.0.0.1:${port}/slack/events`;
    await adapter.start(async (e) => void events.push(e));
  });

  afterAll(async () => {
    await adapter.stop();
    await server.close();
    await fake.close();
  });

  beforeEach(() => {
    events.length = 0;
  });

  const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 50));

  it('learns who the bot is from auth.test at start', () => {
    expect(fake.callsTo('auth.test')).toHaveLength(1);
    expect(fake.callsTo('auth.test')[0]!.token).toBe(fake.botToken);
    expect(adapter.options.mode).toBe('http');
  });

  it('answers url_verification with the challenge (signed, like every request)', async () => {
    const res = await postEvent(eventsUrl, { token: 't', challenge: 'ch4llenge', type: 'url_verification' }, { secret: SECRET });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ challenge: 'ch4llenge' });
  });

  it('turns the slash command into a ChatEvent with text, user and channel, and acks in channel', async () => {
    const res = await postCommand(eventsUrl, commandFields('/squall', 'run date &amp;&amp; echo &lt;ok&gt;', { user: 'U0BOB', channel: 'C0OPS' }), { secret: SECRET });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ response_type: 'in_channel' });
    const e = await fake.waitFor(() => events[0]);
    expect(e).toMatchObject({ platform: 'slack', kind: 'slash_command', text: 'run date && echo <ok>', user: { id: 'U0BOB', name: 'alice' } });
    expect(e.target).toEqual({ platform: 'slack', channel: 'C0OPS', user: 'U0BOB' });
    expect(e.reply).toMatchObject({ command: '/squall' });
  });

  it('refuses a slash command for another command name with an ephemeral hint, no dispatch', async () => {
    const res = await postCommand(eventsUrl, commandFields('/deploy', 'x'), { secret: SECRET });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ response_type: 'ephemeral' });
    await settle();
    expect(events).toHaveLength(0);
  });

  it('maps an app_mention in a thread to that thread and drops the duplicate message event', async () => {
    const parent = slackTs();
    const ts = slackTs();
    const text = `<@${fake.botUserId}> deploy <https://example.com|example.com> to <#C0PROD|prod>`;
    const mention = eventEnvelope({ type: 'app_mention', user: 'U0ALICE', text, ts, thread_ts: parent, channel: 'C0OPS' }, fake.botUserId);
    const message = eventEnvelope({ type: 'message', channel_type: 'channel', user: 'U0ALICE', text, ts, thread_ts: parent, channel: 'C0OPS' }, fake.botUserId);
    expect((await postEvent(eventsUrl, mention, { secret: SECRET })).status).toBe(200);
    expect((await postEvent(eventsUrl, message, { secret: SECRET })).status).toBe(200);
    const e = await fake.waitFor(() => events[0]);
    await settle();
    expect(events).toHaveLength(1);
    expect(e).toMatchObject({ kind: 'mention', text: `<@${fake.botUserId}> deploy example.com to #prod`, messageId: ts, user: { id: 'U0ALICE' } });
    expect(e.target).toEqual({ platform: 'slack', channel: 'C0OPS', thread: parent, user: 'U0ALICE' });
  });

  it('maps channel messages (thread = own ts) and DMs (inline), and ignores the bot and edits', async () => {
    const ts = slackTs();
    await postEvent(eventsUrl, eventEnvelope({ type: 'message', channel_type: 'channel', user: 'U0ALICE', text: '!status', ts, channel: 'C0OPS' }, fake.botUserId), { secret: SECRET });
    await postEvent(eventsUrl, eventEnvelope({ type: 'message', channel_type: 'im', user: 'U0ALICE', text: 'help', ts: slackTs(), channel: 'D0ALICE' }, fake.botUserId), { secret: SECRET });
    await postEvent(eventsUrl, eventEnvelope({ type: 'message', channel_type: 'channel', user: fake.botUserId, bot_id: fake.botId, text: 'my own reply', ts: slackTs(), channel: 'C0OPS' }, fake.botUserId), { secret: SECRET });
    await postEvent(eventsUrl, eventEnvelope({ type: 'message', subtype: 'message_changed', channel_type: 'channel', ts: slackTs(), channel: 'C0OPS' }, fake.botUserId), { secret: SECRET });
    await fake.waitFor(() => events.length >= 2);
    await settle();
    expect(events.map((e) => e.kind)).toEqual(['message', 'direct_message']);
    expect(events[0]!.target).toEqual({ platform: 'slack', channel: 'C0OPS', thread: ts, user: 'U0ALICE' });
    expect(events[1]!.target).toEqual({ platform: 'slack', channel: 'D0ALICE', user: 'U0ALICE' });
    expect(events[1]!.text).toBe('help');
  });

  it('maps reaction_added and member_joined_channel', async () => {
    const ts = slackTs();
    await postEvent(eventsUrl, eventEnvelope({ type: 'reaction_added', user: 'U0BOB', reaction: 'white_check_mark', item: { type: 'message', channel: 'C0OPS', ts }, item_user: 'U0ALICE' }, fake.botUserId), { secret: SECRET });
    await postEvent(eventsUrl, eventEnvelope({ type: 'member_joined_channel', user: 'U0NEW', channel: 'C0OPS', channel_type: 'C', team: 'T0FAKE' }, fake.botUserId), { secret: SECRET });
    await fake.waitFor(() => events.length >= 2);
    const reaction = events.find((e) => e.kind === 'reaction')!;
    expect(reaction).toMatchObject({ reaction: 'white_check_mark', messageId: ts, user: { id: 'U0BOB' }, target: { channel: 'C0OPS', thread: ts } });
    expect(events.find((e) => e.kind === 'member_joined')).toMatchObject({ user: { id: 'U0NEW' }, target: { channel: 'C0OPS' } });
  });

  it('refuses a bad signature, a stale timestamp and missing headers with 401, and dispatches nothing', async () => {
    const body = new URLSearchParams(commandFields('/squall', 'help')).toString();
    const form = 'application/x-www-form-urlencoded';
    const wrong = await postSigned(eventsUrl, body, form, { secret: 'not-the-secret' });
    const stale = await postSigned(eventsUrl, body, form, { secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    const future = await postSigned(eventsUrl, body, form, { secret: SECRET, timestamp: Math.floor(Date.now() / 1000) + 6 * 60 });
    const bare = await fetch(eventsUrl, { method: 'POST', headers: { 'content-type': form }, body });
    expect([wrong.status, stale.status, future.status, bare.status]).toEqual([401, 401, 401, 401]);
    // A signature over other bytes than those sent is as bad as a wrong secret.
    const ts = Math.floor(Date.now() / 1000);
    const tampered = await postSigned(eventsUrl, body.replace('help', 'rm'), form, { secret: SECRET, timestamp: ts, headers: { 'x-slack-signature': slackSignature(SECRET, ts, body) } });
    expect(tampered.status).toBe(401);
    await settle();
    expect(events).toHaveLength(0);
    expect(logs.records.some((r) => r.msg === 'slack request refused')).toBe(true);
  });

  it('dispatches a redelivered event (X-Slack-Retry-Num) only once', async () => {
    const envelope = eventEnvelope({ type: 'app_mention', user: 'U0ALICE', text: `<@${fake.botUserId}> ping`, ts: slackTs(), channel: 'C0OPS' }, fake.botUserId);
    const first = await postEvent(eventsUrl, envelope, { secret: SECRET });
    const retry = await postEvent(eventsUrl, envelope, { secret: SECRET, headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect([first.status, retry.status]).toEqual([200, 200]);
    await fake.waitFor(() => events[0]);
    await settle();
    expect(events).toHaveLength(1);
    expect(logs.records.some((r) => r.msg === 'slack redelivery dropped' && r.retryNum === 1)).toBe(true);
  });
  it('answers through the slash command response_url where the bot is not a channel member', async () => {
    fake.notJoined.add('C0PRIVATE');
    const fields = commandFields('/squall', 'status', { channel: 'C0PRIVATE', responseUrl: fake.responseUrl('cmd-private') });
    expect((await postCommand(eventsUrl, fields, { secret: SECRET })).status).toBe(200);
    const e = await fake.waitFor(() => events[0]);
    await adapter.send(e.target, { text: 'all green' });
    expect(fake.callsTo('chat.postMessage').at(-1)!.args.channel).toBe('C0PRIVATE');
    const posted = fake.responses.find((r) => r.id === 'cmd-private');
    expect(posted?.body).toMatchObject({ response_type: 'in_channel', text: 'all green' });
  });
});
