/**
 * The chat middleware onion: each middleware gets the context and a `next` that runs the rest of
 * the chain; not calling `next` stops the event there (a bot's own message, a rate-limited user).
 * Modelled on Bolt's `middleware/process.ts`.
 */
import type { ChatEvent, OutgoingMessage } from './adapter.js';
import type { Logger } from '../util/logger.js';

/** What one event carries through the chain. */
export interface ChatContext {
  /** The event; middleware may set `addressed`, `correlationId` and strip the prefix from `text`. */
  readonly event: ChatEvent;
  /** Replies to the user who wrote the event, in its thread; errors go ephemeral where the platform allows. */
  reply(message: OutgoingMessage): Promise<void>;
  /** Carries the correlation id once it is assigned. */
  logger: Logger;
  /** What earlier middleware found out for later ones (the matched alias, ...). */
  readonly state: Record<string, unknown>;
}

export type NextFn = () => Promise<void>;
export type ChatMiddleware = (ctx: ChatContext, next: NextFn) => Promise<void>;

/**
 * Runs `chain` in order around `ctx`. A middleware that calls `next()` twice gets an error from
 * the second call instead of running the rest of the chain again.
 */
export async function runMiddleware(chain: readonly ChatMiddleware[], ctx: ChatContext): Promise<void> {
  let last = -1;
  const step = async (i: number): Promise<void> => {
    if (i <= last) throw new Error(`chat middleware ${i - 1} called next() more than once`);
    last = i;
    const middleware = chain[i];
    if (middleware) await middleware(ctx, () => step(i + 1));
  };
  await step(0);
}
