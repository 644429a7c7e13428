/**
 * One side of the chat benchmark, run in its own process (by bench/chat.ts) so that its RSS is its
 * own: `tsx bench/chat-side.ts '<settings JSON>'`. Sets the side up, warms it up, runs the
 * sequential and the windowed phase, and prints one `@@chat-result <JSON>` line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commandFor, resultText } from './chat-fixture.js';
import { CHAT_PREFIX, type ChatSubject } from './chat-subject.js';
import { LatencyRecorder } from './support/latency.js';
import { RssSampler } from './support/rss-sampler.js';
import { RESULT_MARKER, type PhaseResult, type SideResult, type SideSettings } from './chat-results.js';

/** Closed loop: `window` senders, each sending its next command once the last one's result is back. */
async function phase(subject: ChatSubject, s: SideSettings, from: number, count: number, window: number): Promise<PhaseResult> {
  const latency = new LatencyRecorder(count);
  let next = from;
  const end = from + count;
  let wrong = 0;
  const sender = async () => {
    while (next < end) {
      const n = next++;
      const command = commandFor(n, s.aliases);
      const t0 = process.hrtime.bigint();
      const text = await subject.roundTrip(`${CHAT_PREFIX}${command.text}`, `m${n}`);
      latency.since(t0);
      if (text !== resultText(command.word, command.target)) {
        if (wrong++ === 0) console.error(`${s.side}: "${command.text}" got "${text}"`);
      }
    }
  };
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(window, count) }, sender));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const [p50 = Number.NaN, p99 = Number.NaN] = latency.percentiles(50, 99);
  return { messages: count, window, seconds, cpuSeconds: (used.user + used.system) / 1e6, p50, p99, mean: latency.mean(), wrong };
}

async function runSide(s: SideSettings): Promise<SideResult> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), `squall-bench-chat-${s.side}-`));
  let subject: ChatSubject | undefined;
  try {
    // Each side imports only its own code, so the other's modules never count in its RSS; the import is not part of setup time.
    const start = s.side === 'squall' ? (await import('./chat-squall.js')).startSquall : (await import('./chat-hubot.js')).startHubot;
    const started = performance.now();
    subject = await start(tmp, s.aliases);
    const setupMs = performance.now() - started;
    const setupRss = process.memoryUsage.rss();
    // Warm-up, so the JIT has compiled the hot paths before anything is timed.
    await phase(subject, s, 0, s.warmup, 1);
    await phase(subject, s, s.warmup, s.warmup, s.window);
    const rss = new RssSampler().start();
    let at = 2 * s.warmup;
    const sequential = await phase(subject, s, at, s.sequential, 1);
    at += s.sequential;
    const windowed = await phase(subject, s, at, s.messages, s.window);
    const peakRss = rss.stop();
    const sent = subject.sent;
    return { side: s.side, setupMs, setupRss, peakRss, sent, sequential, windowed, ...(s.keep ? { tmp } : {}) };
  } finally {
    await subject?.stop();
    if (!s.keep) rmSync(tmp, { recursive: true, force: true });
  }
}

const settings = JSON.parse(process.argv[2] ?? '{}') as SideSettings;
runSide(settings).then(
  (result) => {
    process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`, () => process.exit(0));
  },
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
