/**
 * Chat events as trigger instances of the `chatops` pack's trigger types (packs/chatops/triggers),
 * so rules can react to chat. Unknown values are null, never missing, so a rule's criteria on
 * `trigger.thread` do not fail on a platform without threads.
 */
import type { Params } from '../model/index.js';
import type { ChatEvent } from './adapter.js';

/** The trigger type refs chat emits. */
export const CHAT_TRIGGERS = {
  message: 'chatops.message',
  reaction: 'chatops.reaction',
  memberJoined: 'chatops.member_joined',
} as const;
export type ChatTriggerRef = (typeof CHAT_TRIGGERS)[keyof typeof CHAT_TRIGGERS];

/**
 * The trigger an event becomes, with its payload, or undefined for events that are no trigger
 * (button clicks belong to whoever posted the button).
 */
export function chatTrigger(event: ChatEvent): { ref: ChatTriggerRef; payload: Params } | undefined {
  const base = {
    platform: event.platform,
    channel: event.target.channel,
    user: event.user.id,
    user_name: event.user.name ?? null,
  };
  const thread = event.target.thread ?? null;
  const messageId = event.messageId ?? null;
  switch (event.kind) {
    case 'message':
    case 'mention':
    case 'direct_message':
    case 'slash_command':
      return { ref: CHAT_TRIGGERS.message, payload: { ...base, thread, text: event.text, addressed: event.addressed ?? false, message_id: messageId } };
    case 'reaction':
      return { ref: CHAT_TRIGGERS.reaction, payload: { ...base, thread, reaction: event.reaction ?? '', message_id: messageId } };
    case 'member_joined':
      return { ref: CHAT_TRIGGERS.memberJoined, payload: base };
    default:
      return undefined;
  }
}
