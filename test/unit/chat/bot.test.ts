/**
 * The whole bot on the real engine: `bot.inject()` and a fake adapter that records what is sent.
 * Commands match real aliases from a pack on disk, run real actions, and their results come back
 * through the ChatNotifier.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Bot } from '../../../src/bot.js';
import { startChat, type RunningChat } from '../../../src/chat/start-chat.js';
import type { App } from '../../../src/app.js';
import { ManualClock } from '../../../src/util/clock.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { startTestApp, stopTestApps, waitFor, type TestApp } from '../../helpers/app.js';
import { removeTempDirs, shellCmdAction, tempPacksDir } from '../../helpers/temp-pack.js';
import { FakeAdapter } from './fake-adapter.js';

const alias = (name: string, action_ref: string, formats: unknown[], more: Record<string, unknown> = {}) => ({ name, pack: 'demo', action_ref, formats, ...more });

const PACK = {
  'actions/lines.yaml': shellCmdAction('lines', 'seq 1 "$1"', { parameters: { count: { type: 'integer', required: true, position: 0 } } }),
  'actions/wait.yaml': shellCmdAction('wait', 'true', { parameters: { seconds: { type: 'integer', required: true } } }),
  'actions/login.yaml': shellCmdAction('login', 'true', { parameters: { user: { type: 'string' }, password: { type: 'string', secret: true } } }),
  'actions/backup.yaml': shellCmdAction('backup', 'echo backed up', { notify: { 'on-complete': { routes: ['chat:fake:C-ALERTS'], message: 'Backup finished: {{ action_results.stdout }}' } } }),
  'aliases/say.yaml': alias('say', 'core.echo', ['say {{message}}'], { description: 'Echo a message back' }),
  'aliases/lines.yaml': alias('lines', 'demo.lines', ['lines {{count}}'], { description: 'Print numbered lines' }),
  'aliases/wait.yaml': alias('wait', 'demo.wait', ['wait {{seconds}}'], { description: 'Wait a while' }),
  'aliases/login.yaml': alias('login', 'demo.login', ['login {{user}} {{password}}'], {
    ack: { format: 'Logging in {{ execution.parameters.user }} with {{ execution.parameters.password }}', append_url: false },
  }),
  'aliases/deploy.yaml': alias('deploy', 'core.echo', [{ display: 'deploy <app>', representation: ['deploy {{message}}'] }], {
    description: 'Deploy an app',
    ack: { format: 'Deploying {{ execution.parameters.message }}...', append_url: false },
    result: { format: 'Deployed: {{ execution.result.stdout }}' },
  }),
  'rules/on_rocket.yaml': {
    name: 'on_rocket',
    pack: 'demo',
    enabled: true,
    trigger: { type: 'chatops.reaction' },
    criteria: { 'trigger.reaction': { type: 'equals', pattern: 'rocket' } },
    action: { ref: 'core.echo', parameters: { message: 'reaction by {{ trigger.user }} on {{ trigger.message_id }}' } },
  },
};

let test: TestApp;
let app: App;
let adapter: FakeAdapter;
let chat: RunningChat;
const logs = new MemoryLogger();
let userSeq = 0;
/** A fresh user per test keeps the default rate limit out of the way. */
const nextUser = () => `U${++userSeq}`;

beforeAll(async () => {
  test = await startTestApp({ packsDir: tempPacksDir({ demo: PACK }), logger: logs });
  app = test.app;
  expect(app.problems).toEqual([]);
  adapter = new FakeAdapter('fake');
  chat = await startChat(app, [adapter]);
});

afterAll(async () => {
  await chat.stop();
  await stopTestApps();
  removeTempDirs();
});

afterEach(async () => {
  await app.idle();
  await chat.idle();
});

async function settle(): Promise<void> {
  await app.idle();
  await chat.idle();
}

describe('help', () => {
  it('lists every command with its description, with the prefix in channels', async () => {
    const r = await chat.bot.inject({ text: '!help', user: { id: nextUser() } });
    expect(r.replies).toHaveLength(1);
    const help = r.replies[0]!;
    expect(help.ephemeral).toBe(true);
    expect(help.title).toBe('Commands (5)');
    expect(help.text).toContain('!say {{message}} - Echo a message back');
    expect(help.text).toContain('!deploy <app> - Deploy an app');
    expect(help.correlationId).toBe(r.correlationId);
  });

  it('help <query> lists only the matching commands, and DMs show no prefix', async () => {
    const r = await chat.bot.inject({ kind: 'direct_message', text: 'help numbered', user: { id: nextUser() } });
    expect(r.replies[0]?.title).toBe('Commands matching "numbered" (1)');
    expect(r.replies[0]?.text).toBe('lines {{count}} - Print numbered lines');
    const none = await chat.bot.inject({ text: '!help nothing-like-this', user: { id: nextUser() } });
    expect(none.replies[0]?.text).toMatch(/^No command matches "nothing-like-this"/);
  });
});

describe('commands', () => {
  it('acks at once, then posts the result in the same thread, both with the correlation id', async () => {
    const r = await chat.bot.inject({ text: '!say hello world', user: { id: nextUser() }, target: { channel: 'C1', thread: 'T-say' } });
    expect(r.executions).toHaveLength(1);
    const execution = r.executions[0]!;
    expect(r.replies).toEqual([{ text: `I'll take it from here! Your execution ID for reference is ${execution.id}.\nDetails: squall execution get ${execution.id}`, correlationId: r.correlationId }]);
    await settle();
    const thread = adapter.inThread('T-say');
    expect(thread).toHaveLength(2);
    expect(thread[1]).toMatchObject({ title: 'core.echo succeeded', code: 'hello world', color: 'good', correlationId: r.correlationId });
    expect(adapter.sent.filter((s) => s.target.thread === 'T-say').every((s) => s.target.channel === 'C1' && s.target.platform === 'fake')).toBe(true);

    // The execution records where it came from.
    const stored = app.executions.get(execution.id)!;
    expect(stored.context).toMatchObject({ source: 'chat', action_alias_ref: 'demo.say', chat: { platform: 'fake', channel: 'C1', thread: 'T-say' }, trace_tag: r.correlationId });
    // Logs carry the correlation id from the message to the posted result.
    const mine = logs.records.filter((l) => l.correlation_id === r.correlationId).map((l) => l.msg);
    expect(mine).toEqual(expect.arrayContaining(['chat command started an execution', 'chat result posted']));
  });

  it('uses the alias ack and result templates', async () => {
    const r = await chat.bot.inject({ text: '!deploy web', user: { id: nextUser() }, target: { thread: 'T-deploy' } });
    expect(r.replies[0]?.text).toBe('Deploying web...');
    await settle();
    expect(adapter.inThread('T-deploy').map((m) => m.text)).toEqual(['Deploying web...', 'Deployed: web']);
  });

  it('an unknown command gets suggestions, only for its author, and is a chatops.message trigger', async () => {
    const user = nextUser();
    const r = await chat.bot.inject({ text: '!deplyo web', user: { id: user } });
    expect(r.executions).toEqual([]);
    expect(r.replies).toHaveLength(1);
    expect(r.replies[0]).toMatchObject({ ephemeral: true });
    expect(r.replies[0]?.text).toContain("I don't know that command");
    expect(r.replies[0]?.text).toContain('Did you mean:\n  !deploy <app>');
    await settle();
    const instance = app.triggers.list().find((i) => i.trigger === 'chatops.message' && (i.payload as { user: string }).user === user);
    expect(instance?.payload).toMatchObject({ platform: 'fake', text: 'deplyo web', addressed: true });
  });

  it('bad parameters name the field', async () => {
    const r = await chat.bot.inject({ text: '!wait soon', user: { id: nextUser() } });
    expect(r.executions).toEqual([]);
    expect(r.replies[0]?.ephemeral).toBe(true);
    expect(r.replies[0]?.text).toMatch(/seconds/);
    expect(r.replies[0]?.text).toMatch(/integer/);
  });

  it('long output is split over several messages in the thread, nothing cut', async () => {
    const small = new FakeAdapter('small', { textLength: 500, attachments: false });
    const chat2 = await startChat(app, [small]);
    try {
      const r = await chat2.bot.inject({ text: '!lines 400', user: { id: nextUser() }, target: { thread: 'T-long' } });
      expect(r.executions).toHaveLength(1);
      await settle();
      await chat2.idle();
      const thread = small.inThread('T-long');
      expect(thread.length).toBeGreaterThan(3);
      const expected = Array.from({ length: 400 }, (_, i) => String(i + 1)).join('\n');
      expect(thread.map((m) => m.code ?? '').join('')).toBe(expected);
      expect(thread.at(-1)?.text).toMatch(/^Output, part (\d+) of \1$/);
    } finally {
      await chat2.stop();
    }
  });

  it('template text typed in chat stays literal: no key is read, no secret is posted', async () => {
    app.kv.set('x', 'the-real-secret', { encrypt: true });
    const literal = '{{ st2kv.system.x | decrypt_kv }}';
    const r = await chat.bot.inject({ text: `!say ${literal}`, user: { id: nextUser() }, target: { thread: 'T-kv' } });
    expect(r.executions[0]?.parameters.message).toBe(literal);
    await settle();
    const result = adapter.inThread('T-kv')[1];
    expect(result?.code).toBe(literal);
    expect(JSON.stringify(adapter.sent)).not.toContain('the-real-secret');
  });

  it('secret parameters are masked in the ack and never posted', async () => {
    const r = await chat.bot.inject({ text: '!login bob hunter2', user: { id: nextUser() }, target: { thread: 'T-login' } });
    expect(r.replies[0]?.text).toBe('Logging in bob with ********');
    await settle();
    expect(adapter.inThread('T-login')).toHaveLength(2);
    expect(JSON.stringify(adapter.sent)).not.toContain('hunter2');
  });

  it('an empty command after the prefix gets a hint', async () => {
    const r = await chat.bot.inject({ text: '!', user: { id: nextUser() } });
    expect(r.replies[0]?.text).toBe('Type "!help" to see the commands.');
  });
});

describe('platform events', () => {
  it('a reaction becomes a chatops.reaction trigger that fires a rule', async () => {
    const user = nextUser();
    await adapter.deliver({ kind: 'reaction', reaction: 'rocket', text: '', messageId: 'M-42', target: { platform: 'fake', channel: 'C1', thread: 'M-42' }, user: { id: user } });
    const execution = await waitFor(
      () => app.executions.list({ action: 'core.echo' }).find((e) => e.parameters.message === `reaction by ${user} on M-42` && e.status === 'succeeded'),
      'the rule on chatops.reaction to run core.echo',
    );
    expect(execution.context.rule?.ref).toBe('demo.on_rocket');
    expect(adapter.sent.filter((s) => s.target.thread === 'M-42')).toEqual([]);
  });

  it('chatter that does not address the bot is a chatops.message trigger and gets no reply', async () => {
    const user = nextUser();
    const r = await chat.bot.inject({ text: 'the deploy looks fine', user: { id: user, name: 'Ann' }, target: { channel: 'C9', thread: 'T9' }, messageId: 'M9' });
    expect(r.replies).toEqual([]);
    await settle();
    const instance = app.triggers.list().find((i) => i.trigger === 'chatops.message' && (i.payload as { user: string }).user === user);
    expect(instance?.payload).toEqual({ platform: 'fake', channel: 'C9', thread: 'T9', user, user_name: 'Ann', text: 'the deploy looks fine', addressed: false, message_id: 'M9' });
    expect(instance?.trace_tag).toBe(r.correlationId);
  });

  it('a member joining is a chatops.member_joined trigger', async () => {
    const user = nextUser();
    await chat.bot.inject({ kind: 'member_joined', text: '', user: { id: user }, target: { channel: 'C-new' } });
    await settle();
    const instance = app.triggers.list().find((i) => i.trigger === 'chatops.member_joined' && (i.payload as { user: string }).user === user);
    expect(instance?.payload).toEqual({ platform: 'fake', channel: 'C-new', user, user_name: null });
  });

  it("messages from bots, its own included, are ignored: no reply, no trigger", async () => {
    const before = app.triggers.list().length;
    const r = await chat.bot.inject({ text: '!say loop', user: { id: 'B-self', isBot: true } });
    expect(r.replies).toEqual([]);
    expect(r.executions).toEqual([]);
    await settle();
    expect(app.triggers.list().length).toBe(before);
  });
});

describe('results go back where they came from', () => {
  it('with two adapters, each result goes to the platform of its command', async () => {
    const alpha = new FakeAdapter('alpha');
    const beta = new FakeAdapter('beta');
    const both = await startChat(app, [alpha, beta]);
    try {
      await both.bot.inject({ platform: 'beta', text: '!say from beta', user: { id: nextUser() }, target: { thread: 'T-b' } });
      await settle();
      await both.idle();
      expect(alpha.sent).toEqual([]);
      expect(beta.inThread('T-b').map((m) => m.code ?? m.text)).toEqual([expect.stringContaining('take it from here'), 'from beta']);
    } finally {
      await both.stop();
    }
    expect(alpha.stopped && beta.stopped).toBe(true);
  });

  it('a notify route chat:<platform>:<channel> posts the notification of an execution started elsewhere', async () => {
    const e = app.executor.request({ ref: 'demo.backup' });
    await settle();
    await waitFor(() => adapter.sent.find((s) => s.target.channel === 'C-ALERTS'), 'the notification in C-ALERTS');
    const posted = adapter.sent.find((s) => s.target.channel === 'C-ALERTS')!;
    expect(posted.target).toEqual({ platform: 'fake', channel: 'C-ALERTS' });
    expect(posted.message.text).toBe('Backup finished: backed up');
    expect(app.executions.get(e.id)?.status).toBe('succeeded');
  });
});

describe('permissions and rate limits', () => {
  function botWith(config: Partial<App['config']['chat']>, fake: FakeAdapter, clock = app.clock): Bot {
    return new Bot({
      adapters: [fake],
      aliases: app.aliases,
      executor: app.executor,
      triggers: app.triggers,
      renderer: app.renderer,
      config: { ...app.config.chat, ...config },
      clock,
      logger: logs,
    });
  }

  it('a user without permission is refused, runs nothing, and sees only what they may run in help', async () => {
    const fake = new FakeAdapter('fake');
    const bot = botWith({ roles: { admins: ['fake:boss'] }, permissions: [{ roles: ['admins'], allow: ['*'] }, { users: ['fake:*'], allow: ['demo.lines'] }] }, fake);
    const denied = await bot.inject({ text: '!say hi', user: { id: 'intern' } });
    expect(denied.executions).toEqual([]);
    expect(denied.replies).toEqual([expect.objectContaining({ text: 'You are not permitted to run core.echo.', ephemeral: true })]);
    const help = await bot.inject({ text: '!help', user: { id: 'intern' } });
    expect(help.replies[0]?.text).toContain('!lines {{count}}');
    expect(help.replies[0]?.text).not.toContain('say');
    const allowed = await bot.inject({ text: '!say hi', user: { id: 'boss' } });
    expect(allowed.executions).toHaveLength(1);
    await settle();
  });

  it('a user sending too fast is told when to try again; time refills the bucket', async () => {
    const clock = new ManualClock();
    const bot = botWith({ rateLimit: { burst: 2, perMinute: 2 } }, new FakeAdapter('fake'), clock);
    const send = () => bot.inject({ text: '!help', user: { id: 'fast' } });
    expect((await send()).replies[0]?.title).toBe('Commands (5)');
    expect((await send()).replies[0]?.title).toBe('Commands (5)');
    const limited = await send();
    expect(limited.replies).toEqual([expect.objectContaining({ ephemeral: true, text: 'You are sending commands too fast; try again in 30 s.' })]);
    clock.advance(30_000);
    expect((await send()).replies[0]?.title).toBe('Commands (5)');
  });
});
