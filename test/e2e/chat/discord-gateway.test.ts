import { afterEach, describe, expect, it } from 'vitest';
import { DiscordAdapter } from '../../../src/chat/discord/discord-adapter.js';
import { SquallError } from '../../../src/errors/index.js';
import { FakeDiscord, Op } from '../../helpers/fake-discord.js';
import { startDiscord, type DiscordHarness } from './discord-harness.js';

describe('Discord adapter: gateway connection (heartbeats, drops, resume, login)', () => {
  let h: DiscordHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('heartbeats on the interval from HELLO and stays connected', async () => {
    h = await startDiscord({}, { heartbeatMs: 100 });
    await h.fake.waitFor(() => h!.fake.gateway.count(Op.Heartbeat) >= 3);
    expect(h.fake.gateway.connections).toBe(1);
    expect(h.fake.gateway.count(Op.Identify)).toBe(1);
  });

  it('resumes after the gateway closes the socket (4000), replaying what it missed, and keeps receiving', async () => {
    h = await startDiscord();
    h.fake.sendMessage({ content: 'before' });
    await h.nextEvent();

    h.fake.gateway.drop(4000);
    // Sent while the socket is down: Discord keeps it for the session and replays it on RESUME.
    h.fake.sendMessage({ content: 'while down' });
    await h.fake.waitFor(() => h!.fake.gateway.count(Op.Resume) === 1, 10_000);
    const resume = h.fake.gateway.received.find((f) => f.op === Op.Resume)!.d as Record<string, unknown>;
    expect(resume).toMatchObject({ token: h.fake.token, session_id: 'session-1' });
    expect(Number(resume['seq'])).toBeGreaterThanOrEqual(3);
    expect((await h.nextEvent()).text).toBe('while down');

    h.fake.sendMessage({ content: 'after' });
    expect((await h.nextEvent()).text).toBe('after');
    expect(h.fake.gateway.connections).toBe(2);
    expect(h.fake.gateway.count(Op.Identify)).toBe(1);
    expect(h.logger.records.some((r) => r['msg'] === 'discord gateway resumed')).toBe(true);
  });

  it('resumes after the TCP connection dies without a close frame', async () => {
    h = await startDiscord();
    h.fake.gateway.drop();
    await h.fake.waitFor(() => h!.fake.gateway.count(Op.Resume) === 1, 10_000);
    h.fake.sendMessage({ content: '!ping' });
    expect((await h.nextEvent()).text).toBe('!ping');
  });

  it('reconnects when Discord asks it to (op 7) and still receives events and slash commands', async () => {
    h = await startDiscord();
    h.fake.gateway.requestReconnect();
    await h.fake.waitFor(() => h!.fake.gateway.count(Op.Resume) === 1 && h!.fake.gateway.connected, 10_000);
    h.fake.invokeSlash({ command: 'status' });
    expect(await h.nextEvent('slash_command')).toMatchObject({ text: 'status' });
    expect(h.fake.calls('POST', /\/callback$/)).toHaveLength(1);
  });

  it('closes the gateway connection on stop()', async () => {
    h = await startDiscord();
    expect(h.fake.gateway.connected).toBe(true);
    await h.adapter.stop();
    await h.fake.waitFor(() => !h!.fake.gateway.connected);
    await expect(h.adapter.send({ platform: 'discord', channel: h.fake.ids.general }, { text: 'x' })).rejects.toMatchObject({ code: 'CHAT_SEND_FAILED' });
  });

  it('fails start() with CHAT_CONNECT_FAILED for a token Discord refuses, without opening the gateway', async () => {
    const fake = await FakeDiscord.start();
    try {
      const adapter = new DiscordAdapter({ token: 'wrong.token', restApi: fake.restUrl });
      const err = await adapter.start(async () => {}).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SquallError);
      expect(err).toMatchObject({ code: 'CHAT_CONNECT_FAILED' });
      expect((err as Error).message).toContain('invalid token');
      expect(fake.calls('GET', /^\/gateway\/bot$/)[0]!.auth).toBe('Bot wrong.token');
      expect(fake.gateway.connections).toBe(0);
    } finally {
      await fake.close();
    }
  });

  it('opens one connection when start() is called twice at once', async () => {
    const fake = await FakeDiscord.start();
    const adapter = new DiscordAdapter({ token: fake.token, restApi: fake.restUrl });
    try {
      await Promise.all([adapter.start(async () => {}), adapter.start(async () => {})]);
      expect(fake.gateway.connections).toBe(1);
      expect(fake.gateway.count(Op.Identify)).toBe(1);
    } finally {
      await adapter.stop();
      await fake.close();
    }
  });

  it('rejects a missing token and an invalid slash command name at construction', () => {
    expect(() => new DiscordAdapter({ token: ' ' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => new DiscordAdapter({ token: 't', slashCommand: 'Deploy Now' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
