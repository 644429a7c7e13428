/**
 * Slack and Discord at once, on one engine and one bot, as `squall start` runs them when both are
 * configured: Slack over HTTP events on Squall's HTTP server, Discord over its gateway. A command
 * from each platform gets its ack and result on that platform only, in its own thread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordAdapter } from '../../../src/chat/discord/discord-adapter.js';
import { SlackAdapter } from '../../../src/chat/slack/slack-adapter.js';
import type { RunningChat } from '../../../src/chat/start-chat.js';
import { waitFor } from '../../helpers/app.js';
import { DEPLOY_ACK, DEPLOY_RESULT, discordVisibleText, slackVisibleText, startBotApp, type BotApp } from '../../helpers/chat-bot.js';
import { FakeDiscord } from '../../helpers/fake-discord.js';
import { FakeSlack } from '../../helpers/fake-slack.js';
import { eventEnvelope, postEvent, slackTs } from '../../helpers/fake-slack-payloads.js';
import { removeTempDirs } from '../../helpers/temp-pack.js';

const SECRET = 'fake-signing-secret';

let bot: BotApp;
let slack: FakeSlack;
let discord: FakeDiscord;
let chat: RunningChat;
let eventsUrl: string;

beforeAll(async () => {
  bot = await startBotApp();
  [slack, discord] = await Promise.all([FakeSlack.start(), FakeDiscord.start()]);
  const slackAdapter = new SlackAdapter({ botToken: slack.botToken, signingSecret: SECRET, apiUrl: slack.apiUrl, retries: 0 }, { logger: bot.logs });
  const discordAdapter = new DiscordAdapter({ token: discord.token, restApi: discord.restUrl, logger: bot.logs });
  eventsUrl = `${(await bot.serve(slackAdapter.routes())).url}/slack/events`;
  chat = await bot.startChat([slackAdapter, discordAdapter]);
});

afterAll(async () => {
  await chat?.stop();
  await Promise.all([slack?.close(), discord?.close()]);
  await bot?.stop();
  removeTempDirs();
});

describe('Slack and Discord adapters in one bot', () => {
  it('runs both platforms', () => {
    expect(chat.bot.platforms.sort()).toEqual(['discord', 'slack']);
    expect(discord.gateway.connected).toBe(true);
    expect(slack.callsTo('auth.test')).toHaveLength(1);
  });

  it('answers a Slack command on Slack and a Discord command on Discord, each in its own thread', async () => {
    const ts = slackTs();
    const slackCommand = eventEnvelope({ type: 'message', channel_type: 'channel', user: 'U0ALICE', text: '!deploy from-slack', ts, channel: 'C0OPS' }, slack.botUserId);
    // Both at once: the results must not cross over, whichever finishes first.
    const [res, discordMessage] = await Promise.all([
      postEvent(eventsUrl, slackCommand, { secret: SECRET }),
      Promise.resolve(discord.sendMessage({ content: '!deploy from-discord' })),
    ]);
    expect(res.status).toBe(200);

    const slackPosts = await waitFor(() => {
      const posts = slack.callsTo('chat.postMessage');
      return posts.length >= 2 ? posts : undefined;
    }, 'the Slack ack and result', 10_000);
    const discordPosts = await waitFor(() => {
      const posts = discord.calls('POST', /^\/channels\/\d+\/messages$/);
      return posts.length >= 2 ? posts : undefined;
    }, 'the Discord ack and result', 10_000);
    await bot.app.idle();
    await chat.idle();

    const executions = bot.chatExecutions();
    expect(executions.map((e) => [e.context.chat?.platform, e.parameters.app, e.status]).sort()).toEqual([
      ['discord', 'from-discord', 'succeeded'],
      ['slack', 'from-slack', 'succeeded'],
    ]);

    // Slack got exactly its own command's ack and result, in the thread of the command.
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2);
    expect(slackPosts.map((p) => [p.args.channel, p.args.thread_ts])).toEqual([['C0OPS', ts], ['C0OPS', ts]]);
    expect(slackPosts.map(slackVisibleText)).toEqual([expect.stringContaining(DEPLOY_ACK('from-slack')), expect.stringContaining(DEPLOY_RESULT('from-slack'))]);

    // Discord likewise, as replies to its command message.
    expect(discord.calls('POST', /^\/channels\/\d+\/messages$/)).toHaveLength(2);
    expect(discordPosts.map((p) => (p.body?.['message_reference'] as { message_id?: string } | undefined)?.message_id)).toEqual([discordMessage, discordMessage]);
    expect(discordPosts.map(discordVisibleText)).toEqual([expect.stringContaining(DEPLOY_ACK('from-discord')), expect.stringContaining(DEPLOY_RESULT('from-discord'))]);

    // No trace of either command on the other platform.
    expect(slack.calls.some((c) => JSON.stringify(c.args).includes('from-discord'))).toBe(false);
    expect(discord.requests.some((r) => JSON.stringify(r.body ?? {}).includes('from-slack'))).toBe(false);
  });
});
