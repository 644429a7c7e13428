/**
 * The chat benchmark: a command typed in chat, matched among 500 aliases, running a noop action,
 * its result posted back to the adapter; the same scenario on Hubot with 500 `respond` listeners.
 * Each side runs in its own process (bench/chat-side.ts), one after the other, so neither's
 * memory or garbage collection counts against the other:
 *
 * a) sequential: one command at a time → round trip p50/p99 (message in → result message sent);
 * b) windowed: a closed loop with at most `window` commands in flight → messages/s and round trip;
 * c) peak RSS over both phases, RSS after setup, setup time.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchArgs } from './support/args.js';
import type { Benchmark } from './support/benchmark.js';
import { formatBytes, formatCount, formatNs, formatRate, printTable, type ReportRow } from './support/report.js';
import { RESULT_MARKER, SIDES, type PhaseResult, type Side, type SideResult, type SideSettings } from './chat-results.js';

const SIDE_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'chat-side.ts');

function settings(args: BenchArgs): Omit<SideSettings, 'side'> & { sides: Side[] } {
  return {
    sides: args.list('sides', SIDES, SIDES) as Side[],
    aliases: Math.round(args.number('aliases', 500)),
    warmup: Math.round(args.number('warmup', 1000, { allowZero: true })),
    sequential: Math.round(args.number('sequential', 2000)),
    messages: Math.round(args.number('messages', 20_000)),
    window: Math.round(args.number('window', 64)),
    keep: args.flag('keep'),
  };
}

/** Runs one side in a child process (with the same tsx loader as this one) and reads its result line. */
function runSide(s: SideSettings): Promise<SideResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, SIDE_SCRIPT, JSON.stringify(s)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      // Hubot logs through pino at `info` unless told otherwise; nothing it says at info is about the run.
      env: { ...process.env, HUBOT_LOG_LEVEL: 'warn' },
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_MARKER));
      if (code !== 0 || !line) return reject(new Error(`the ${s.side} side exited with code ${code}${out.trim() ? `:\n${out.trim()}` : ''}`));
      resolve(JSON.parse(line.slice(RESULT_MARKER.length)) as SideResult);
    });
  });
}

const rate = (p: PhaseResult) => p.messages / p.seconds;

/** "Squall 1.4× faster" / "Hubot 2.0× faster" for a pair where `higherIsBetter` says which way is good. */
function ratio(squall: number, hubot: number, higherIsBetter: boolean): string {
  if (!Number.isFinite(squall) || !Number.isFinite(hubot) || squall <= 0 || hubot <= 0) return 'n/a';
  const squallBetter = higherIsBetter ? squall >= hubot : squall <= hubot;
  const factor = squall >= hubot ? squall / hubot : hubot / squall;
  return `${squallBetter ? 'Squall' : 'Hubot'} ${factor.toFixed(2)}× ${higherIsBetter ? 'higher' : 'lower'}`;
}

function sideBySide(results: ReadonlyMap<Side, SideResult>): void {
  const sides = SIDES.filter((s) => results.has(s));
  const rows: { metric: string; values: (r: SideResult) => number; format: (n: number) => string; higherIsBetter: boolean }[] = [
    { metric: 'sequential round trip p50', values: (r) => r.sequential.p50, format: formatNs, higherIsBetter: false },
    { metric: 'sequential round trip p99', values: (r) => r.sequential.p99, format: formatNs, higherIsBetter: false },
    { metric: 'sequential messages/s', values: (r) => rate(r.sequential), format: (n) => formatRate(n, 'msg'), higherIsBetter: true },
    { metric: 'windowed messages/s', values: (r) => rate(r.windowed), format: (n) => formatRate(n, 'msg'), higherIsBetter: true },
    { metric: 'windowed round trip p50', values: (r) => r.windowed.p50, format: formatNs, higherIsBetter: false },
    { metric: 'windowed round trip p99', values: (r) => r.windowed.p99, format: formatNs, higherIsBetter: false },
    { metric: 'CPU per message (windowed)', values: (r) => (r.windowed.cpuSeconds * 1e9) / r.windowed.messages, format: formatNs, higherIsBetter: false },
    { metric: 'setup (load, start)', values: (r) => r.setupMs * 1e6, format: formatNs, higherIsBetter: false },
    { metric: 'RSS after setup', values: (r) => r.setupRss, format: formatBytes, higherIsBetter: false },
    { metric: 'peak RSS (timed phases)', values: (r) => r.peakRss, format: formatBytes, higherIsBetter: false },
  ];
  const header = ['metric', ...sides, ...(sides.length === 2 ? ['ratio'] : [])];
  const cells = rows.map((row) => {
    const v = sides.map((s) => row.values(results.get(s)!));
    return [row.metric, ...v.map(row.format), ...(sides.length === 2 ? [ratio(v[0]!, v[1]!, row.higherIsBetter)] : [])];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  console.log('');
  console.log('side by side');
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
}

export const chatBenchmark: Benchmark = {
  description: 'chat command → alias match among 500 → noop → result posted, against Hubot with 500 listeners',
  options: {
    aliases: 'aliases (Squall) and respond listeners (Hubot) (500)',
    sequential: 'commands sent one at a time (2000)',
    messages: 'commands sent in the windowed phase (20000)',
    window: 'commands in flight in the windowed phase (64)',
    warmup: 'untimed commands before each side is measured, sequential then windowed (1000 each)',
    sides: `which sides to run, comma-separated (${SIDES.join(',')})`,
    keep: 'keep the temporary directories',
  },
  async run(args) {
    const { sides, ...s } = settings(args);
    const results = new Map<Side, SideResult>();
    for (const side of sides) {
      const r = await runSide({ side, ...s });
      results.set(side, r);
      const rows: ReportRow[] = [
        { metric: 'setup', value: `${r.setupMs.toFixed(0)} ms` },
        { metric: 'messages sent to the adapter (acks and results, warm-up included)', value: formatCount(r.sent) },
        { metric: 'wrong or missing results', value: formatCount(r.sequential.wrong + r.windowed.wrong) },
      ];
      printTable(`${side}: ${s.aliases} ${side === 'squall' ? 'aliases (pack on disk, lowdb store)' : 'respond listeners'}, ${s.sequential} sequential + ${s.messages} windowed (window ${s.window}) commands`, rows);
      if (r.tmp) console.log(`kept ${r.tmp}`);
      if (r.sequential.wrong + r.windowed.wrong > 0) throw new Error(`${side}: ${r.sequential.wrong + r.windowed.wrong} commands got a wrong result; the timings would not mean anything`);
    }
    sideBySide(results);
  },
};
