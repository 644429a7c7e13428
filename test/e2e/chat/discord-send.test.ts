import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiscordAdapter } from '../../../src/chat/discord/discord-adapter.js';
import { SquallError } from '../../../src/errors/index.js';
import { startDiscord, type DiscordHarness } from './discord-harness.js';

describe('Discord adapter: send() through discord.js REST to the fake', () => {
  let h: DiscordHarness;
  beforeEach(async () => {
    h = await startDiscord();
  });
  afterEach(async () => {
    await h.close();
  });

  it('replies to the message with an embed: title, code block, fields, colour; pings nobody else', async () => {
    const messageId = h.fake.sendMessage({ content: '!run uptime' });
    const event = await h.nextEvent();
    const sent = await h.adapter.send(event.target, {
      text: 'core.local succeeded',
      title: 'Execution 42',
      code: ' 10:00 up 3 days\n',
      fields: [{ name: 'status', value: 'succeeded', short: true }, { name: 'took', value: '0.2 s' }],
      color: 'good',
    });
    const [post] = h.fake.calls('POST', new RegExp(`^/channels/${h.fake.ids.general}/messages$`));
    expect(post!.auth).toBe(`Bot ${h.fake.token}`);
    expect(post!.body).toEqual({
      content: 'core.local succeeded',
      embeds: [
        {
          title: 'Execution 42',
          color: 0x2eb886,
          description: '```\n 10:00 up 3 days\n```',
          fields: [{ name: 'status', value: 'succeeded', inline: true }, { name: 'took', value: '0.2 s' }],
        },
      ],
      allowed_mentions: { parse: [], replied_user: true },
      message_reference: { message_id: messageId, fail_if_not_exists: false },
    });
    expect(sent.id).toMatch(/^\d+$/);
  });

  it('posts in the thread when the message came from a thread, without a reference', async () => {
    h.fake.sendMessage({ content: '!status', channelId: h.fake.ids.thread });
    const event = await h.nextEvent();
    await h.adapter.send(event.target, { text: 'all green' });
    const [post] = h.fake.calls('POST', new RegExp(`^/channels/${h.fake.ids.thread}/messages$`));
    expect(post!.body).toEqual({ content: 'all green', allowed_mentions: { parse: [], replied_user: true } });
    // A target naming the thread under its parent channel goes to the thread as well.
    await h.adapter.send({ platform: 'discord', channel: h.fake.ids.general, thread: h.fake.ids.thread }, { text: 'again' });
    expect(h.fake.calls('POST', new RegExp(`^/channels/${h.fake.ids.thread}/messages$`))).toHaveLength(2);
    expect(h.fake.calls('POST', new RegExp(`^/channels/${h.fake.ids.general}/messages$`))).toHaveLength(0);
  });

  it('answers a slash command by editing the deferred reply, then with follow-ups (ephemeral: flag 64)', async () => {
    const { id, token } = h.fake.invokeSlash({ command: 'deploy app1' });
    const event = await h.nextEvent('slash_command');
    const ack = await h.adapter.send(event.target, { text: 'Got it, execution 7' });
    await h.adapter.send(event.target, { text: 'done', title: 'Result' });
    await h.adapter.send(event.target, { text: 'only you see this', ephemeral: true });

    const app = h.fake.ids.application;
    const edits = h.fake.calls('PATCH', new RegExp(`^/webhooks/${app}/${token}/messages/@original$`));
    expect(edits).toHaveLength(1);
    expect(edits[0]!.body).toMatchObject({ content: 'Got it, execution 7' });
    expect(edits[0]!.auth).toBeUndefined();
    expect(ack.id).toMatch(/^\d+$/);
    const followUps = h.fake.calls('POST', new RegExp(`^/webhooks/${app}/${token}$`));
    expect(followUps.map((r) => r.body?.['flags'])).toEqual([undefined, 64]);
    expect(followUps.map((r) => r.query.get('wait'))).toEqual(['true', 'true']);
    expect(followUps[0]!.body).toMatchObject({ content: 'done', embeds: [{ title: 'Result' }] });
    expect(h.fake.calls('POST', /^\/channels\//)).toHaveLength(0);
    expect(id).toBe(event.messageId);
  });

  it('sends an ephemeral first answer as an ephemeral follow-up and removes the public placeholder', async () => {
    const { token } = h.fake.invokeSlash({ command: 'secret' });
    const event = await h.nextEvent('slash_command');
    await h.adapter.send(event.target, { text: 'You may not run that', ephemeral: true });
    const app = h.fake.ids.application;
    expect(h.fake.calls('POST', new RegExp(`^/webhooks/${app}/${token}$`)).map((r) => r.body?.['flags'])).toEqual([64]);
    expect(h.fake.calls('DELETE', new RegExp(`^/webhooks/${app}/${token}/messages/@original$`))).toHaveLength(1);
    expect(h.fake.calls('PATCH', /@original/)).toHaveLength(0);
  });

  it('falls back to the channel for an interaction it no longer knows (expired or restarted)', async () => {
    await h.adapter.send({ platform: 'discord', channel: h.fake.ids.general, thread: 'interaction:999' }, { text: 'late result' });
    const [post] = h.fake.calls('POST', new RegExp(`^/channels/${h.fake.ids.general}/messages$`));
    expect(post!.body).toEqual({ content: 'late result', allowed_mentions: { parse: [], replied_user: true } });
  });

  it('splits long text into messages of at most 2000 characters, in order, replying with the first', async () => {
    const messageId = h.fake.sendMessage({ content: '!logs' });
    const event = await h.nextEvent();
    const lines = Array.from({ length: 250 }, (_, i) => `line ${String(i).padStart(3, '0')} of the log output`);
    const text = lines.join('\n');
    await h.adapter.send(event.target, { text });
    const posts = h.fake.calls('POST', /\/messages$/);
    expect(posts.length).toBeGreaterThanOrEqual(4);
    for (const p of posts) expect(String(p.body?.['content']).length).toBeLessThanOrEqual(2000);
    expect(posts.map((p) => p.body?.['content']).join('')).toBe(text);
    expect(posts[0]!.body?.['message_reference']).toEqual({ message_id: messageId, fail_if_not_exists: false });
    expect(posts.slice(1).every((p) => p.body?.['message_reference'] === undefined)).toBe(true);
  });

  it('uploads output too long for an embed as a file (multipart), and the attachment the bot gives', async () => {
    const code = Array.from({ length: 600 }, (_, i) => `${i}: ${'x'.repeat(20)}`).join('\n');
    await h.adapter.send({ platform: 'discord', channel: h.fake.ids.general }, { text: 'big output', code });
    const [post] = h.fake.calls('POST', /\/messages$/);
    expect(post!.files).toEqual([{ field: 'files[0]', name: 'output.txt', content: code }]);
    expect(post!.body?.['attachments']).toEqual([{ id: 0, filename: 'output.txt' }]);
    expect(String((post!.body?.['embeds'] as { description: string }[])[0]!.description)).toContain('attached');

    await h.adapter.send({ platform: 'discord', channel: h.fake.ids.general }, { text: 'see file', attachment: { name: 'output-abc.txt', content: 'full\noutput\n' } });
    const second = h.fake.calls('POST', /\/messages$/)[1]!;
    expect(second.files).toEqual([{ field: 'files[0]', name: 'output-abc.txt', content: 'full\noutput\n' }]);
    expect(second.body?.['content']).toBe('see file');
  });

  it('waits out a 429 (Retry-After) and then succeeds, logging the rate limit', async () => {
    h.fake.rateLimitOnce('POST', /^\/channels\/\d+\/messages$/, 1);
    const started = performance.now();
    const sent = await h.adapter.send({ platform: 'discord', channel: h.fake.ids.general }, { text: 'after the limit' });
    const posts = h.fake.calls('POST', /\/messages$/);
    expect(posts).toHaveLength(2);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(900);
    expect(posts[1]!.body?.['content']).toBe('after the limit');
    expect(sent.id).toMatch(/^\d+$/);
    expect(performance.now() - started).toBeLessThan(5000);
    const warning = h.logger.records.find((r) => r['msg'] === 'discord rate limited');
    expect(warning).toMatchObject({ method: 'POST', global: false, scope: 'user' });
    expect(Number(warning!['retryAfterMs'])).toBeGreaterThanOrEqual(1000);
  });

  it('reports a channel Discord does not know as CHAT_TARGET_INVALID', async () => {
    const err = await h.adapter.send({ platform: 'discord', channel: '42' }, { text: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SquallError);
    expect(err).toMatchObject({ code: 'CHAT_TARGET_INVALID' });
    expect((err as Error).message).toContain('Unknown Channel');
  });

  it('refuses to send before start', async () => {
    const idle = new DiscordAdapter({ token: 'x' });
    await expect(idle.send({ platform: 'discord', channel: '1' }, { text: 'x' })).rejects.toMatchObject({ code: 'CHAT_SEND_FAILED' });
  });
});
