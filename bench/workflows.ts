/**
 * The workflows benchmark: Orquesta workflows through the whole engine, and the conductor alone.
 *
 * A pack written to a temporary directory is loaded through `createApp` with the real lowdb store;
 * its workflows run as `app.executor.request({ ref })` + `app.executor.wait(id)`:
 * a) sequential: 1,000 `core.noop` tasks in a row (after a 50-task warm-up workflow);
 * b) with items: one task over 10,000 items, 50 at a time (after a 500-item warm-up);
 * c) the conductor alone for both shapes, `serialize()` (c1, c2) or `serializeJson()` (c1', c2')
 *    after every event, no executions.
 *
 * A transition's cost is read from the child executions' status events: the time between two
 * consecutive child completions (each completion is heard by the engine, which feeds the conductor,
 * starts the next child and checkpoints, and the next child runs). The mean is over those gaps, i.e.
 * first to last completion; total time / transitions, which includes the workflow's start, is printed too.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from '../src/app.js';
import { isCompleted, type Params } from '../src/model/index.js';
import type { Collection, Doc } from '../src/store/store.js';
import type { BenchArgs } from './support/args.js';
import type { Benchmark } from './support/benchmark.js';
import { LatencyRecorder } from './support/latency.js';
import { printTable } from './support/report.js';
import { RssSampler } from './support/rss-sampler.js';
import { conductorDeps, conductorItems, conductorSequential, transitionSamples } from './workflows-conductor.js';
import { WORKFLOW_ACTIONS, WORKFLOW_PACK, writeWorkflowPack } from './workflows-fixture.js';
import { reportConductor, reportEngine, type CheckpointStats, type EngineResult, type Shape } from './workflows-report.js';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const PHASES = ['conductor', 'sequential', 'items'] as const;
type Phase = (typeof PHASES)[number];

interface Settings {
  phases: Phase[];
  tasks: number;
  items: number;
  concurrency: number;
  warmupTasks: number;
  warmupItems: number;
  keep: boolean;
}

function settings(args: BenchArgs): Settings {
  const whole = (name: string, fallback: number) => Math.max(1, Math.round(args.number(name, fallback)));
  return {
    phases: args.list('phases', PHASES, PHASES) as Phase[],
    tasks: Math.max(2, whole('tasks', 1000)),
    items: whole('items', 10_000),
    concurrency: whole('concurrency', 50),
    warmupTasks: Math.max(2, whole('warmup-tasks', 50)),
    warmupItems: whole('warmup-items', 500),
    keep: args.flag('keep'),
  };
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** The checkpoint document as the engine writes it; only what is measured here. */
interface CheckpointDoc extends Doc {
  conductor?: string;
}

/**
 * Counts and times the puts into the `workflows` collection by wrapping `put` on the collection
 * object the store hands out (the engine holds the same one). Bytes come from the journal's size
 * before and after each put: exactly the line written, without serializing the document again.
 */
class CheckpointProbe {
  readonly #collection: Collection<CheckpointDoc>;
  readonly #journal: string;
  readonly #original: (doc: CheckpointDoc) => void;
  #stats: CheckpointStats = CheckpointProbe.#empty();

  constructor(app: App, journal: string) {
    this.#collection = app.store.collection<CheckpointDoc>('workflows');
    this.#journal = journal;
    this.#original = this.#collection.put.bind(this.#collection);
    this.#collection.put = (doc) => this.#put(doc);
  }

  static #empty(): CheckpointStats {
    return { count: 0, bytes: 0, largest: 0, putNs: 0, finalDocBytes: Number.NaN, finalConductorBytes: Number.NaN };
  }

  /** Starts a new count; returns the previous one. */
  reset(): CheckpointStats {
    const stats = this.#stats;
    this.#stats = CheckpointProbe.#empty();
    return stats;
  }

  /** The current count, with the final document of `workflowId`. */
  finish(workflowId: string): CheckpointStats {
    const doc = this.#collection.get(workflowId);
    const stats = this.reset();
    if (doc) {
      stats.finalDocBytes = Buffer.byteLength(JSON.stringify(doc));
      stats.finalConductorBytes = typeof doc.conductor === 'string' ? Buffer.byteLength(doc.conductor) : Number.NaN;
    }
    return stats;
  }

  restore(): void {
    this.#collection.put = this.#original;
  }

  #size(): number {
    try {
      return statSync(this.#journal).size;
    } catch {
      return Number.NaN;
    }
  }

  #put(doc: CheckpointDoc): void {
    const before = this.#size();
    const t0 = process.hrtime.bigint();
    this.#original(doc);
    this.#stats.putNs += Number(process.hrtime.bigint() - t0);
    const bytes = this.#size() - before;
    this.#stats.count++;
    this.#stats.bytes += bytes;
    if (bytes > this.#stats.largest) this.#stats.largest = bytes;
  }
}

interface Bench {
  app: App;
  probe: CheckpointProbe;
  storeFile: string;
}

async function startApp(tmp: string, s: Settings): Promise<Bench & { loadMs: number }> {
  const packsDir = path.join(tmp, 'packs');
  writeWorkflowPack(packsDir, { sequentialTasks: s.tasks, warmupTasks: s.warmupTasks, concurrency: s.concurrency });
  const dataDir = path.join(tmp, 'data');
  const started = performance.now();
  const app = await createApp({
    root: tmp,
    env: {},
    quiet: true,
    overrides: { packsPaths: [packsDir, path.join(PROJECT_ROOT, 'packs')], dataDir, store: { backend: 'lowdb', coalesceMs: 50 } },
  });
  const loadMs = performance.now() - started;
  const problems = app.problems.filter((p) => p.file?.includes(`${path.sep}${WORKFLOW_PACK}${path.sep}`) || p.message.includes(`${WORKFLOW_PACK}.`));
  const missing = Object.values(WORKFLOW_ACTIONS).filter((name) => !app.content.action(`${WORKFLOW_PACK}.${name}`));
  if (problems.length || missing.length) {
    await app.stop();
    throw new Error(`the benchmark pack did not load cleanly (missing: ${missing.join(', ') || 'none'}):\n${problems.map((p) => `  ${p.file ?? ''} ${p.message}`).join('\n')}`);
  }
  // The lowdb store's file names (see LowdbStore): the snapshot and its journal next to it.
  const storeFile = path.join(dataDir, 'squall.json');
  return { app, probe: new CheckpointProbe(app, `${storeFile}.journal`), storeFile, loadMs };
}

/**
 * Runs one workflow execution to its end and measures it from its children's status events.
 * `transitions` is how many per-transition samples the shape gives: for the sequential shape the
 * gaps between consecutive child completions (children − 1), for with-items every completion
 * after the previous one (the first is counted from the first child's creation).
 */
async function runWorkflow(b: Bench, shape: Shape, action: string, parameters: Params, expectedChildren: number, title: string): Promise<EngineResult> {
  const { app, probe } = b;
  const transitions = shape === 'sequential' ? expectedChildren - 1 : expectedChildren;
  const samples = transitionSamples(transitions);
  const childLatency = new LatencyRecorder(expectedChildren);
  const created = new Map<string, bigint>();
  let workflowId: string | undefined;
  let lastDone: bigint | undefined;
  let firstDone: bigint | undefined;
  let completed = 0;
  let sample = 0;
  const off = app.executions.on((event) => {
    const e = event.execution;
    if (workflowId === undefined || e.parent !== workflowId) return;
    const now = process.hrtime.bigint();
    if (event.type === 'created') {
      created.set(e.id, now);
      // With items, the first sample runs from the first child's creation.
      lastDone ??= shape === 'items' ? now : undefined;
      return;
    }
    if (!isCompleted(e.status)) return;
    const t0 = created.get(e.id);
    if (t0 !== undefined) childLatency.record(Number(now - t0));
    created.delete(e.id);
    completed++;
    firstDone ??= now;
    if (lastDone !== undefined && sample < transitions) samples.add(sample++, Number(now - lastDone));
    lastDone = now;
  });

  probe.reset();
  const rss = new RssSampler().start();
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const execution = app.executor.request({ ref: `${WORKFLOW_PACK}.${action}`, parameters });
  workflowId = execution.id;
  const done = await app.executor.wait(execution.id);
  const ended = process.hrtime.bigint();
  const cpuSeconds = cpuSecondsSince(cpu);
  off();
  const checkpoints = probe.finish(execution.id);
  const flushStarted = performance.now();
  await app.store.flush();
  const flushMs = performance.now() - flushStarted;
  const peakRss = rss.stop();
  if (done.status !== 'succeeded' || completed !== expectedChildren) {
    throw new Error(`${title}: the workflow ended ${done.status} with ${completed} of ${expectedChildren} children completed: ${JSON.stringify(done.result).slice(0, 500)}`);
  }
  return {
    shape,
    title,
    status: done.status,
    children: completed,
    seconds: Number(ended - started) / 1e9,
    cpuSeconds,
    transitions,
    transitionNs: samples,
    startNs: Number((firstDone ?? ended) - started),
    finishNs: Number(ended - (lastDone ?? ended)),
    childLatency,
    checkpoints,
    storeFileBytes: statSync(b.storeFile).size,
    flushMs,
    peakRss,
  };
}

async function enginePhases(b: Bench, s: Settings): Promise<void> {
  if (s.phases.includes('sequential')) {
    await runWorkflow(b, 'sequential', WORKFLOW_ACTIONS.warmupSequential, {}, s.warmupTasks, 'warm-up');
    await b.app.idle();
    reportEngine(await runWorkflow(b, 'sequential', WORKFLOW_ACTIONS.sequential, {}, s.tasks, `a) engine, sequential: ${s.tasks} core.noop tasks, one checkpoint per event`));
    await b.app.idle();
  }
  if (s.phases.includes('items')) {
    await runWorkflow(b, 'items', WORKFLOW_ACTIONS.items, { count: s.warmupItems }, s.warmupItems, 'warm-up');
    await b.app.idle();
    reportEngine(
      await runWorkflow(b, 'items', WORKFLOW_ACTIONS.items, { count: s.items }, s.items, `b) engine, with items: core.noop over ${s.items} items, concurrency ${s.concurrency}`),
    );
    await b.app.idle();
  }
}

function conductorPhase(s: Settings): void {
  const deps = conductorDeps();
  // Warm-up runs of both shapes, not reported.
  conductorSequential(s.warmupTasks, deps, 'serialize', 'warm-up');
  conductorItems(s.warmupItems, s.concurrency, deps, 'serialize', 'warm-up');
  for (const mode of ['serialize', 'serializeJson'] as const) {
    const tag = mode === 'serialize' ? '' : "'";
    reportConductor(conductorSequential(s.tasks, deps, mode, `c1${tag}) conductor only, sequential: ${s.tasks} tasks, ${mode}() after every event`));
  }
  for (const mode of ['serialize', 'serializeJson'] as const) {
    const tag = mode === 'serialize' ? '' : "'";
    reportConductor(conductorItems(s.items, s.concurrency, deps, mode, `c2${tag}) conductor only, with items: ${s.items} items, concurrency ${s.concurrency}, ${mode}() after every event`));
  }
}

export const workflowsBenchmark: Benchmark = {
  description: 'Orquesta workflows: 1,000 sequential tasks and 10,000 items, engine (lowdb checkpoints) and conductor alone',
  options: {
    tasks: 'tasks in the sequential workflow (1000)',
    items: 'items of the with-items task (10000)',
    concurrency: 'with-items concurrency (50)',
    'warmup-tasks': 'tasks in the sequential warm-up workflow (50)',
    'warmup-items': 'items in the with-items warm-up workflow (500)',
    phases: `which phases to run, comma-separated (${PHASES.join(',')})`,
    keep: 'keep the temporary directory',
  },
  async run(args) {
    const s = settings(args);
    // The conductor alone first, while the process is small: its RSS is not the engine's.
    if (s.phases.includes('conductor')) conductorPhase(s);
    if (!s.phases.includes('sequential') && !s.phases.includes('items')) return;
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'squall-bench-workflows-'));
    let bench: Bench | undefined;
    try {
      const started = await startApp(tmp, s);
      bench = started;
      printTable(`setup: pack with a ${s.tasks}-task workflow and a with-items workflow (lowdb store)`, [
        { metric: 'createApp (load packs)', value: `${started.loadMs.toFixed(0)} ms` },
      ]);
      await enginePhases(bench, s);
    } finally {
      bench?.probe.restore();
      await bench?.app.stop();
      if (s.keep) console.log(`\nkept ${tmp}`);
      else rmSync(tmp, { recursive: true, force: true });
    }
  },
};
