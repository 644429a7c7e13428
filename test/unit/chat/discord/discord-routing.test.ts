import { describe, expect, it } from 'vitest';
import { stripLeadingMention } from '../../../../src/chat/discord/discord-events.js';
import { placement } from '../../../../src/chat/discord/discord-sender.js';
import { INTERACTION_TOKEN_TTL_MS, InteractionReplies } from '../../../../src/chat/discord/interaction-replies.js';
import { isValidCommandName, slashCommandDefinition } from '../../../../src/chat/discord/slash-command.js';
import { ManualClock } from '../../../../src/util/clock.js';

describe('placement', () => {
  const threads = new Set(['300']);
  const isThread = (id: string) => threads.has(id);
  it('replies to the message, posts in threads, and falls back to the channel', () => {
    expect(placement({ platform: 'discord', channel: '100', thread: '200' }, isThread)).toEqual({ channelId: '100', replyTo: '200' });
    expect(placement({ platform: 'discord', channel: '300', thread: '300' }, isThread)).toEqual({ channelId: '300' });
    expect(placement({ platform: 'discord', channel: '100', thread: '300' }, isThread)).toEqual({ channelId: '300' });
    expect(placement({ platform: 'discord', channel: '100' }, isThread)).toEqual({ channelId: '100' });
    expect(placement({ platform: 'discord', channel: '100', thread: 'interaction:5' }, isThread)).toEqual({ channelId: '100' });
  });
});

describe('InteractionReplies', () => {
  it('finds a pending interaction by its target thread until the token expires', () => {
    const clock = new ManualClock();
    const replies = new InteractionReplies(clock);
    replies.add({ id: '9', applicationId: '1', token: 'tok' });
    const thread = InteractionReplies.threadFor('9');
    expect(replies.lookup(thread)).toMatchObject({ id: '9', token: 'tok', originalUsed: false });
    expect(replies.lookup('9')).toBeUndefined();
    expect(replies.lookup(undefined)).toBeUndefined();
    clock.advance(INTERACTION_TOKEN_TTL_MS - 1);
    expect(replies.lookup(thread)).toBeDefined();
    clock.advance(1);
    expect(replies.lookup(thread)).toBeUndefined();
    expect(replies.size).toBe(0);
  });

  it('prunes expired entries when new ones arrive', () => {
    const clock = new ManualClock();
    const replies = new InteractionReplies(clock);
    replies.add({ id: '1', applicationId: 'a', token: 't1' });
    clock.advance(INTERACTION_TOKEN_TTL_MS);
    replies.add({ id: '2', applicationId: 'a', token: 't2' });
    expect(replies.size).toBe(1);
  });
});

describe('stripLeadingMention', () => {
  it('drops a leading mention of the bot with a following colon or comma', () => {
    expect(stripLeadingMention('<@42> deploy', '42')).toBe('deploy');
    expect(stripLeadingMention(' <@!42>: deploy', '42')).toBe('deploy');
    expect(stripLeadingMention('<@43> deploy', '42')).toBe('<@43> deploy');
    expect(stripLeadingMention('deploy <@42>', '42')).toBe('deploy <@42>');
  });
});

describe('slash command', () => {
  it('validates names as Discord does and defines one optional string option', () => {
    expect(isValidCommandName('squall')).toBe(true);
    expect(isValidCommandName('st2-ops_1')).toBe(true);
    expect(isValidCommandName('Squall')).toBe(false);
    expect(isValidCommandName('a'.repeat(33))).toBe(false);
    expect(slashCommandDefinition('ops')).toMatchObject({ name: 'ops', type: 1, options: [{ name: 'command', type: 3, required: false }] });
  });
});
