import type { Clock } from '../../util/clock.js';
import type { ChatMiddleware } from '../middleware.js';

export interface RateLimitOptions {
  clock: Clock;
  /** Commands a user may send at once; 0 turns limiting off. */
  burst: number;
  /** Tokens added per minute, up to `burst`. */
  perMinute: number;
}

/** Buckets kept before full (idle) ones are dropped: a full bucket is the same as no bucket. */
const PRUNE_ABOVE = 10_000;

/**
 * Per-user token buckets. `take` spends one token and answers 0, or answers how many milliseconds
 * until the next token when the bucket is empty.
 */
export class TokenBuckets {
  readonly #options: RateLimitOptions;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(options: RateLimitOptions) {
    this.#options = options;
  }

  take(key: string): number {
    const now = this.#options.clock.now();
    const perMs = this.#options.perMinute / 60_000;
    const bucket = this.#refill(this.#buckets.get(key) ?? { tokens: this.#options.burst, at: now }, now, perMs);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.#buckets.set(key, bucket);
      if (this.#buckets.size > PRUNE_ABOVE) this.#prune(now, perMs);
      return 0;
    }
    this.#buckets.set(key, bucket);
    return Math.ceil((1 - bucket.tokens) / perMs);
  }

  #refill(bucket: { tokens: number; at: number }, now: number, perMs: number): { tokens: number; at: number } {
    return { tokens: Math.min(this.#options.burst, bucket.tokens + (now - bucket.at) * perMs), at: now };
  }

  #prune(now: number, perMs: number): void {
    for (const [key, bucket] of this.#buckets) if (this.#refill(bucket, now, perMs).tokens >= this.#options.burst) this.#buckets.delete(key);
  }
}

/**
 * Limits addressed commands per user (`platform:user-id`); a user over the limit is told when to
 * try again, only they see it, and nothing else happens. Chatter that does not address the bot
 * is not limited here.
 */
export function rateLimit(options: RateLimitOptions): ChatMiddleware {
  if (options.burst <= 0) return (_ctx, next) => next();
  const buckets = new TokenBuckets(options);
  return async (ctx, next) => {
    const { event } = ctx;
    if (!event.addressed) return next();
    const waitMs = buckets.take(`${event.platform}:${event.user.id}`);
    if (waitMs === 0) return next();
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    ctx.logger.warn('chat command rate limited', { platform: event.platform, user: event.user.id, retry_after_s: seconds });
    await ctx.reply({ text: `You are sending commands too fast; try again in ${seconds} s.`, ephemeral: true, color: 'warning' });
  };
}
