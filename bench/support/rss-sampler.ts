/**
 * Peak resident set size of the process over a phase: sampled on a timer (every 50 ms by default)
 * and whenever the benchmark calls {@link RssSampler.sample} from a loop that does not yield.
 * RSS is process-wide, so a later phase's peak includes what earlier phases still hold.
 */
export class RssSampler {
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #peak = 0;
  #lastSampleMs = 0;

  constructor(intervalMs = 50) {
    this.#intervalMs = intervalMs;
  }

  start(): this {
    this.#peak = 0;
    this.sample();
    this.#timer = setInterval(() => this.sample(), this.#intervalMs);
    // Never keep the process alive just to sample.
    this.#timer.unref();
    return this;
  }

  /** Takes a sample now. */
  sample(): void {
    this.#lastSampleMs = performance.now();
    const rss = process.memoryUsage.rss();
    if (rss > this.#peak) this.#peak = rss;
  }

  /** Takes a sample if the interval has passed since the last one (for loops that seldom yield). */
  maybeSample(): void {
    if (performance.now() - this.#lastSampleMs >= this.#intervalMs) this.sample();
  }

  /** Stops sampling; returns the peak in bytes. */
  stop(): number {
    this.sample();
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    return this.#peak;
  }
}
