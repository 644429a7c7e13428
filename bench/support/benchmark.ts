import type { BenchArgs } from './args.js';

/** One benchmark as the runner (`bench/run.ts`) sees it. */
export interface Benchmark {
  /** One line for the list printed by `npm run bench -- --help`. */
  readonly description: string;
  /** The options it reads, name → description. */
  readonly options: Readonly<Record<string, string>>;
  /** Runs and prints its report. Timing never fails it; only a crash does. */
  run(args: BenchArgs): Promise<void>;
}
