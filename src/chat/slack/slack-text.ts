/**
 * Slack's wire format for message text, both ways. Incoming text is escaped (`&amp;`, `&lt;`,
 * `&gt;`) and carries Slack's angle-bracket markup for links, channels and mentions; aliases
 * match what the user typed, so that markup is turned back into plain text here. A user who types
 * `run ls > /tmp/x && echo ok` must reach the alias as exactly that.
 */

/** True when the text mentions the given user anywhere. */
export function mentionsUser(text: string, userId: string | undefined): boolean {
  return userId !== undefined && new RegExp(`<@${escapeRegExp(userId)}(?:\\|[^>]*)?>`).test(text);
}

/**
 * Typed text from Slack's markup: links become what the user typed, channel and special mentions
 * become `#name` / `@here`, user mentions stay `<@U…>` (the addressing middleware strips a leading
 * one, and an alias parameter may want the id), and the three HTML entities are decoded last so
 * that a typed `&lt;` survives as `&lt;`.
 */
export function fromSlackText(text: string): string {
  const out = text.replace(/<([^<>]*)>/g, (whole, inner: string) => {
    const bar = inner.indexOf('|');
    const target = bar === -1 ? inner : inner.slice(0, bar);
    const label = bar === -1 ? undefined : inner.slice(bar + 1);
    if (target.startsWith('@')) return whole;
    if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
    if (target.startsWith('!')) {
      // <!here>, <!channel>, <!subteam^S1|@team>, <!date^…|fallback>
      if (label !== undefined) return label;
      return `@${target.slice(1).split('^')[0] ?? ''}`;
    }
    // A link: the label is what was typed ("example.com"); a bare <https://x> was typed as the URL.
    return label ?? target;
  });
  return out.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').trim();
}

/** Escapes the three characters Slack treats as markup, for text that must show literally. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
