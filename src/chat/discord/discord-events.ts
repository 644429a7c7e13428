/**
 * discord.js objects → ChatEvents. `undefined` means "not for the bot": its own messages, other
 * bots (unless asked for), system messages (pins, joins, thread notices) and other commands.
 *
 * Reply placement is encoded in the target: a message in a thread answers in that thread
 * (`channel` = `thread` = the thread's channel id); a message elsewhere is answered with a reply
 * to it (`thread` = the message id); a slash command is answered through its interaction
 * (`thread` = `interaction:<id>`, see interaction-replies.ts).
 */
import { MessageType, type ChatInputCommandInteraction, type GuildMember, type Message, type MessageReaction, type PartialMessageReaction, type PartialUser, type User } from 'discord.js';
import type { ChatEvent, ChatUser } from '../adapter.js';
import { InteractionReplies } from './interaction-replies.js';

export const PLATFORM = 'discord';

/** The slash command's one option: the command text. */
export const COMMAND_OPTION = 'command';

export interface InboundContext {
  /** The bot's own user id. */
  selfId: string;
  /** Deliver messages written by other bots (marked `isBot`); the bot's own are always dropped. */
  includeBots: boolean;
  now: number;
}

/** Message types a person types; everything else is a system notice. */
const TALKING_TYPES: ReadonlySet<MessageType> = new Set([MessageType.Default, MessageType.Reply]);

/** A guild or DM message: `direct_message` in a DM, `mention` when it mentions the bot, else `message`. */
export function messageEvent(msg: Message, ctx: InboundContext): ChatEvent | undefined {
  if (msg.author.id === ctx.selfId) return undefined;
  const fromBot = msg.author.bot || msg.webhookId !== null;
  if (fromBot && !ctx.includeBots) return undefined;
  if (!TALKING_TYPES.has(msg.type)) return undefined;

  const inThread = msg.channel.isThread();
  const direct = msg.guildId === null;
  const mention = mentionPattern(ctx.selfId);
  const kind = direct ? 'direct_message' : mention.test(msg.content) ? 'mention' : 'message';
  return {
    platform: PLATFORM,
    kind,
    target: { platform: PLATFORM, channel: msg.channelId, thread: inThread ? msg.channelId : msg.id, user: msg.author.id },
    user: chatUser(msg.author, msg.member?.displayName, fromBot),
    text: stripLeadingMention(msg.content, ctx.selfId),
    messageId: msg.id,
    reply: { ...(msg.guildId ? { guildId: msg.guildId } : {}), channelId: msg.channelId, messageId: msg.id },
    receivedAt: ctx.now,
  };
}

/** The application's slash command; `text` is its `command` option. */
export function slashCommandEvent(interaction: ChatInputCommandInteraction, ctx: InboundContext): ChatEvent {
  const member = interaction.member;
  const displayName = member && 'displayName' in member ? member.displayName : undefined;
  return {
    platform: PLATFORM,
    kind: 'slash_command',
    target: { platform: PLATFORM, channel: interaction.channelId, thread: InteractionReplies.threadFor(interaction.id), user: interaction.user.id },
    user: chatUser(interaction.user, displayName, interaction.user.bot),
    text: (interaction.options.getString(COMMAND_OPTION) ?? '').trim(),
    messageId: interaction.id,
    reply: {
      interactionId: interaction.id,
      // Named `token` so that logs and stored records mask it.
      token: interaction.token,
      applicationId: interaction.applicationId,
      commandName: interaction.commandName,
      ...(interaction.guildId ? { guildId: interaction.guildId } : {}),
    },
    receivedAt: ctx.now,
  };
}

/** A reaction added to a message; `reaction` is the emoji name (custom emoji: its name too). */
export function reactionEvent(reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser, ctx: InboundContext): ChatEvent | undefined {
  if (user.id === ctx.selfId) return undefined;
  const isBot = user.bot === true;
  if (isBot && !ctx.includeBots) return undefined;
  const msg = reaction.message;
  const inThread = msg.channel?.isThread() === true;
  return {
    platform: PLATFORM,
    kind: 'reaction',
    target: { platform: PLATFORM, channel: msg.channelId, thread: inThread ? msg.channelId : msg.id, user: user.id },
    user: { id: user.id, ...(user.username ? { name: user.globalName ?? user.username } : {}), ...(isBot ? { isBot: true } : {}) },
    text: msg.content ?? '',
    messageId: msg.id,
    reaction: reaction.emoji.name ?? reaction.emoji.id ?? '',
    reply: { ...(msg.guildId ? { guildId: msg.guildId } : {}), channelId: msg.channelId, messageId: msg.id, ...(reaction.emoji.id ? { emojiId: reaction.emoji.id } : {}) },
    receivedAt: ctx.now,
  };
}

/**
 * A member joined a guild. The target is the guild's system channel (where Discord posts its own
 * welcome notice); a guild without one gets the guild id, which a rule can see but not post to.
 */
export function memberJoinedEvent(member: GuildMember, ctx: InboundContext): ChatEvent {
  const channel = member.guild.systemChannelId ?? member.guild.id;
  return {
    platform: PLATFORM,
    kind: 'member_joined',
    target: { platform: PLATFORM, channel, user: member.id },
    user: chatUser(member.user, member.displayName, member.user.bot),
    text: '',
    reply: { guildId: member.guild.id },
    receivedAt: ctx.now,
  };
}

/** `<@id>` or the legacy nickname form `<@!id>`. */
function mentionPattern(selfId: string): RegExp {
  return new RegExp(`<@!?${selfId}>`);
}

/** Drops a leading mention of the bot (and a `:` or `,` after it), as the user addressed the bot by it. */
export function stripLeadingMention(text: string, selfId: string): string {
  return text.replace(new RegExp(`^\\s*<@!?${selfId}>[:,]?\\s*`), '').trim();
}

function chatUser(user: User, displayName: string | undefined, isBot: boolean): ChatUser {
  const name = displayName ?? user.globalName ?? user.username;
  return { id: user.id, ...(name ? { name } : {}), ...(isBot ? { isBot: true } : {}) };
}
