import { describe, expect, it } from 'vitest';
import { escapeSlackText, fromSlackText, mentionsUser } from '../../../../src/chat/slack/slack-text.js';

describe('fromSlackText', () => {
  it.each([
    ['run ls &gt; /tmp/x &amp;&amp; echo ok', 'run ls > /tmp/x && echo ok'],
    ['typed &amp;lt; literally', 'typed &lt; literally'],
    ['open <https://example.com/a?b=1&amp;c=2>', 'open https://example.com/a?b=1&c=2'],
    ['ping <http://example.com|example.com>', 'ping example.com'],
    ['mail <mailto:a@b.io|a@b.io>', 'mail a@b.io'],
    ['deploy to <#C0PROD|prod> and <#C0DEV>', 'deploy to #prod and #C0DEV'],
    ['hey <!here> and <!subteam^S1|@oncall>', 'hey @here and @oncall'],
    ['ask <@U0BOB> please', 'ask <@U0BOB> please'],
  ])('%s', (raw, typed) => {
    expect(fromSlackText(raw)).toBe(typed);
  });

  it('finds mentions of a user anywhere, and escapes markup characters', () => {
    expect(mentionsUser('hi <@U0BOT> there', 'U0BOT')).toBe(true);
    expect(mentionsUser('hi <@U0BOTX>', 'U0BOT')).toBe(false);
    expect(mentionsUser('hi', undefined)).toBe(false);
    expect(escapeSlackText('<a & b>')).toBe('&lt;a &amp; b&gt;');
  });
});
