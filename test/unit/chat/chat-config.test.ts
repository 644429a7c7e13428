import { afterAll, describe, expect, it } from 'vitest';
import { consoleWanted, discordWanted, slackWanted } from '../../../src/chat/adapters.js';
import { parseHelp } from '../../../src/chat/help.js';
import { chatTrigger } from '../../../src/chat/chat-triggers.js';
import { parseChatRoute } from '../../../src/notify/chat-notifier.js';
import { loadConfig, type ChatConfig } from '../../../src/config/config.js';
import { defaultChatConfig } from '../../../src/config/chat-config.js';
import { SquallError } from '../../../src/errors/index.js';
import { makeTempDir, removeTempDirs } from '../../helpers/temp-pack.js';

afterAll(() => removeTempDirs());

describe('chat configuration', () => {
  it('defaults: prefix !, a rate limit, everyone allowed, adapters on auto', () => {
    const c = loadConfig(makeTempDir(), {}).chat;
    expect(c).toMatchObject({ enabled: true, prefix: '!', names: ['squall'], rateLimit: { burst: 5, perMinute: 20 }, permissions: [], console: 'auto' });
    expect(c.slack).toEqual({ enabled: 'auto', slashCommand: '/squall' });
  });

  it('reads platform tokens, the prefix and the console user from the environment; CI turns the console off', () => {
    const c = loadConfig(makeTempDir(), {
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      DISCORD_TOKEN: 'd-1',
      SQUALL_CHAT_PREFIX: '.',
      USER: 'erin',
      CI: 'true',
    }).chat;
    expect(c.slack).toMatchObject({ botToken: 'xoxb-1', appToken: 'xapp-1', slashCommand: '/squall' });
    expect(c.discord).toMatchObject({ token: 'd-1', slashCommand: 'squall' });
    expect(c).toMatchObject({ prefix: '.', consoleUser: 'erin', console: false });
    expect(loadConfig(makeTempDir(), { CI: 'false' }).chat.console).toBe('auto');
  });

  it('refuses a bad chat section, naming each field', () => {
    let error: unknown;
    try {
      loadConfig(makeTempDir(), {}, { chat: { rateLimit: { burst: -1, perMinute: 0 }, permissions: [{ users: ['x'] } as never], console: 'sometimes' as never } });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SquallError);
    const fields = (error as SquallError).details.map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['chat.rateLimit.burst', 'chat.rateLimit.perMinute', 'chat.permissions.0', 'chat.console']));
  });
});

describe('which adapters run', () => {
  const config = (patch: Partial<ChatConfig>): ChatConfig => ({ ...defaultChatConfig(), ...patch });
  it.each([
    ['no tokens, a terminal: the console', config({}), true, [false, false, true]],
    ['no tokens, no terminal: nothing', config({}), false, [false, false, false]],
    ['a Slack bot token alone is not enough', config({ slack: { enabled: 'auto', slashCommand: '/squall', botToken: 'xoxb' } }), true, [false, false, true]],
    ['Slack in Socket Mode replaces the console', config({ slack: { enabled: 'auto', slashCommand: '/squall', botToken: 'xoxb', appToken: 'xapp' } }), true, [true, false, false]],
    ['Slack HTTP and Discord together', config({ slack: { enabled: 'auto', slashCommand: '/s', botToken: 'xoxb', signingSecret: 's' }, discord: { enabled: 'auto', slashCommand: 'squall', token: 't' } }), true, [true, true, false]],
    ['Discord turned off despite its token', config({ discord: { enabled: false, slashCommand: 'squall', token: 't' } }), true, [false, false, true]],
    ['the console forced on next to Discord', config({ console: true, discord: { enabled: 'auto', slashCommand: 'squall', token: 't' } }), false, [false, true, true]],
  ] as const)('%s', (_name, c, tty, [slack, discord, consoleOn]) => {
    expect([slackWanted(c), discordWanted(c), consoleWanted(c, tty)]).toEqual([slack, discord, consoleOn]);
  });
});

describe('small parsers', () => {
  it('parseHelp knows help and help <query>, and nothing else', () => {
    expect(parseHelp('help')).toEqual({ query: '' });
    expect(parseHelp('HELP  deploy app ')).toEqual({ query: 'deploy app' });
    expect(parseHelp('helpful')).toBeUndefined();
    expect(parseHelp('deploy help')).toBeUndefined();
  });

  it('parseChatRoute reads chat:<platform>:<channel>[:<thread>] and ignores other routes', () => {
    expect(parseChatRoute('chat:slack:C1')).toEqual({ platform: 'slack', channel: 'C1' });
    expect(parseChatRoute('chat:slack:C1:1700000000.000100')).toEqual({ platform: 'slack', channel: 'C1', thread: '1700000000.000100' });
    expect(parseChatRoute('hubot')).toBeUndefined();
    expect(parseChatRoute('chat:slack')).toBeUndefined();
  });

  it('button clicks are no trigger; reactions carry the emoji and the message', () => {
    const base = { platform: 'slack', target: { platform: 'slack', channel: 'C1' }, user: { id: 'U1' }, text: '', receivedAt: 0 };
    expect(chatTrigger({ ...base, kind: 'button', action: { id: 'approve' } })).toBeUndefined();
    expect(chatTrigger({ ...base, kind: 'reaction', reaction: 'tada', messageId: '123.4' })).toEqual({
      ref: 'chatops.reaction',
      payload: { platform: 'slack', channel: 'C1', thread: null, user: 'U1', user_name: null, reaction: 'tada', message_id: '123.4' },
    });
  });
});
