/**
 * The chat seam. Nothing outside src/chat/ knows Slack or Discord exist: adapters turn platform
 * events into ChatEvents and hand them to one dispatch function, and send OutgoingMessages back to
 * a ChatTarget. Only src/chat/slack/** imports @slack/bolt; only src/chat/discord/** imports discord.js.
 */
import type { ChatTarget } from '../model/chat-target.js';

export type { ChatTarget };

/** What happened on a platform, in neutral form. */
export type ChatEventKind = 'message' | 'mention' | 'direct_message' | 'slash_command' | 'button' | 'reaction' | 'member_joined';

export interface ChatUser {
  /** Platform user id. */
  id: string;
  /** Display name, when known. */
  name?: string;
  /** True for bots, including this one: the middleware ignores them. */
  isBot?: boolean;
}

export interface ChatEvent {
  /** `slack`, `discord`, `console`, ... */
  platform: string;
  kind: ChatEventKind;
  /** Where replies go: channel, and the thread to reply in (the message's own thread or the message itself). */
  target: ChatTarget;
  user: ChatUser;
  /** The text as typed (for slash commands, the text after the command). */
  text: string;
  /** Platform message id (Slack ts, Discord message id), when there is one. */
  messageId?: string;
  /** For reactions: the emoji name. For buttons: the action id and value. */
  reaction?: string;
  action?: { id: string; value?: string };
  /** True when the bot was addressed (mention, DM, slash command, or the configured prefix). Set by middleware. */
  addressed?: boolean;
  /** Correlation id carried from this event through logs to the posted result. Set by the bot if absent. */
  correlationId?: string;
  /** Platform-specific extras an adapter may need to answer (Slack response_url, Discord interaction token). */
  reply?: Record<string, unknown>;
  receivedAt: number;
}

/** A neutral message: text blocks, fields, code, a colour — each adapter renders it its own way. */
export interface OutgoingMessage {
  /** Plain text; always present, used as the fallback on rich platforms. */
  text: string;
  title?: string;
  /** Pre-formatted output (stdout), shown as a code block. Long output is split or attached, never cut silently. */
  code?: string;
  fields?: { name: string; value: string; short?: boolean }[];
  /** good | warning | danger, or a hex colour. */
  color?: string;
  /** Only the target user sees it, where the platform allows (Slack ephemeral, Discord ephemeral interaction). */
  ephemeral?: boolean;
  /** Platform-specific extras from an alias's `extra.slack` / `extra.discord`. */
  extra?: Record<string, unknown>;
  correlationId?: string;
  /**
   * A file to upload with the message (long output), on platforms whose `limits.attachments` is
   * true. The bot sets it instead of `code` when the output is too long for a few messages.
   */
  attachment?: { name: string; content: string };
}

/** What an adapter can post in one message; the bot splits or attaches output to fit. */
export interface ChatLimits {
  /** Most characters of `text` plus `code` in one message (Discord 2000, Slack section blocks 3000). */
  textLength: number;
  /** True when the adapter uploads `OutgoingMessage.attachment` as a file. */
  attachments: boolean;
}

/** Dispatch: the one way into the bot. */
export type ChatDispatch = (event: ChatEvent) => Promise<void>;

export interface ChatAdapter {
  /** `slack`, `discord`, `console`. */
  readonly platform: string;
  /**
   * Message size limits. When given, the bot splits long messages (or attaches long output) to fit
   * before calling `send`; when absent, `send` receives messages whole and fits them itself.
   */
  readonly limits?: ChatLimits;
  /** Connects and starts delivering events to `dispatch`. Resolves once connected. */
  start(dispatch: ChatDispatch): Promise<void>;
  stop(): Promise<void>;
  /** Posts a message; returns the platform message id when there is one. Rate limits are the adapter's job. */
  send(target: ChatTarget, message: OutgoingMessage): Promise<{ id?: string }>;
}
