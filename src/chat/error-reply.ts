/**
 * What the user who typed a command is told when it starts nothing: an unknown command (with the
 * closest commands), a tie between aliases, bad parameters (every field named), or a failure of
 * Squall itself (only its correlation id: internal messages are not for chat). Only that user
 * sees it, where the platform allows.
 */
import { AliasMatchError } from '../aliases/match-error.js';
import { formatDetail, isSquallError } from '../errors/index.js';
import type { OutgoingMessage } from './adapter.js';

export interface ErrorReplyOptions {
  /** Put before command displays (`!` in channels, nothing in DMs). */
  prefix: string;
  correlationId?: string;
}

/** The reply for an error raised while matching or requesting a command. */
export function errorReply(err: unknown, options: ErrorReplyOptions): OutgoingMessage {
  const help = `Type "${options.prefix}help" to see the commands.`;
  const base = { ephemeral: true, color: 'danger', ...(options.correlationId ? { correlationId: options.correlationId } : {}) } as const;
  if (err instanceof AliasMatchError && err.code === 'ALIAS_NO_MATCH') {
    const lines = [`Sorry, I don't know that command.`];
    if (err.suggestions.length) lines.push('Did you mean:', ...err.suggestions.map((s) => `  ${options.prefix}${s}`));
    lines.push(help);
    return { ...base, color: 'warning', text: lines.join('\n') };
  }
  if (err instanceof AliasMatchError && err.code === 'ALIAS_AMBIGUOUS') {
    const lines = ['That command matches more than one alias equally well, so I did not run anything:', ...err.tied.map((t) => `  ${t.alias}: ${t.representation}`)];
    lines.push('Make the command more specific, or ask an admin to change one of these aliases.');
    return { ...base, color: 'warning', text: lines.join('\n') };
  }
  if (isSquallError(err) && err.expose) {
    const lines = [err.message, ...err.details.map((d) => `  ${formatDetail(d)}`)];
    return { ...base, text: lines.join('\n') };
  }
  const ref = options.correlationId ? ` (correlation id ${options.correlationId})` : '';
  return { ...base, text: `Something went wrong while handling that command${ref}. The logs have the details.` };
}
