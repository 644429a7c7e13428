/**
 * The whole bot on Discord: a fake gateway delivers what a person typed, the real discord.js
 * adapter hands it to the Bot (middleware, alias match), the `deploy {{ app }}` alias runs a real
 * shell action, and the ack and the result come back over REST as replies to the command (or in
 * its thread, or on the slash command's interaction). The gateway is dropped mid-file and the
 * next command must still run end to end. One engine and one bot for the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordAdapter } from '../../../src/chat/discord/discord-adapter.js';
import type { RunningChat } from '../../../src/chat/start-chat.js';
import { waitFor } from '../../helpers/app.js';
import { DEPLOY_ACK, DEPLOY_RESULT, discordVisibleText, nextChatExecution, startBotApp, type BotApp } from '../../helpers/chat-bot.js';
import { FakeDiscord, Op, type RecordedRequest } from '../../helpers/fake-discord.js';
import { removeTempDirs } from '../../helpers/temp-pack.js';

let bot: BotApp;
let fake: FakeDiscord;
let chat: RunningChat;

beforeAll(async () => {
  bot = await startBotApp();
  fake = await FakeDiscord.start();
  chat = await bot.startChat([new DiscordAdapter({ token: fake.token, restApi: fake.restUrl, logger: bot.logs })]);
});

afterAll(async () => {
  await chat?.stop();
  await fake?.close();
  await bot?.stop();
  removeTempDirs();
});

/** Bot messages posted to `channel` as replies to message `replyTo` (or with no reference when undefined). */
function repliesIn(channel: string, replyTo: string | undefined): RecordedRequest[] {
  return fake.calls('POST', new RegExp(`^/channels/${channel}/messages$`)).filter((r) => {
    const ref = r.body?.['message_reference'] as { message_id?: string } | undefined;
    return ref?.message_id === replyTo;
  });
}

/** Waits until `probe` has at least `n` requests, and returns them. */
function atLeast(n: number, probe: () => RecordedRequest[]): Promise<RecordedRequest[]> {
  return fake.waitFor(() => {
    const found = probe();
    return found.length >= n ? found : undefined;
  });
}

/** A user types `!deploy <app>` in the general channel; checks the execution, the ack and the result replies. */
async function deployInChannel(app: string, user?: string): Promise<void> {
  const before = bot.chatExecutions().length;
  const messageId = fake.sendMessage({ content: `!deploy ${app}`, ...(user ? { author: user } : {}) });
  const execution = await nextChatExecution(bot, before);
  expect(execution).toMatchObject({ status: 'succeeded', action: { ref: 'ops.deploy' }, parameters: { app } });
  expect(execution.context).toMatchObject({ source: 'chat', action_alias_ref: 'ops.deploy', chat: { platform: 'discord', channel: fake.ids.general, thread: messageId } });
  const replies = await atLeast(2, () => repliesIn(fake.ids.general, messageId));
  expect(replies.map(discordVisibleText)).toEqual([expect.stringContaining(DEPLOY_ACK(app)), expect.stringContaining(DEPLOY_RESULT(app))]);
  expect(replies.every((r) => r.auth === `Bot ${fake.token}`)).toBe(true);
}

describe('Discord bot end to end (real discord.js against a fake gateway and REST)', () => {
  it('runs "!deploy web": ack, then the formatted result, both as replies to the command', async () => {
    await deployInChannel('web');
    await chat.idle();
    expect(repliesIn(fake.ids.general, undefined)).toHaveLength(0);
  });

  it('answers a command written in a thread inside that thread', async () => {
    const before = bot.chatExecutions().length;
    fake.sendMessage({ content: '!deploy api', channelId: fake.ids.thread });
    await nextChatExecution(bot, before);
    const posts = await atLeast(2, () => fake.calls('POST', new RegExp(`^/channels/${fake.ids.thread}/messages$`)));
    expect(posts.map(discordVisibleText)).toEqual([expect.stringContaining(DEPLOY_ACK('api')), expect.stringContaining(DEPLOY_RESULT('api'))]);
  });

  it('runs the slash command "/squall deploy db": deferred, the ack replaces the placeholder, the result follows up', async () => {
    const before = bot.chatExecutions().length;
    const { id, token } = fake.invokeSlash({ command: 'deploy db' });
    const execution = await nextChatExecution(bot, before);
    expect(execution.parameters).toMatchObject({ app: 'db' });
    expect(execution.context.chat).toMatchObject({ platform: 'discord', channel: fake.ids.general, thread: `interaction:${id}` });
    expect(fake.calls('POST', new RegExp(`^/interactions/${id}/${token}/callback$`))).toHaveLength(1);
    const app = fake.ids.application;
    const [edit] = await atLeast(1, () => fake.calls('PATCH', new RegExp(`^/webhooks/${app}/${token}/messages/@original$`)));
    const [followUp] = await atLeast(1, () => fake.calls('POST', new RegExp(`^/webhooks/${app}/${token}$`)));
    expect(discordVisibleText(edit!)).toContain(DEPLOY_ACK('db'));
    expect(discordVisibleText(followUp!)).toContain(DEPLOY_RESULT('db'));
  });

  it('answers an unknown command with the closest command, and runs nothing', async () => {
    const before = bot.chatExecutions().length;
    const user = fake.addUser('dave');
    const messageId = fake.sendMessage({ content: '!depoly web', author: user });
    const [reply] = await atLeast(1, () => repliesIn(fake.ids.general, messageId));
    const text = discordVisibleText(reply!);
    expect(text).toContain("Sorry, I don't know that command.");
    expect(text).toMatch(/Did you mean:\s+!deploy \{\{ ?app ?\}\}/);
    expect(text).toContain('Type "!help" to see the commands.');
    await bot.app.idle();
    expect(bot.chatExecutions()).toHaveLength(before);
  });

  it('resumes after the gateway connection dies: a command typed meanwhile runs, and so does the next one', async () => {
    const connections = fake.gateway.connections;
    const before = bot.chatExecutions().length;
    fake.gateway.drop();
    // Typed while the socket is down: Discord keeps it for the session and replays it on RESUME.
    const missed = fake.sendMessage({ content: '!deploy while-down', author: fake.addUser('erin') });
    await waitFor(() => fake.gateway.count(Op.Resume) === 1 && fake.gateway.connected, 'the gateway session to resume', 10_000);
    expect(fake.gateway.connections).toBe(connections + 1);
    expect(await nextChatExecution(bot, before)).toMatchObject({ status: 'succeeded', parameters: { app: 'while-down' } });
    const replies = await atLeast(2, () => repliesIn(fake.ids.general, missed));
    expect(replies.map(discordVisibleText)).toEqual([expect.stringContaining(DEPLOY_ACK('while-down')), expect.stringContaining(DEPLOY_RESULT('while-down'))]);

    await deployInChannel('after-drop', fake.addUser('frank'));
    expect(bot.logs.records.some((r) => r.msg === 'discord gateway resumed')).toBe(true);
  });
});
