/**
 * Per-operation latencies in nanoseconds, kept in a preallocated array so that recording costs
 * one store and no allocation inside the measured loop.
 */
export class LatencyRecorder {
  readonly #samples: Float64Array;
  #count = 0;

  constructor(capacity: number) {
    this.#samples = new Float64Array(capacity);
  }

  /** Records one latency; samples beyond the capacity are dropped (the count still says how many were offered). */
  record(ns: number): void {
    if (this.#count < this.#samples.length) this.#samples[this.#count] = ns;
    this.#count++;
  }

  /** Records the time from `startNs` (a `process.hrtime.bigint()` reading) to now. */
  since(startNs: bigint): void {
    this.record(Number(process.hrtime.bigint() - startNs));
  }

  get count(): number {
    return this.#count;
  }

  /** Percentiles (0-100) in nanoseconds, nearest-rank; NaN when nothing was recorded. */
  percentiles(...ps: number[]): number[] {
    const n = Math.min(this.#count, this.#samples.length);
    if (n === 0) return ps.map(() => Number.NaN);
    // Typed-array sort is numeric and in place on the copy.
    const sorted = this.#samples.slice(0, n).sort();
    return ps.map((p) => sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))]!);
  }

  /** Arithmetic mean in nanoseconds. */
  mean(): number {
    const n = Math.min(this.#count, this.#samples.length);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += this.#samples[i]!;
    return n === 0 ? Number.NaN : sum / n;
  }
}
