/**
 * Payload builders for the fake Discord: the shapes Discord sends (Gateway v10 / REST v10) for one
 * guild with a text channel `general` and a public thread under it, a bot and a human (`alice`).
 * Snowflakes are real snowflakes (timestamp << 22) so discord.js can read creation times from them.
 */
import { randomBytes } from 'node:crypto';

const DISCORD_EPOCH = 1_420_070_400_000n;

/** The ids of the fake's fixed world. */
export interface FakeIds {
  bot: string;
  application: string;
  guild: string;
  general: string;
  thread: string;
  alice: string;
  /** The DM channel between alice and the bot. */
  aliceDm: string;
}

type Json = Record<string, unknown>;

export function discordPayloads() {
  let increment = 0n;
  const snowflake = (): string => (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (increment++ & 0xfffn)).toString();
  const now = (): string => new Date().toISOString();

  const ids: FakeIds = {
    bot: snowflake(),
    application: snowflake(),
    guild: snowflake(),
    general: snowflake(),
    thread: snowflake(),
    alice: snowflake(),
    aliceDm: snowflake(),
  };
  const users = new Map<string, { username: string; bot: boolean }>([
    [ids.bot, { username: 'squall', bot: true }],
    [ids.alice, { username: 'alice', bot: false }],
  ]);
  const dmChannels = new Map<string, string>([[ids.alice, ids.aliceDm]]);
  const joinedAt = now();

  function user(id: string): Json {
    const u = users.get(id) ?? { username: `user${id.slice(-4)}`, bot: false };
    return { id, username: u.username, discriminator: '0', global_name: u.username, avatar: null, public_flags: 0, ...(u.bot ? { bot: true } : {}) };
  }
  function member(id: string, withUser: boolean): Json {
    return { ...(withUser ? { user: user(id) } : {}), roles: [], joined_at: joinedAt, deaf: false, mute: false, flags: 0, nick: null, avatar: null, premium_since: null, pending: false };
  }
  function textChannel(): Json {
    return { id: ids.general, type: 0, name: 'general', position: 0, permission_overwrites: [], parent_id: null, topic: null, nsfw: false, last_message_id: null, rate_limit_per_user: 0, flags: 0 };
  }
  function threadChannel(): Json {
    return {
      id: ids.thread, guild_id: ids.guild, parent_id: ids.general, owner_id: ids.alice, name: 'deploys', type: 11, last_message_id: null,
      message_count: 0, member_count: 1, rate_limit_per_user: 0, total_message_sent: 0, flags: 0,
      thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: joinedAt, locked: false },
    };
  }
  function dmChannelOf(userId: string): string {
    let id = dmChannels.get(userId);
    if (!id) dmChannels.set(userId, (id = snowflake()));
    return id;
  }
  /** `<@id>` tokens in the text become the `mentions` array, as Discord computes it. */
  function mentionsIn(content: string, inGuild: boolean): Json[] {
    const found = [...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1]!).filter((id) => users.has(id));
    return [...new Set(found)].map((id) => ({ ...user(id), ...(inGuild ? { member: member(id, false) } : {}) }));
  }

  return {
    ids,
    snowflake,
    user,
    guild(): Json {
      return {
        id: ids.guild, name: 'Squall Test', icon: null, splash: null, discovery_splash: null, owner_id: ids.alice, afk_channel_id: null, afk_timeout: 300,
        verification_level: 0, default_message_notifications: 0, explicit_content_filter: 0, features: [], mfa_level: 0, application_id: null,
        system_channel_id: ids.general, system_channel_flags: 0, rules_channel_id: null, vanity_url_code: null, description: null, banner: null,
        premium_tier: 0, preferred_locale: 'en-US', public_updates_channel_id: null, nsfw_level: 0, premium_progress_bar_enabled: false,
        safety_alerts_channel_id: null, joined_at: joinedAt, large: false, unavailable: false, member_count: users.size,
        roles: [{ id: ids.guild, name: '@everyone', color: 0, hoist: false, position: 0, permissions: '1071698660929', managed: false, mentionable: false, flags: 0 }],
        members: [member(ids.bot, true), member(ids.alice, true)],
        channels: [textChannel()],
        threads: [threadChannel()],
        emojis: [], stickers: [], voice_states: [], presences: [], stage_instances: [], guild_scheduled_events: [], soundboard_sounds: [],
      };
    },
    /** A channel by id as GET /channels/:id returns it, or undefined. */
    channel(id: string): Json | undefined {
      if (id === ids.general) return { ...textChannel(), guild_id: ids.guild };
      if (id === ids.thread) return threadChannel();
      const owner = [...dmChannels].find(([, dm]) => dm === id)?.[0];
      return owner ? { id, type: 1, last_message_id: null, flags: 0, recipients: [user(owner)] } : undefined;
    },
    message(input: { content: string; author: string; channelId?: string; dm?: boolean; type?: number; webhookId?: string }): Json {
      const dm = input.dm === true;
      const channelId = dm ? dmChannelOf(input.author) : (input.channelId ?? ids.general);
      return {
        id: snowflake(), channel_id: channelId, author: user(input.author), content: input.content, timestamp: now(), edited_timestamp: null,
        tts: false, mention_everyone: false, mentions: mentionsIn(input.content, !dm), mention_roles: [], attachments: [], embeds: [], pinned: false,
        type: input.type ?? 0, flags: 0, components: [], channel_type: dm ? 1 : channelId === ids.thread ? 11 : 0,
        ...(input.webhookId ? { webhook_id: input.webhookId } : {}),
        ...(dm ? {} : { guild_id: ids.guild, member: member(input.author, false) }),
      };
    },
    interaction(input: { name: string; command?: string; user: string; channelId?: string; dm?: boolean }): Json {
      const dm = input.dm === true;
      const channelId = dm ? dmChannelOf(input.user) : (input.channelId ?? ids.general);
      const channel = dm
        ? { id: channelId, type: 1, flags: 0, last_message_id: null, recipients: [user(input.user)] }
        : channelId === ids.thread ? threadChannel() : { ...textChannel(), guild_id: ids.guild };
      return {
        id: snowflake(), application_id: ids.application, type: 2, token: `aW50ZXJhY3Rpb24.${randomBytes(24).toString('base64url')}`, version: 1,
        data: {
          id: snowflake(), name: input.name, type: 1,
          ...(input.command === undefined ? {} : { options: [{ name: 'command', type: 3, value: input.command }] }),
        },
        channel_id: channelId, channel, app_permissions: '1071698660929', locale: 'en-US', entitlements: [], attachment_size_limit: 10_485_760,
        ...(dm
          ? { user: user(input.user), context: 1, authorizing_integration_owners: { '1': input.user } }
          : { guild_id: ids.guild, guild_locale: 'en-US', member: { ...member(input.user, true), permissions: '1071698660929' }, context: 0, authorizing_integration_owners: { '0': ids.guild } }),
      };
    },
    reaction(input: { messageId: string; emoji: string; user: string; channelId?: string }): Json {
      return {
        user_id: input.user, channel_id: input.channelId ?? ids.general, message_id: input.messageId, guild_id: ids.guild,
        member: member(input.user, true), emoji: { id: null, name: input.emoji }, burst: false, burst_colors: [], type: 0,
      };
    },
    /** A new user (a person or another bot); returns its id. */
    addUser(username: string, bot = false): string {
      const id = snowflake();
      users.set(id, { username, bot });
      return id;
    },
    member(userId: string): Json {
      return { guild_id: ids.guild, ...member(userId, true) };
    },
    /** The message object REST returns for a message the bot posted. */
    botMessage(channelId: string, body: Json, files: { name: string; content: string }[], webhook = false): Json {
      const reference = body['message_reference'] as Json | undefined;
      return {
        id: snowflake(), channel_id: channelId, author: user(ids.bot), content: body['content'] ?? '', timestamp: now(), edited_timestamp: null,
        tts: false, mention_everyone: false, mentions: [], mention_roles: [], pinned: false, components: [], embeds: body['embeds'] ?? [],
        attachments: files.map((f) => ({ id: snowflake(), filename: f.name, size: Buffer.byteLength(f.content), url: `https://cdn.invalid/${f.name}`, proxy_url: `https://cdn.invalid/${f.name}` })),
        type: reference ? 19 : 0, flags: body['flags'] ?? 0,
        ...(reference ? { message_reference: { type: 0, message_id: reference['message_id'], channel_id: channelId, guild_id: ids.guild } } : {}),
        ...(webhook ? { webhook_id: ids.application, application_id: ids.application } : {}),
      };
    },
  };
}
