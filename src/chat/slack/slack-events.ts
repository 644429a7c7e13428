import type { ChatEvent, ChatUser } from '../adapter.js';
import type { ChatTarget } from '../../model/chat-target.js';
import { fromSlackText, mentionsUser } from './slack-text.js';

/**
 * Slack payloads → ChatEvents. Pure functions over the few fields they read (typed locally, so
 * this file does not depend on Bolt's types). `undefined` means "not for the bot": the bot's own
 * messages, edits and deletions, and channel messages that an `app_mention` event also carries.
 */

/** Who the bot is, from `auth.test` (Bolt puts it on the listener context). */
export interface SlackSelf {
  botUserId?: string;
  botId?: string;
}

/** The fields of a slash command (form-encoded over HTTP, `payload` over Socket Mode). */
export interface SlashCommandPayload {
  command: string;
  text: string;
  user_id: string;
  user_name?: string;
  channel_id: string;
  team_id?: string;
  response_url?: string;
  trigger_id?: string;
}

/** A `message` or `app_mention` event. */
export interface MessagePayload {
  type: string;
  subtype?: string;
  channel: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  team?: string;
}

/** A `reaction_added` event. */
export interface ReactionPayload {
  reaction: string;
  user: string;
  item: { type: string; channel?: string; ts?: string };
  item_user?: string;
}

/** A `member_joined_channel` event. */
export interface MemberJoinedPayload {
  user: string;
  channel: string;
  inviter?: string;
}

/** The body of a `block_actions` interaction (a button or menu in a message). */
export interface BlockActionBody {
  user: { id: string; name?: string; username?: string };
  channel?: { id: string };
  message?: { ts?: string; thread_ts?: string };
  container?: { channel_id?: string; message_ts?: string; thread_ts?: string };
  response_url?: string;
  trigger_id?: string;
}

/** One action of a `block_actions` body. */
export interface BlockActionPayload {
  action_id: string;
  value?: string;
  selected_option?: { value?: string };
}

/** Message subtypes that are still a person talking; every other subtype is an edit, a join notice, … */
const TALKING_SUBTYPES = new Set(['thread_broadcast', 'file_share', 'me_message']);

const base = (now: number): Pick<ChatEvent, 'platform' | 'receivedAt'> => ({ platform: 'slack', receivedAt: now });

function user(id: string, self: SlackSelf, extra: Partial<ChatUser> = {}): ChatUser {
  return { id, ...extra, ...(id === self.botUserId ? { isBot: true } : {}) };
}

/** A slash command: no message, so no thread; the reply goes to the channel it was typed in. */
export function commandEvent(cmd: SlashCommandPayload, now: number): ChatEvent {
  return {
    ...base(now),
    kind: 'slash_command',
    target: { platform: 'slack', channel: cmd.channel_id, user: cmd.user_id },
    user: { id: cmd.user_id, ...(cmd.user_name ? { name: cmd.user_name } : {}) },
    text: fromSlackText(cmd.text ?? ''),
    reply: { command: cmd.command, ...(cmd.response_url ? { response_url: cmd.response_url } : {}), ...(cmd.trigger_id ? { trigger_id: cmd.trigger_id } : {}) },
  };
}

/**
 * A `message` event: a DM (`channel_type: im`) or a channel message. Replies go to the message's
 * thread, or start one on the message; in a DM they stay inline unless the DM is already threaded,
 * since a 1:1 conversation is its own thread.
 */
export function messageEvent(msg: MessagePayload, self: SlackSelf, now: number): ChatEvent | undefined {
  if (msg.subtype !== undefined && !TALKING_SUBTYPES.has(msg.subtype)) return undefined;
  if (msg.user === undefined) return undefined;
  if (msg.user === self.botUserId || (msg.bot_id !== undefined && msg.bot_id === self.botId)) return undefined;
  const text = msg.text ?? '';
  const direct = msg.channel_type === 'im';
  // The same message arrives again as app_mention; dispatching both would run the command twice.
  if (!direct && mentionsUser(text, self.botUserId)) return undefined;
  const thread = direct ? msg.thread_ts : (msg.thread_ts ?? msg.ts);
  return {
    ...base(now),
    kind: direct ? 'direct_message' : 'message',
    target: target(msg.channel, thread, msg.user),
    user: user(msg.user, self, msg.bot_id !== undefined ? { isBot: true } : {}),
    text: fromSlackText(text),
    messageId: msg.ts,
  };
}

/** An `app_mention` (text as typed, mention included); replies go to the message's thread. */
export function mentionEvent(ev: MessagePayload, self: SlackSelf, now: number): ChatEvent | undefined {
  if (ev.user === undefined || ev.user === self.botUserId) return undefined;
  return {
    ...base(now),
    kind: 'mention',
    target: target(ev.channel, ev.thread_ts ?? ev.ts, ev.user),
    user: user(ev.user, self, ev.bot_id !== undefined ? { isBot: true } : {}),
    text: fromSlackText(ev.text ?? ''),
    messageId: ev.ts,
  };
}

/** `reaction_added` on a message (reactions on files carry no channel and are skipped). */
export function reactionEvent(ev: ReactionPayload, self: SlackSelf, now: number): ChatEvent | undefined {
  if (ev.item.type !== 'message' || !ev.item.channel || !ev.item.ts) return undefined;
  return {
    ...base(now),
    kind: 'reaction',
    target: target(ev.item.channel, ev.item.ts, ev.user),
    user: user(ev.user, self),
    text: '',
    messageId: ev.item.ts,
    reaction: ev.reaction,
    ...(ev.item_user ? { reply: { item_user: ev.item_user } } : {}),
  };
}

/** `member_joined_channel`, including the bot's own joins (flagged isBot, so middleware can tell). */
export function memberJoinedEvent(ev: MemberJoinedPayload, self: SlackSelf, now: number): ChatEvent {
  return {
    ...base(now),
    kind: 'member_joined',
    target: target(ev.channel, undefined, ev.user),
    user: user(ev.user, self),
    text: '',
    ...(ev.inviter ? { reply: { inviter: ev.inviter } } : {}),
  };
}

/** A button or menu in a block: the action id and value, placed in the message's thread. */
export function actionEvent(body: BlockActionBody, action: BlockActionPayload, self: SlackSelf, now: number): ChatEvent | undefined {
  const channel = body.channel?.id ?? body.container?.channel_id;
  if (!channel) return undefined;
  const ts = body.message?.ts ?? body.container?.message_ts;
  const value = action.value ?? action.selected_option?.value;
  const name = body.user.username ?? body.user.name;
  return {
    ...base(now),
    kind: 'button',
    target: target(channel, body.message?.thread_ts ?? body.container?.thread_ts ?? ts, body.user.id),
    user: user(body.user.id, self, name ? { name } : {}),
    text: '',
    ...(ts ? { messageId: ts } : {}),
    action: { id: action.action_id, ...(value !== undefined ? { value } : {}) },
    reply: { ...(body.response_url ? { response_url: body.response_url } : {}), ...(body.trigger_id ? { trigger_id: body.trigger_id } : {}) },
  };
}

function target(channel: string, thread: string | undefined, userId: string | undefined): ChatTarget {
  return { platform: 'slack', channel, ...(thread ? { thread } : {}), ...(userId ? { user: userId } : {}) };
}
