/**
 * The `help` command's reply: one line per alias format (its display and description), limited to
 * what the user may run. The alias registry selects the entries for `help <query>`.
 */
import type { OutgoingMessage } from './adapter.js';

/** One line of help: how to type a command and what it does. */
export interface HelpEntry {
  display: string;
  description?: string;
  /** The alias ref. */
  alias: string;
  /** The action the command runs, for permission filtering. */
  actionRef: string;
}

/** `help`, `help deploy`, `help  deploy app` → the query, or undefined when the text is no help request. */
export function parseHelp(text: string): { query: string } | undefined {
  const m = /^help(?:\s+([\s\S]*))?$/i.exec(text.trim());
  return m ? { query: (m[1] ?? '').trim() } : undefined;
}

/**
 * The help reply for the entries a query selected, in their order. `prefix` is put before each
 * display (`!` in channels, nothing in DMs); `allowed` drops entries the user may not run, so
 * help shows only what works for them.
 */
export function helpMessage(entries: readonly HelpEntry[], options: { query: string; prefix: string; allowed?: (actionRef: string) => boolean }): OutgoingMessage {
  const shown = entries.filter((e) => (options.allowed ? options.allowed(e.actionRef) : true));
  if (shown.length === 0) {
    const text = options.query
      ? `No command matches "${options.query}". Type "${options.prefix}help" for the full list.`
      : 'There are no commands you can run: no action aliases are loaded (packs declare them in aliases/), or none is permitted to you.';
    return { text, ephemeral: true };
  }
  const lines = shown.map((e) => `${options.prefix}${e.display}${e.description ? ` - ${e.description}` : ''}`);
  const title = options.query ? `Commands matching "${options.query}" (${shown.length})` : `Commands (${shown.length})`;
  const footer = options.query ? '' : `\nType "${options.prefix}help <word>" to list only the commands that mention it.`;
  return { title, text: lines.join('\n') + footer, ephemeral: true };
}
