import type { webApi } from '@slack/bolt';
import type { OutgoingMessage } from '../adapter.js';
import type { ChatTarget } from '../../model/chat-target.js';
import { SquallError, errorMessage } from '../../errors/index.js';
import type { Clock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import { renderSlackMessage, type SlackPost } from './slack-render.js';

/** A slash command's response_url works for 30 minutes and five posts. */
const RESPONSE_URL_TTL_MS = 30 * 60_000;
const RESPONSE_URL_USES = 5;
/** Errors meaning "the bot cannot post here", where a slash command's response_url still can. */
const NOT_A_MEMBER = new Set(['channel_not_found', 'not_in_channel']);

/**
 * Posts OutgoingMessages through the Web API client. Rendering is slack-render's; this decides
 * the method (chat.postMessage, chat.postEphemeral for ephemeral messages, files.uploadV2 for
 * long output), the thread, and what to do when Slack says no. Rate limits are the client's:
 * it waits out a 429's Retry-After and tries again (see `retries` in the options).
 */
export class SlackSender {
  readonly #client: webApi.WebClient;
  readonly #fileThreshold: number;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #responseUrls = new Map<string, { url: string; until: number; uses: number }>();

  constructor(deps: { client: webApi.WebClient; fileThreshold: number; clock: Clock; logger: Logger }) {
    this.#client = deps.client;
    this.#fileThreshold = deps.fileThreshold;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
  }

  /**
   * Remembers a slash command's response_url for its channel: a command typed in a channel the bot
   * has not joined (or a DM between two people) can only be answered through it.
   */
  rememberResponseUrl(channel: string, url: string): void {
    this.#responseUrls.set(channel, { url, until: this.#clock.now() + RESPONSE_URL_TTL_MS, uses: 0 });
  }

  async send(target: ChatTarget, message: OutgoingMessage): Promise<{ id?: string }> {
    if (!target.channel) throw new SquallError('CHAT_TARGET_INVALID', 'a Slack message needs a channel');
    const ephemeral = message.ephemeral === true;
    if (ephemeral && !target.user) throw new SquallError('CHAT_TARGET_INVALID', 'an ephemeral Slack message needs the user who may see it');
    const rendering = renderSlackMessage(message, { fileThreshold: this.#fileThreshold, allowFile: !ephemeral });
    const thread = rendering.threaded ? target.thread : undefined;
    const where = { channel: target.channel, ...(thread ? { thread_ts: thread } : {}) };
    let id: string | undefined;
    for (const post of rendering.posts) {
      const ts = ephemeral
        ? await this.#call('chat.postEphemeral', () => this.#client.chat.postEphemeral({ ...where, user: target.user!, ...post }), target, post)
        : await this.#call('chat.postMessage', () => this.#client.chat.postMessage({ ...where, ...rendering.postArgs, ...post }), target, post);
      id ??= ts;
    }
    if (rendering.upload) {
      const { filename, title, content } = rendering.upload;
      const file = { filename, title, content };
      await this.#call(
        'files.uploadV2',
        () => this.#client.filesUploadV2(thread ? { ...file, channel_id: target.channel, thread_ts: thread } : { ...file, channel_id: target.channel }),
        target,
      );
    }
    this.#logger.debug('slack message sent', { channel: target.channel, thread, posts: rendering.posts.length, file: rendering.upload !== undefined, correlationId: message.correlationId });
    return id !== undefined ? { id } : {};
  }

  /** Runs one Web API call; returns the message ts. Slack's refusal becomes CHAT_SEND_FAILED. */
  async #call(method: string, call: () => Promise<unknown>, target: ChatTarget, post?: SlackPost): Promise<string | undefined> {
    try {
      const res = (await call()) as { ts?: string; message_ts?: string };
      return res.ts ?? res.message_ts;
    } catch (err) {
      const code = slackErrorCode(err);
      if (post && code !== undefined && NOT_A_MEMBER.has(code) && (await this.#viaResponseUrl(target, post))) return undefined;
      throw new SquallError('CHAT_SEND_FAILED', `Slack ${method} to ${target.channel} failed: ${code ?? errorMessage(err)}`, { cause: err });
    }
  }

  async #viaResponseUrl(target: ChatTarget, post: SlackPost): Promise<boolean> {
    const entry = this.#responseUrls.get(target.channel);
    if (!entry || entry.until < this.#clock.now() || entry.uses >= RESPONSE_URL_USES) return false;
    entry.uses += 1;
    const res = await fetch(entry.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'in_channel', ...post, ...(target.thread ? { thread_ts: target.thread } : {}) }),
    });
    if (!res.ok) this.#logger.warn('slack response_url refused the message', { status: res.status });
    return res.ok;
  }
}

/** `channel_not_found` and the like, from a WebAPIPlatformError's data. */
function slackErrorCode(err: unknown): string | undefined {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}
