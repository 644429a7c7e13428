/**
 * The whole bot on Slack: a fake Slack delivers what a person typed, the real @slack/bolt adapter
 * hands it to the Bot (middleware, alias match), the `deploy {{ app }}` alias runs a real shell
 * action, and the ack and the result come back through the Web API into the command's thread.
 * HTTP events go through Squall's own HTTP server (signature checked there); Socket Mode must
 * survive a dropped socket. One engine for the file; each transport gets its own bot in turn.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningChat } from '../../../src/chat/start-chat.js';
import { SlackAdapter } from '../../../src/chat/slack/slack-adapter.js';
import { waitFor } from '../../helpers/app.js';
import { DEPLOY_ACK, DEPLOY_RESULT, nextChatExecution, slackVisibleText, startBotApp, type BotApp } from '../../helpers/chat-bot.js';
import { FakeSlack, type ApiCall } from '../../helpers/fake-slack.js';
import { commandFields, eventEnvelope, postCommand, postEvent, postSigned, slackTs, socketEnvelope } from '../../helpers/fake-slack-payloads.js';
import { removeTempDirs } from '../../helpers/temp-pack.js';

const SECRET = 'fake-signing-secret';
const APP_TOKEN = 'xapp-1-fake-app-token';

let bot: BotApp;

beforeAll(async () => {
  bot = await startBotApp();
});

afterAll(async () => {
  await bot.stop();
  removeTempDirs();
});

/** Posts to `channel` (in `thread`, if given) recorded after the first `from` calls. */
function postsIn(fake: FakeSlack, channel: string, thread: string | undefined, from = 0): ApiCall[] {
  return fake.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && c.args.channel === channel && c.args.thread_ts === thread);
}

/** A channel message event as Slack sends it; its ts starts the thread replies go to. */
function channelMessage(fake: FakeSlack, text: string, user: string, channel = 'C0OPS'): { envelope: Record<string, unknown>; ts: string } {
  const ts = slackTs();
  return { ts, envelope: eventEnvelope({ type: 'message', channel_type: 'channel', user, text, ts, channel }, fake.botUserId) };
}

describe('Slack bot over HTTP events on the Squall HTTP server', () => {
  let fake: FakeSlack;
  let chat: RunningChat;
  let eventsUrl: string;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    const adapter = new SlackAdapter({ botToken: fake.botToken, signingSecret: SECRET, apiUrl: fake.apiUrl, retries: 0 }, { logger: bot.logs });
    const server = await bot.serve(adapter.routes());
    eventsUrl = `${server.url}/slack/events`;
    chat = await bot.startChat([adapter]);
  });

  afterAll(async () => {
    await chat.stop();
    await fake.close();
  });

  it('runs "!deploy web" from a channel: ack, then the formatted result, both in the command’s thread', async () => {
    const before = bot.chatExecutions().length;
    const { envelope, ts } = channelMessage(fake, '!deploy web', 'U0ALICE');
    expect((await postEvent(eventsUrl, envelope, { secret: SECRET })).status).toBe(200);

    const execution = await nextChatExecution(bot, before);
    expect(execution).toMatchObject({ status: 'succeeded', action: { ref: 'ops.deploy' }, parameters: { app: 'web' } });
    expect(execution.context).toMatchObject({ source: 'chat', action_alias_ref: 'ops.deploy', api_user: 'U0ALICE', chat: { platform: 'slack', channel: 'C0OPS', thread: ts } });

    const [ack, result] = await fake.waitFor(() => (postsIn(fake, 'C0OPS', ts).length >= 2 ? postsIn(fake, 'C0OPS', ts) : undefined), 5000);
    expect(slackVisibleText(ack!)).toContain(DEPLOY_ACK('web'));
    expect(slackVisibleText(result!)).toContain(DEPLOY_RESULT('web'));
    expect(ack!.token).toBe(fake.botToken);
    await chat.idle();
    // Nothing went to the channel outside the thread.
    expect(postsIn(fake, 'C0OPS', undefined)).toHaveLength(0);
  });

  it('answers a mention inside an existing thread in that thread', async () => {
    const before = bot.chatExecutions().length;
    const parent = slackTs();
    const envelope = eventEnvelope({ type: 'app_mention', user: 'U0BOB', text: `<@${fake.botUserId}> deploy api`, ts: slackTs(), thread_ts: parent, channel: 'C0OPS' }, fake.botUserId);
    expect((await postEvent(eventsUrl, envelope, { secret: SECRET })).status).toBe(200);
    await nextChatExecution(bot, before);
    const posts = await fake.waitFor(() => (postsIn(fake, 'C0OPS', parent).length >= 2 ? postsIn(fake, 'C0OPS', parent) : undefined), 5000);
    expect(posts.map(slackVisibleText)).toEqual([expect.stringContaining(DEPLOY_ACK('api')), expect.stringContaining(DEPLOY_RESULT('api'))]);
  });

  it('runs the slash command "/squall deploy db" and answers in its channel', async () => {
    const before = bot.chatExecutions().length;
    const from = fake.calls.length;
    const res = await postCommand(eventsUrl, commandFields('/squall', 'deploy db', { user: 'U0CAROL', channel: 'C0DEPLOY' }), { secret: SECRET });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ response_type: 'in_channel' });
    const execution = await nextChatExecution(bot, before);
    expect(execution.parameters).toMatchObject({ app: 'db' });
    const posts = await fake.waitFor(() => (postsIn(fake, 'C0DEPLOY', undefined, from).length >= 2 ? postsIn(fake, 'C0DEPLOY', undefined, from) : undefined), 5000);
    expect(posts.map(slackVisibleText)).toEqual([expect.stringContaining(DEPLOY_ACK('db')), expect.stringContaining(DEPLOY_RESULT('db'))]);
  });

  it('tells the user about an unknown command, privately, with the closest command, and runs nothing', async () => {
    const before = bot.chatExecutions().length;
    const { envelope, ts } = channelMessage(fake, '!depoly web', 'U0DAVE');
    expect((await postEvent(eventsUrl, envelope, { secret: SECRET })).status).toBe(200);
    const reply = await fake.waitFor(() => fake.callsTo('chat.postEphemeral').find((c) => c.args.thread_ts === ts), 5000);
    expect(reply.args).toMatchObject({ channel: 'C0OPS', user: 'U0DAVE' });
    const text = slackVisibleText(reply);
    expect(text).toContain("Sorry, I don't know that command.");
    expect(text).toMatch(/Did you mean:\s+!deploy \{\{ ?app ?\}\}/);
    expect(text).toContain('Type "!help" to see the commands.');
    await bot.app.idle();
    expect(bot.chatExecutions()).toHaveLength(before);
    expect(postsIn(fake, 'C0OPS', ts)).toHaveLength(0);
  });

  it('refuses a command with a bad signature (401): nothing runs and nothing is posted', async () => {
    const before = bot.chatExecutions().length;
    const from = fake.calls.length;
    const { envelope, ts } = channelMessage(fake, '!deploy evil', 'U0EVE');
    const forged = await postEvent(eventsUrl, envelope, { secret: 'not-the-signing-secret' });
    const body = new URLSearchParams(commandFields('/squall', 'deploy evil', { user: 'U0EVE' })).toString();
    const forgedCommand = await postSigned(eventsUrl, body, 'application/x-www-form-urlencoded', { secret: 'not-the-signing-secret' });
    expect([forged.status, forgedCommand.status]).toEqual([401, 401]);
    // Long enough for a command that got through to have started and acked.
    await new Promise((r) => setTimeout(r, 300));
    await bot.app.idle();
    expect(bot.chatExecutions()).toHaveLength(before);
    expect(bot.app.executions.list().filter((e) => JSON.stringify(e.parameters).includes('evil'))).toEqual([]);
    expect(fake.calls.slice(from).filter((c) => c.method.startsWith('chat.'))).toEqual([]);
    expect(postsIn(fake, 'C0OPS', ts)).toHaveLength(0);
  });
});

describe('Slack bot over Socket Mode', () => {
  let fake: FakeSlack;
  let adapter: SlackAdapter;
  let chat: RunningChat;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    // A short ping timeout keeps the reconnect delay test-sized.
    adapter = new SlackAdapter({ botToken: fake.botToken, appToken: APP_TOKEN, apiUrl: fake.apiUrl, retries: 0, clientPingTimeoutMs: 200 }, { logger: bot.logs });
    chat = await bot.startChat([adapter]);
  });

  afterAll(async () => {
    await chat.stop();
    await fake.close();
  });

  async function deployOverSocket(app: string, user: string): Promise<void> {
    const before = bot.chatExecutions().length;
    const { envelope, ts } = channelMessage(fake, `!deploy ${app}`, user);
    const socket = socketEnvelope('events_api', envelope);
    expect(await fake.sendEnvelope(socket)).toEqual({ envelope_id: socket.envelope_id, payload: {} });
    const execution = await nextChatExecution(bot, before);
    expect(execution).toMatchObject({ status: 'succeeded', parameters: { app }, context: { chat: { platform: 'slack', channel: 'C0OPS', thread: ts } } });
    const posts = await fake.waitFor(() => (postsIn(fake, 'C0OPS', ts).length >= 2 ? postsIn(fake, 'C0OPS', ts) : undefined), 5000);
    expect(posts.map(slackVisibleText)).toEqual([expect.stringContaining(DEPLOY_ACK(app)), expect.stringContaining(DEPLOY_RESULT(app))]);
  }

  it('runs a command delivered over the socket, answering in its thread', async () => {
    expect(adapter.state).toBe('connected');
    await deployOverSocket('web', 'U0ALICE');
  });

  it('reconnects after the socket drops, and the next command still runs end to end', async () => {
    fake.dropSockets();
    await waitFor(() => fake.socketsOpened === 2 && fake.openSockets === 1 && adapter.state === 'connected', 'the socket to reconnect', 10_000);
    expect(fake.callsTo('apps.connections.open')).toHaveLength(2);
    await deployOverSocket('after-drop', 'U0BOB');
    expect(bot.logs.records.some((r) => r.msg === 'slack socket dropped; reconnecting')).toBe(true);
  });
});
