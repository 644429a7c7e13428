/**
 * Posting rendered messages where a ChatTarget says: through a pending interaction (edit the
 * deferred reply, then follow-ups, ephemeral with flag 64), into a thread, or as a reply to the
 * message that asked. Requests go through discord.js's REST client, which queues per rate-limit
 * bucket and waits out a 429's Retry-After before trying again.
 */
import { DiscordAPIError, MessageFlags, Routes, type REST } from 'discord.js';
import type { ChatTarget } from '../adapter.js';
import { SquallError, errorMessage } from '../../errors/index.js';
import type { Logger } from '../../util/logger.js';
import type { DiscordPayload } from './discord-render.js';
import { InteractionReplies, type PendingInteraction } from './interaction-replies.js';

/** Where a channel message goes: the channel (or thread) id, and the message it replies to. */
export interface Placement {
  channelId: string;
  replyTo?: string;
}

/** Our messages ping nobody (output may contain `@everyone`), except the person replied to. */
const ALLOWED_MENTIONS = { parse: [], replied_user: true } as const;

export class DiscordSender {
  readonly #rest: REST;
  readonly #isThread: (channelId: string) => boolean;
  readonly #interactions: InteractionReplies;
  readonly #logger: Logger;

  constructor(rest: REST, isThread: (channelId: string) => boolean, interactions: InteractionReplies, logger: Logger) {
    this.#rest = rest;
    this.#isThread = isThread;
    this.#interactions = interactions;
    this.#logger = logger;
  }

  /** Posts the payloads in order; returns the id of the first message posted. */
  async send(target: ChatTarget, payloads: DiscordPayload[], ephemeral: boolean): Promise<{ id?: string }> {
    try {
      const pending = this.#interactions.lookup(target.thread);
      if (pending) return await this.#sendInteraction(pending, payloads, ephemeral);
      if (ephemeral) this.#logger.debug('ephemeral message posted publicly: no live interaction for this target', { channel: target.channel });
      return await this.#sendChannel(placement(target, this.#isThread), payloads);
    } catch (err) {
      if (err instanceof SquallError) throw err;
      const notFound = err instanceof DiscordAPIError && (err.status === 404 || err.status === 403);
      throw new SquallError(notFound ? 'CHAT_TARGET_INVALID' : 'CHAT_SEND_FAILED', `Discord did not accept the message for channel ${target.channel}: ${errorMessage(err)}`, { cause: err });
    }
  }

  async #sendChannel(place: Placement, payloads: DiscordPayload[]): Promise<{ id?: string }> {
    let first: string | undefined;
    for (const [i, payload] of payloads.entries()) {
      const reference = i === 0 && place.replyTo ? { message_reference: { message_id: place.replyTo, fail_if_not_exists: false } } : {};
      const posted = await this.#rest.post(Routes.channelMessages(place.channelId), request(payload, reference));
      first ??= messageId(posted);
    }
    return first === undefined ? {} : { id: first };
  }

  /**
   * The first public message replaces the deferred "thinking…" reply. An ephemeral message cannot:
   * ephemerality is fixed when deferring, so it goes as an ephemeral follow-up and the public
   * placeholder is deleted, leaving no stale "thinking…" behind.
   */
  async #sendInteraction(pending: PendingInteraction, payloads: DiscordPayload[], ephemeral: boolean): Promise<{ id?: string }> {
    const original = Routes.webhookMessage(pending.applicationId, pending.token, '@original');
    const followUp = Routes.webhook(pending.applicationId, pending.token);
    const flags = ephemeral ? { flags: MessageFlags.Ephemeral } : {};
    let first: string | undefined;
    for (const payload of payloads) {
      let posted: unknown;
      if (!pending.originalUsed && !ephemeral) {
        pending.originalUsed = true;
        posted = await this.#rest.patch(original, { ...request(payload), auth: false });
      } else {
        posted = await this.#rest.post(followUp, { ...request(payload, flags), auth: false, query: new URLSearchParams({ wait: 'true' }) });
        if (!pending.originalUsed) {
          pending.originalUsed = true;
          await this.#rest.delete(original, { auth: false }).catch((err: unknown) => {
            this.#logger.warn('deferred reply could not be deleted', { interaction: pending.id, error: errorMessage(err) });
          });
        }
      }
      first ??= messageId(posted);
    }
    return first === undefined ? {} : { id: first };
  }
}

/**
 * Thread if the target names one (its channel id, either as `channel` with `thread` equal to it or
 * as a known thread channel in `thread`), else a reply to the message in `thread`. A stale
 * `interaction:` marker (token expired, or the bot restarted) falls back to the channel.
 */
export function placement(target: ChatTarget, isThread: (channelId: string) => boolean): Placement {
  const thread = target.thread;
  if (!thread || thread === target.channel || InteractionReplies.isInteractionThread(thread)) return { channelId: target.channel };
  if (isThread(thread)) return { channelId: thread };
  return { channelId: target.channel, replyTo: thread };
}

function request(payload: DiscordPayload, extra: Record<string, unknown> = {}) {
  const files = payload.files ?? [];
  return {
    body: {
      ...(payload.content ? { content: payload.content } : {}),
      ...(payload.embeds ? { embeds: payload.embeds } : {}),
      ...(files.length ? { attachments: files.map((f, id) => ({ id, filename: f.name })) } : {}),
      allowed_mentions: ALLOWED_MENTIONS,
      ...extra,
    },
    ...(files.length ? { files: files.map((f, i) => ({ key: `files[${i}]`, name: f.name, data: f.data, contentType: f.contentType })) } : {}),
  };
}

function messageId(posted: unknown): string | undefined {
  const id = (posted as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}
