/**
 * The rules benchmark: 100 trigger types and 1,000 rules with mixed operators, loaded from a real
 * pack on disk through `createApp` with the lowdb store.
 *
 * a) match only: `RuleEngine.match` over pre-built trigger instances → instances/s, latency per instance;
 * b) end to end: `app.triggers.dispatch` (validation, stored instance, bus, rule enforcer, executor,
 *    `core.noop` executions stored in lowdb) → instances/s, executions/s, dispatch→completion latency;
 * b2) the same with every instance built to fire a rule, so executions/s shows the execution path's capacity;
 * c) peak RSS of each phase.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from '../src/app.js';
import { isCompleted, type TriggerInstance } from '../src/model/index.js';
import type { BenchArgs } from './support/args.js';
import type { Benchmark } from './support/benchmark.js';
import { LatencyRecorder } from './support/latency.js';
import { printTable } from './support/report.js';
import { reportEndToEnd, reportMatch, type EndToEndResult, type MatchResult } from './rules-report.js';
import { RssSampler } from './support/rss-sampler.js';
import { BENCH_PACK, PayloadGenerator, writeBenchPack, type BenchPack, type GeneratedEvent } from './rules-fixture.js';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const PHASES = ['match', 'e2e', 'saturated'] as const;
type Phase = (typeof PHASES)[number];

interface Settings {
  phases: Phase[];
  triggerTypes: number;
  rules: number;
  matchInstances: number;
  matchSeconds: number;
  e2eInstances: number;
  window: number;
  hitRate: number;
  seed: number;
  keep: boolean;
}

function settings(args: BenchArgs): Settings {
  const hitRate = args.number('hit-rate', 0.15, { allowZero: true });
  if (hitRate > 1) throw new Error('--hit-rate must be between 0 and 1');
  return {
    phases: args.list('phases', PHASES, PHASES) as Phase[],
    triggerTypes: Math.round(args.number('trigger-types', 100)),
    rules: Math.round(args.number('rules', 1000)),
    matchInstances: Math.round(args.number('match-instances', 200_000)),
    matchSeconds: args.number('match-seconds', 5),
    e2eInstances: Math.round(args.number('e2e-instances', 20_000)),
    window: Math.round(args.number('window', 256)),
    hitRate,
    seed: Math.round(args.number('seed', 1)),
    keep: args.flag('keep'),
  };
}

async function startApp(tmp: string, s: Settings): Promise<{ app: App; pack: BenchPack; loadMs: number }> {
  const packsDir = path.join(tmp, 'packs');
  const pack = writeBenchPack(packsDir, { triggerTypes: s.triggerTypes, rules: s.rules });
  const started = performance.now();
  const app = await createApp({
    root: tmp,
    env: {},
    quiet: true,
    overrides: { packsPaths: [packsDir, path.join(PROJECT_ROOT, 'packs')], dataDir: path.join(tmp, 'data'), store: { backend: 'lowdb', coalesceMs: 50 } },
  });
  const loadMs = performance.now() - started;
  const problems = app.problems.filter((p) => p.file?.includes(`${path.sep}${BENCH_PACK}${path.sep}`) || p.message.includes(`${BENCH_PACK}.`));
  const loaded = app.ruleEngine.rules().filter((r) => r.pack === BENCH_PACK).length;
  if (problems.length || loaded !== s.rules) {
    await app.stop();
    throw new Error(`the benchmark pack did not load cleanly (${loaded}/${s.rules} rules):\n${problems.map((p) => `  ${p.file ?? ''} ${p.message}`).join('\n')}`);
  }
  for (const [name, value] of Object.entries(pack.kv)) app.kv.set(name, value);
  await app.idle();
  return { app, pack, loadMs };
}

function instanceOf(e: GeneratedEvent, i: number): TriggerInstance {
  return { id: `bench-${i}`, trigger: e.trigger, payload: e.payload, occurrence_time: new Date().toISOString(), status: 'pending' };
}

/** Phase a: the engine alone, on a pool of pre-built instances (generation is not timed). */
async function matchOnly(app: App, pack: BenchPack, s: Settings): Promise<MatchResult> {
  const gen = new PayloadGenerator(pack, { seed: s.seed, targetShare: s.hitRate });
  const pool = Array.from({ length: Math.min(10_000, s.matchInstances) }, (_, i) => ({ event: gen.next(), i })).map(({ event, i }) => ({ event, instance: instanceOf(event, i) }));
  const engine = app.ruleEngine;
  // Warm-up, so the JIT has compiled the hot paths before anything is timed.
  for (let i = 0; i < Math.min(5_000, pool.length * 2); i++) engine.match(pool[i % pool.length]!.instance);

  const rss = new RssSampler().start();
  const latency = new LatencyRecorder(s.matchInstances);
  const r: MatchResult = { instances: 0, seconds: 0, cpuSeconds: 0, latency, matchedInstances: 0, matchedRules: 0, candidates: 0, targeted: 0, targetMissed: 0, errors: 0, peakRss: 0 };
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(s.matchSeconds * 1e9));
  let n = 0;
  while (n < s.matchInstances) {
    const chunkEnd = Math.min(s.matchInstances, n + 1000);
    for (; n < chunkEnd; n++) {
      const { event, instance } = pool[n % pool.length]!;
      const t0 = process.hrtime.bigint();
      const matches = engine.match(instance);
      latency.since(t0);
      let hit = 0;
      let targetHit = false;
      for (const m of matches) {
        if (m.verdict.error) r.errors++;
        if (!m.verdict.match) continue;
        hit++;
        if (m.rule.name === event.target) targetHit = true;
      }
      r.candidates += matches.length;
      r.matchedRules += hit;
      if (hit) r.matchedInstances++;
      if (event.target) {
        r.targeted++;
        if (!targetHit) r.targetMissed++;
      }
    }
    if (process.hrtime.bigint() >= deadline) break;
    // Let the RSS timer fire; the yield itself is not part of any instance's latency.
    await yieldToLoop();
  }
  r.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  r.cpuSeconds = cpuSecondsSince(cpu);
  r.instances = n;
  r.peakRss = rss.stop();
  return r;
}

/**
 * Phase b: the whole path. Dispatching is closed-loop: at most `window` instances are in flight
 * (dispatched, and not yet processed with every execution they caused completed), so latency
 * measures the system, not an unbounded backlog.
 */
async function endToEnd(app: App, pack: BenchPack, s: Settings, hitRate: number): Promise<EndToEndResult> {
  const gen = new PayloadGenerator(pack, { seed: s.seed + 1, targetShare: hitRate });
  const warmup = Math.min(2_000, Math.ceil(s.e2eInstances / 10));
  const events = Array.from({ length: warmup + s.e2eInstances }, () => gen.next());

  const latency = new LatencyRecorder(s.e2eInstances * 4);
  const byStatus = new Map<string, number>();
  const inFlight = new Map<string, { t0: bigint; pending: number; processed: boolean; measured: boolean }>();
  let settled = 0;
  let executions = 0;
  let wake: (() => void) | undefined;
  const settle = (id: string) => {
    inFlight.delete(id);
    settled++;
    if (wake) {
      const w = wake;
      wake = undefined;
      w();
    }
  };
  const offExec = app.executions.on((event) => {
    const id = event.execution.context.trigger_instance?.id;
    const entry = id === undefined ? undefined : inFlight.get(id);
    if (!entry || id === undefined) return;
    if (event.type === 'created') {
      entry.pending++;
      return;
    }
    if (!isCompleted(event.execution.status)) return;
    if (entry.measured) {
      latency.since(entry.t0);
      executions++;
      byStatus.set(event.execution.status, (byStatus.get(event.execution.status) ?? 0) + 1);
    }
    if (--entry.pending === 0 && entry.processed) settle(id);
  });
  // Subscribed after the rule enforcer, so by the time this runs every execution the instance causes has been created.
  const offBus = app.bus.subscribe((instance) => {
    const entry = inFlight.get(instance.id);
    if (!entry) return;
    entry.processed = true;
    if (entry.pending === 0) settle(instance.id);
  });

  const run = async (from: number, to: number, measured: boolean) => {
    let next = from;
    while (next < to) {
      const room = Math.min(s.window - inFlight.size, to - next);
      if (room <= 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      for (let k = 0; k < room; k++, next++) {
        const e = events[next]!;
        const t0 = process.hrtime.bigint();
        const instance = app.triggers.dispatch(e.trigger, e.payload);
        inFlight.set(instance.id, { t0, pending: 0, processed: false, measured });
      }
      await yieldToLoop();
    }
    await app.idle();
  };

  await run(0, warmup, false);
  await app.store.flush();
  const rss = new RssSampler().start();
  const before = settled;
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await run(warmup, warmup + s.e2eInstances, true);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuSeconds = cpuSecondsSince(cpu);
  const flushStarted = performance.now();
  await app.store.flush();
  const flushMs = performance.now() - flushStarted;
  const peakRss = rss.stop();
  offExec();
  offBus();
  if (settled - before !== s.e2eInstances) throw new Error(`only ${settled - before} of ${s.e2eInstances} instances were processed`);
  return { hitRate, instances: s.e2eInstances, seconds, cpuSeconds, executions, byStatus, latency, flushMs, peakRss };
}

export const rulesBenchmark: Benchmark = {
  description: 'rule matching alone and trigger → rule → noop execution end to end',
  options: {
    'trigger-types': 'trigger types in the generated pack (100)',
    rules: 'rules in the generated pack (1000)',
    'match-instances': 'most instances for the match-only phase (200000)',
    'match-seconds': 'longest match-only phase, seconds (5)',
    'e2e-instances': 'instances dispatched end to end (20000)',
    window: 'instances in flight end to end (256)',
    phases: `which phases to run, comma-separated (${PHASES.join(',')})`,
    'hit-rate': 'share of instances built to satisfy a rule in the mixed phases (0.15)',
    seed: 'traffic generator seed (1)',
    keep: 'keep the temporary directory',
  },
  async run(args) {
    const s = settings(args);
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'squall-bench-rules-'));
    let app: App | undefined;
    try {
      const started = await startApp(tmp, s);
      app = started.app;
      printTable(`setup: ${s.triggerTypes} trigger types, ${s.rules} rules (pack on disk, lowdb store)`, [
        { metric: 'createApp (load packs, compile rules)', value: `${started.loadMs.toFixed(0)} ms` },
      ]);
      // Each phase prints as soon as it is done; RSS peaks are process-wide, so later phases include earlier ones.
      if (s.phases.includes('match')) reportMatch(await matchOnly(app, started.pack, s));
      if (s.phases.includes('e2e')) reportEndToEnd('b) end to end, mixed traffic: dispatch → rules → core.noop executions in lowdb', s.window, await endToEnd(app, started.pack, s, s.hitRate));
      if (s.phases.includes('saturated')) reportEndToEnd('b2) end to end, every instance built to fire a rule', s.window, await endToEnd(app, started.pack, s, 1));
    } finally {
      await app?.stop();
      if (s.keep) console.log(`\nkept ${tmp}`);
      else rmSync(tmp, { recursive: true, force: true });
    }
  },
};
