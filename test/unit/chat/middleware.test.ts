import { describe, expect, it } from 'vitest';
import type { ChatEvent, OutgoingMessage } from '../../../src/chat/adapter.js';
import { runMiddleware, type ChatContext, type ChatMiddleware } from '../../../src/chat/middleware.js';
import { addressing, assignCorrelationId, authorize, ChatPermissions, ignoreBots, rateLimit, TokenBuckets } from '../../../src/chat/middleware/index.js';
import { ManualClock } from '../../../src/util/clock.js';
import { MemoryLogger } from '../../../src/util/logger.js';

function event(partial: Partial<ChatEvent> = {}): ChatEvent {
  return {
    platform: 'slack',
    kind: 'message',
    target: { platform: 'slack', channel: 'C1' },
    user: { id: 'U1' },
    text: '',
    receivedAt: 0,
    ...partial,
  };
}

function context(e: ChatEvent, state: Record<string, unknown> = {}): ChatContext & { replies: OutgoingMessage[] } {
  const replies: OutgoingMessage[] = [];
  return { event: e, logger: new MemoryLogger(), state, replies, reply: async (m) => void replies.push(m) };
}

/** Runs `middleware` and tells whether it called next. */
async function passes(middleware: ChatMiddleware, ctx: ChatContext): Promise<boolean> {
  let reached = false;
  await runMiddleware([middleware, async () => void (reached = true)], ctx);
  return reached;
}

describe('runMiddleware', () => {
  it('runs the chain as an onion, in order in and out', async () => {
    const trace: string[] = [];
    const mw = (name: string): ChatMiddleware => async (_ctx, next) => {
      trace.push(`${name}>`);
      await next();
      trace.push(`<${name}`);
    };
    await runMiddleware([mw('a'), mw('b'), mw('c')], context(event()));
    expect(trace).toEqual(['a>', 'b>', 'c>', '<c', '<b', '<a']);
  });

  it('stops where a middleware does not call next', async () => {
    const trace: string[] = [];
    await runMiddleware([async () => void trace.push('a'), async () => void trace.push('b')], context(event()));
    expect(trace).toEqual(['a']);
  });

  it('refuses a second next() from the same middleware, and the rest ran only once', async () => {
    let runs = 0;
    const twice: ChatMiddleware = async (_ctx, next) => {
      await next();
      await next();
    };
    await expect(runMiddleware([twice, async () => void runs++], context(event()))).rejects.toThrow(/called next\(\) more than once/);
    expect(runs).toBe(1);
  });
});

describe('addressing', () => {
  const mw = addressing({ prefix: '!', names: ['squall'] });
  const cases: [string, Partial<ChatEvent>, boolean, string][] = [
    ['prefix in a channel', { text: '!deploy app1' }, true, 'deploy app1'],
    ['prefix with spaces after it', { text: '  !  deploy app1 ' }, true, 'deploy app1'],
    ['plain channel chatter', { text: 'deploy app1' }, false, 'deploy app1'],
    ['the bot name with a colon', { text: 'squall: deploy app1' }, true, 'deploy app1'],
    ['the bot name with @, any case', { text: '@Squall deploy app1' }, true, 'deploy app1'],
    ['a word that only starts like the name', { text: 'squallish weather' }, false, 'squallish weather'],
    ['a platform mention in a plain message is someone else', { text: '<@U999> hi' }, false, '<@U999> hi'],
    ['mention event: the mention is stripped', { kind: 'mention', text: '<@U0BOT> deploy app1' }, true, 'deploy app1'],
    ['discord mention with !', { kind: 'mention', text: '<@!1234>   deploy' }, true, 'deploy'],
    ['slack mention with a label and colon', { kind: 'mention', text: '<@U0BOT|squall>: help' }, true, 'help'],
    ['DM without prefix', { kind: 'direct_message', text: 'deploy app1' }, true, 'deploy app1'],
    ['DM with the prefix anyway', { kind: 'direct_message', text: '!deploy app1' }, true, 'deploy app1'],
    ['slash command', { kind: 'slash_command', text: 'deploy app1' }, true, 'deploy app1'],
    ['reaction is never addressed', { kind: 'reaction', text: '', reaction: 'rocket' }, false, ''],
  ];
  it.each(cases)('%s', async (_name, partial, addressed, text) => {
    const ctx = context(event(partial));
    expect(await passes(mw, ctx)).toBe(true);
    expect(ctx.event.addressed).toBe(addressed);
    expect(ctx.event.text).toBe(text);
  });

  it('with no prefix configured, a channel message needs the name', async () => {
    const ctx = context(event({ text: '!deploy' }));
    await passes(addressing({ prefix: '', names: ['squall'] }), ctx);
    expect(ctx.event.addressed).toBe(false);
  });
});

describe('ignoreBots', () => {
  it('drops bot users and lets people through', async () => {
    expect(await passes(ignoreBots(), context(event({ user: { id: 'B1', isBot: true } })))).toBe(false);
    expect(await passes(ignoreBots(), context(event({ user: { id: 'U1' } })))).toBe(true);
  });
});

describe('assignCorrelationId', () => {
  it('assigns one when absent, keeps an adapter-given one, and puts it on the logger', async () => {
    const fresh = context(event());
    await passes(assignCorrelationId(() => 'c-1'), fresh);
    expect(fresh.event.correlationId).toBe('c-1');
    fresh.logger.info('x');
    expect((fresh.logger as MemoryLogger).records.at(-1)).toMatchObject({ correlation_id: 'c-1' });

    const given = context(event({ correlationId: 'from-adapter' }));
    await passes(assignCorrelationId(() => 'c-2'), given);
    expect(given.event.correlationId).toBe('from-adapter');
  });
});

describe('rateLimit', () => {
  it('lets a burst through, refuses the next with a wait time, and refills with the clock', async () => {
    const clock = new ManualClock();
    const mw = rateLimit({ clock, burst: 2, perMinute: 6 });
    const run = async (user = 'U1') => {
      const ctx = context(event({ addressed: true, user: { id: user } }));
      return { ok: await passes(mw, ctx), replies: ctx.replies };
    };
    expect((await run()).ok).toBe(true);
    expect((await run()).ok).toBe(true);
    const refused = await run();
    expect(refused.ok).toBe(false);
    expect(refused.replies[0]).toMatchObject({ ephemeral: true });
    expect(refused.replies[0]?.text).toMatch(/too fast; try again in 10 s/);
    // Another user has a bucket of their own.
    expect((await run('U2')).ok).toBe(true);
    clock.advance(10_000);
    expect((await run()).ok).toBe(true);
    expect((await run()).ok).toBe(false);
  });

  it('does not count chatter that does not address the bot', async () => {
    const mw = rateLimit({ clock: new ManualClock(), burst: 1, perMinute: 1 });
    for (let i = 0; i < 5; i++) expect(await passes(mw, context(event({ addressed: false })))).toBe(true);
  });

  it('burst 0 turns limiting off', async () => {
    const mw = rateLimit({ clock: new ManualClock(), burst: 0, perMinute: 1 });
    for (let i = 0; i < 5; i++) expect(await passes(mw, context(event({ addressed: true })))).toBe(true);
  });

  it('buckets never hold more than the burst', () => {
    const clock = new ManualClock();
    const buckets = new TokenBuckets({ clock, burst: 3, perMinute: 60 });
    clock.advance(3_600_000);
    expect([0, 1, 2, 3].map(() => buckets.take('k'))).toEqual([0, 0, 0, 1000]);
  });
});

describe('ChatPermissions and authorize', () => {
  const permissions = new ChatPermissions({
    roles: { ops: ['slack:U-OPS', 'discord:*'] },
    permissions: [
      { roles: ['ops'], allow: ['*'] },
      { users: ['slack:U-DEV'], allow: ['examples.*', 'core.noop'] },
      { users: ['*'], allow: ['core.echo'] },
    ],
  });
  const cases: [string, string, string, boolean][] = [
    ['slack', 'U-OPS', 'core.local', true],
    ['discord', 'anyone', 'packs.install', true],
    ['slack', 'U-DEV', 'examples.deploy', true],
    ['slack', 'U-DEV', 'core.noop', true],
    ['slack', 'U-DEV', 'core.local', false],
    ['slack', 'U-DEV', 'examplesX.deploy', false],
    ['console', 'alice', 'core.echo', true],
    ['console', 'alice', 'core.local', false],
  ];
  it.each(cases)('%s:%s may run %s → %s', (platform, id, ref, allowed) => {
    expect(permissions.allows(platform, { id }, ref)).toBe(allowed);
  });

  it('with no entries everyone may run everything', () => {
    const open = new ChatPermissions({});
    expect(open.restricted).toBe(false);
    expect(open.allows('slack', { id: 'anyone' }, 'core.local')).toBe(true);
  });

  it('authorize refuses with an ephemeral reply naming the action, and passes events without one', async () => {
    const mw = authorize(permissions, (ctx) => ctx.state.action as string | undefined);
    const denied = context(event({ user: { id: 'U-DEV' } }), { action: 'core.local' });
    expect(await passes(mw, denied)).toBe(false);
    expect(denied.replies).toEqual([{ text: 'You are not permitted to run core.local.', ephemeral: true, color: 'danger' }]);
    expect(await passes(mw, context(event({ user: { id: 'U-DEV' } }), { action: 'core.noop' }))).toBe(true);
    expect(await passes(mw, context(event({ user: { id: 'U-DEV' } })))).toBe(true);
  });
});
