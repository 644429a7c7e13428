import type { Clock } from '../../util/clock.js';

/**
 * Ids seen recently, for dropping redeliveries. Slack redelivers an Events API event (same
 * `event_id`, `X-Slack-Retry-Num` / `retry_attempt` > 0) when the first delivery was not
 * acknowledged in 3 s, and retries for up to ~5 minutes; running the command twice would be
 * worse than the delay. Entries expire after `ttlMs`; at most `max` are kept (oldest dropped).
 */
export class RecentIds {
  readonly #seen = new Map<string, number>();
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #max: number;

  constructor(clock: Clock, ttlMs = 10 * 60_000, max = 10_000) {
    this.#clock = clock;
    this.#ttlMs = ttlMs;
    this.#max = max;
  }

  /** Records the id; true when it was already recorded and has not expired. */
  seen(id: string): boolean {
    const now = this.#clock.now();
    this.#expire(now);
    if (this.#seen.has(id)) return true;
    this.#seen.set(id, now);
    if (this.#seen.size > this.#max) {
      const oldest = this.#seen.keys().next();
      if (!oldest.done) this.#seen.delete(oldest.value);
    }
    return false;
  }

  #expire(now: number): void {
    // Insertion order is time order, so expiry stops at the first live entry.
    for (const [id, at] of this.#seen) {
      if (now - at < this.#ttlMs) break;
      this.#seen.delete(id);
    }
  }
}
