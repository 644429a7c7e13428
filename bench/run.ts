/**
 * The benchmark runner. `npm run bench` runs every benchmark; `npm run bench -- rules` only the
 * named ones; options follow the names (`npm run bench -- rules --e2e-instances=5000`).
 * Benchmarks are loaded on demand so that one benchmark's imports never slow another's start.
 * Missing a goal is reported, not failed: the exit code is non-zero only on a crash or bad usage.
 */
import os from 'node:os';
import { BenchArgs } from './support/args.js';
import type { Benchmark } from './support/benchmark.js';

/** Every benchmark, by the name given on the command line. */
const BENCHMARKS: Readonly<Record<string, () => Promise<Benchmark>>> = {
  rules: async () => (await import('./rules.js')).rulesBenchmark,
  workflows: async () => (await import('./workflows.js')).workflowsBenchmark,
  chat: async () => (await import('./chat.js')).chatBenchmark,
};

function usage(loaded: ReadonlyMap<string, Benchmark>): string {
  const lines = ['usage: npm run bench [-- <name>... [--option=value...]]', '', 'benchmarks:'];
  for (const [name, b] of loaded) {
    lines.push(`  ${name.padEnd(10)} ${b.description}`);
    for (const [opt, text] of Object.entries(b.options)) lines.push(`      --${opt.padEnd(20)} ${text}`);
  }
  return lines.join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const firstOption = argv.findIndex((a) => a.startsWith('--'));
  const names = firstOption === -1 ? [...argv] : argv.slice(0, firstOption);
  const args = new BenchArgs(firstOption === -1 ? [] : argv.slice(firstOption));
  const unknown = names.filter((n) => !(n in BENCHMARKS));
  const selected = names.length ? names : Object.keys(BENCHMARKS);
  const loaded = new Map<string, Benchmark>();
  for (const name of unknown.length || args.flag('help') ? Object.keys(BENCHMARKS) : selected) loaded.set(name, await BENCHMARKS[name]!());
  if (unknown.length || args.flag('help')) {
    if (unknown.length) console.error(`unknown benchmark: ${unknown.join(', ')}\n`);
    console.error(usage(loaded));
    return unknown.length ? 2 : 0;
  }
  const known = [...loaded.values()].flatMap((b) => Object.keys(b.options));
  const badOptions = args.unknown([...known, 'help']);
  if (badOptions.length) {
    console.error(`unknown option: ${badOptions.map((o) => `--${o}`).join(', ')}\n`);
    console.error(usage(loaded));
    return 2;
  }
  console.log(`machine: ${os.cpus().length} cpus (${os.cpus()[0]?.model ?? 'unknown'}), node ${process.version}, ${os.platform()} ${os.arch()}`);
  for (const [name, benchmark] of loaded) {
    console.log(`\n=== ${name}: ${benchmark.description}`);
    await benchmark.run(args);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 1;
  },
);
