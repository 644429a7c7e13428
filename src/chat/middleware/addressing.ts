import type { ChatEvent } from '../adapter.js';
import type { ChatMiddleware } from '../middleware.js';

export interface AddressingOptions {
  /** `!` in `!deploy app1`; empty means channel messages address the bot only by name. */
  prefix: string;
  /** Names that address the bot: `squall: deploy`, `@squall deploy`, `squall, deploy`. */
  names: readonly string[];
}

/** Kinds that always speak to the bot: there is no one else they could be for. */
const ALWAYS_ADDRESSED: readonly ChatEvent['kind'][] = ['slash_command', 'direct_message', 'mention'];
/** A platform mention at the start: Slack `<@U0123>` / `<@U0123|name>`, Discord `<@123>` / `<@!123>`. */
const LEADING_MENTION = /^<@!?[A-Za-z0-9._-]+(?:\|[^>]*)?>[\s:,]*/;

/**
 * Decides whether the bot was addressed and strips what addressed it, so the alias matcher sees
 * only the command. Slash commands, DMs and mentions are always addressed; a channel message is
 * addressed by the prefix or by one of the bot's names. Other events (reactions, joins) pass
 * through unaddressed; unaddressed events still reach the bot, which turns them into triggers.
 */
export function addressing(options: AddressingOptions): ChatMiddleware {
  const names = options.names.filter(Boolean).map(escapeRegExp);
  const byName = names.length ? new RegExp(`^@?(?:${names.join('|')})(?:[:,]\\s*|\\s+|$)`, 'i') : undefined;
  return async (ctx, next) => {
    const event = ctx.event;
    if (event.kind === 'message' || ALWAYS_ADDRESSED.includes(event.kind)) {
      const stripped = strip(event.text, options.prefix, byName, event.kind !== 'message');
      if (stripped.found || ALWAYS_ADDRESSED.includes(event.kind) || event.addressed) {
        event.addressed = true;
        event.text = stripped.text;
      } else {
        event.addressed = false;
      }
    } else {
      event.addressed ??= false;
    }
    await next();
  };
}

function strip(text: string, prefix: string, byName: RegExp | undefined, mentionAllowed: boolean): { text: string; found: boolean } {
  let rest = text.trim();
  let found = false;
  if (mentionAllowed) {
    const mention = LEADING_MENTION.exec(rest);
    if (mention) {
      rest = rest.slice(mention[0].length);
      found = true;
    }
  }
  if (prefix && rest.startsWith(prefix)) return { text: rest.slice(prefix.length).trim(), found: true };
  const name = byName?.exec(rest);
  if (name) return { text: rest.slice(name[0].length).trim(), found: true };
  return { text: rest, found };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
