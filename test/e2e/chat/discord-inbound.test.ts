import { afterEach, describe, expect, it } from 'vitest';
import { Intent, Op } from '../../helpers/fake-discord.js';
import { startDiscord, type DiscordHarness } from './discord-harness.js';

describe('Discord adapter: events in (real discord.js against a fake gateway on 127.0.0.1)', () => {
  let h: DiscordHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('identifies with every intent it needs, including the privileged MessageContent and GuildMembers', async () => {
    h = await startDiscord();
    const identify = h.fake.gateway.received.find((f) => f.op === Op.Identify);
    const intents = Number((identify?.d as { intents: number }).intents);
    for (const [name, bit] of Object.entries(Intent)) expect(intents & bit, name).toBe(bit);
    expect((identify?.d as { token: string }).token).toBe(h.fake.token);
    expect(h.logger.records.some((r) => r['msg'] === 'discord connected' && r['guilds'] === 1)).toBe(true);
  });

  it('delivers a prefixed channel message as kind message, targeted as a reply to it', async () => {
    h = await startDiscord();
    const id = h.fake.sendMessage({ content: '!deploy app1' });
    const event = await h.nextEvent();
    expect(event).toMatchObject({
      platform: 'discord',
      kind: 'message',
      text: '!deploy app1',
      messageId: id,
      user: { id: h.fake.ids.alice, name: 'alice' },
      target: { platform: 'discord', channel: h.fake.ids.general, thread: id, user: h.fake.ids.alice },
      reply: { guildId: h.fake.ids.guild },
    });
    expect(event.user.isBot).toBeUndefined();
    expect(event.receivedAt).toBeGreaterThan(0);
  });

  it('delivers a mention of the bot as kind mention, without the leading mention', async () => {
    h = await startDiscord();
    h.fake.sendMessage({ content: `<@${h.fake.ids.bot}> run uptime on web1` });
    expect(await h.nextEvent()).toMatchObject({ kind: 'mention', text: 'run uptime on web1' });
    // The nickname form and a mention later in the text count too; only a leading one is removed.
    h.fake.sendMessage({ content: `hey <@!${h.fake.ids.bot}> status` });
    expect(await h.nextEvent()).toMatchObject({ kind: 'mention', text: `hey <@!${h.fake.ids.bot}> status` });
  });

  it('delivers a DM as kind direct_message targeted at the DM channel', async () => {
    h = await startDiscord();
    const id = h.fake.sendMessage({ content: 'help', dm: true });
    const event = await h.nextEvent();
    expect(event).toMatchObject({ kind: 'direct_message', text: 'help', target: { channel: h.fake.ids.aliceDm, thread: id } });
    expect(event.reply?.['guildId']).toBeUndefined();
  });

  it('targets the thread itself for a message written in a thread', async () => {
    h = await startDiscord();
    h.fake.sendMessage({ content: '!status', channelId: h.fake.ids.thread });
    expect((await h.nextEvent()).target).toEqual({ platform: 'discord', channel: h.fake.ids.thread, thread: h.fake.ids.thread, user: h.fake.ids.alice });
  });

  it('ignores its own messages, other bots, webhooks and system notices; includeBots lets other bots through', async () => {
    h = await startDiscord();
    const otherBot = h.fake.addUser('alertbot', { bot: true });
    h.fake.sendMessage({ content: '!echo me', author: h.fake.ids.bot });
    h.fake.sendMessage({ content: '!echo alert', author: otherBot });
    h.fake.sendMessage({ content: 'pinned a message', type: 6 });
    h.fake.sendMessage({ content: '!after' });
    expect((await h.nextEvent()).text).toBe('!after');
    expect(h.events.map((e) => e.text)).toEqual(['!after']);
    await h.close();

    h = await startDiscord({ includeBots: true });
    const bot2 = h.fake.addUser('alertbot', { bot: true });
    h.fake.sendMessage({ content: '!echo me', author: h.fake.ids.bot });
    h.fake.sendMessage({ content: 'disk full on web1', author: bot2 });
    expect(await h.nextEvent()).toMatchObject({ text: 'disk full on web1', user: { id: bot2, isBot: true } });
    expect(h.events).toHaveLength(1);
  });

  it('acknowledges the slash command with a deferred reply before dispatching it', async () => {
    h = await startDiscord();
    const sent = performance.now();
    const { id, token } = h.fake.invokeSlash({ command: '  deploy app1 ' });
    const event = await h.nextEvent('slash_command');
    const callbacks = h.fake.calls('POST', new RegExp(`^/interactions/${id}/${token}/callback$`));
    expect(callbacks).toHaveLength(1);
    expect(callbacks[0]!.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(callbacks[0]!.auth).toBeUndefined();
    expect(callbacks[0]!.at - sent).toBeLessThan(3000);
    expect(event).toMatchObject({
      kind: 'slash_command',
      text: 'deploy app1',
      messageId: id,
      target: { channel: h.fake.ids.general, thread: `interaction:${id}`, user: h.fake.ids.alice },
      reply: { interactionId: id, token, applicationId: h.fake.ids.application, commandName: 'squall' },
    });
  });

  it('answers only its own command name; a slash command without text gives empty text', async () => {
    h = await startDiscord({ slashCommand: 'ops' });
    h.fake.invokeSlash({ name: 'squall', command: 'nope' });
    const { id } = h.fake.invokeSlash({ name: 'ops', dm: true });
    const event = await h.nextEvent('slash_command');
    expect(event).toMatchObject({ text: '', messageId: id, target: { channel: h.fake.ids.aliceDm } });
    expect(h.fake.calls('POST', /\/callback$/)).toHaveLength(1);
    expect(h.events).toHaveLength(1);
  });

  it('registers the slash command on start when the application id is set', async () => {
    h = await startDiscord({ applicationId: '123456789012345678' });
    const puts = h.fake.calls('PUT', /^\/applications\/123456789012345678\/commands$/);
    expect(puts).toHaveLength(1);
    expect(puts[0]!.auth).toBe(`Bot ${h.fake.token}`);
    expect(puts[0]!.body).toEqual([
      expect.objectContaining({ name: 'squall', type: 1, options: [expect.objectContaining({ name: 'command', type: 3, required: false })] }),
    ]);
  });

  it('does not register a command without an application id', async () => {
    h = await startDiscord();
    expect(h.fake.calls('PUT', /commands/)).toHaveLength(0);
  });

  it('delivers reactions (with the emoji) and member joins (targeted at the system channel)', async () => {
    h = await startDiscord();
    const messageId = h.fake.sendMessage({ content: 'deploy done' });
    await h.nextEvent('message');
    h.fake.addReaction({ messageId, emoji: '👍' });
    expect(await h.nextEvent('reaction')).toMatchObject({
      reaction: '👍',
      messageId,
      text: 'deploy done',
      user: { id: h.fake.ids.alice },
      target: { channel: h.fake.ids.general, thread: messageId },
    });
    // A reaction on a message the client never saw (not cached) still arrives.
    h.fake.addReaction({ messageId: '1234567890123456789', emoji: 'eyes' });
    expect(await h.nextEvent('reaction')).toMatchObject({ reaction: 'eyes', messageId: '1234567890123456789', text: '' });
    h.fake.addReaction({ messageId, emoji: '🤖', user: h.fake.ids.bot });

    const joined = h.fake.memberJoin('bob');
    expect(await h.nextEvent('member_joined')).toMatchObject({ user: { id: joined, name: 'bob' }, target: { channel: h.fake.ids.general, user: joined } });
    expect(h.events.filter((e) => e.kind === 'reaction')).toHaveLength(2);
  });

  it('keeps delivering when dispatch throws, and logs the failure', async () => {
    h = await startDiscord();
    const original = h.events.push.bind(h.events);
    let calls = 0;
    h.events.push = (...items) => {
      if (calls++ === 0) throw new Error('boom');
      return original(...items);
    };
    h.fake.sendMessage({ content: 'first' });
    h.fake.sendMessage({ content: 'second' });
    expect((await h.nextEvent()).text).toBe('second');
    expect(h.logger.records.find((r) => r['msg'] === 'chat dispatch failed')).toMatchObject({ error: 'boom', kind: 'message' });
  });
});
