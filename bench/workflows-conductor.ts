/**
 * The conductor alone: `WorkflowConductor` driven directly, the way the engine drives it (a
 * task's `running`, then its completion, each followed by `serialize()`, or by `serializeJson()`
 * which is what the engine's checkpoint calls), with no executions, no
 * store and no event loop in between. Set against the engine runs, it shows how much of a
 * transition is the conductor (and its serialization) and how much is everything around it.
 *
 * - sequential: a transition is `getNextTasks()` + `running` + serialize + `succeeded` + serialize;
 * - items: the in-flight items complete first in, first out; a transition is one item's
 *   `succeeded` + serialize + `getNextTasks()` (one freed slot) + the next item's `running` + serialize.
 */
import { JinjaRenderer } from '../src/expressions/jinja.js';
import { createWorkflowExpressions, WORKFLOW_JINJA_FILTERS } from '../src/expressions/workflow-expressions.js';
import { WorkflowConductor, type ConductorDeps, type NextTask } from '../src/workflows/conductor.js';
import { actionEvent, itemEvent } from '../src/workflows/events.js';
import { parseWorkflow } from '../src/workflows/spec.js';
import { LatencyRecorder } from './support/latency.js';
import { RssSampler } from './support/rss-sampler.js';
import { itemsWorkflow, sequentialWorkflow } from './workflows-fixture.js';
import type { ConductorResult, TransitionSamples } from './workflows-report.js';

/** What `core.noop` returns; the conductor hears it as each task's result. */
const NOOP_RESULT = { failed: false, succeeded: true, return_code: 0 } as const;

/** The conductor's dependencies as the engine has them, minus StackStorm's `task()`/`st2kv()` (the workflows use neither). */
export function conductorDeps(): ConductorDeps {
  return { expressions: createWorkflowExpressions({ jinja: new JinjaRenderer({ filters: WORKFLOW_JINJA_FILTERS }) }) };
}

/** Samples for `n` transitions, the first and last tenth also apart. */
export function transitionSamples(n: number): TransitionSamples & { add(i: number, ns: number): void } {
  const tenth = Math.max(1, Math.floor(n / 10));
  const all = new LatencyRecorder(Math.max(1, n));
  const early = new LatencyRecorder(tenth);
  const late = new LatencyRecorder(tenth);
  return {
    all,
    early,
    late,
    add(i, ns) {
      all.record(ns);
      if (i < tenth) early.record(ns);
      if (i >= n - tenth) late.record(ns);
    },
  };
}

/** How the conductor is serialized after every event: `serialize()` (a plain-JSON copy) or `serializeJson()` (text, what the engine checkpoints). */
export type SerializeMode = 'serialize' | 'serializeJson';

/** Times the serialization calls. */
class Serializer {
  readonly #json: boolean;
  ns = 0;
  calls = 0;

  constructor(mode: SerializeMode) {
    this.#json = mode === 'serializeJson';
  }

  run(conductor: WorkflowConductor): void {
    const t0 = process.hrtime.bigint();
    if (this.#json) conductor.serializeJson();
    else conductor.serialize();
    this.ns += Number(process.hrtime.bigint() - t0);
    this.calls++;
  }
}

function expectSucceeded(conductor: WorkflowConductor, what: string): void {
  if (conductor.status !== 'succeeded') {
    throw new Error(`the conductor-only ${what} workflow ended ${conductor.status}: ${JSON.stringify(conductor.errors).slice(0, 500)}`);
  }
}

/** The sequential shape of `tasks` tasks. */
export function conductorSequential(tasks: number, deps: ConductorDeps, mode: SerializeMode, title: string): ConductorResult {
  const spec = parseWorkflow(sequentialWorkflow(tasks));
  const rss = new RssSampler().start();
  const samples = transitionSamples(tasks);
  const ser = new Serializer(mode);
  const started = process.hrtime.bigint();
  const conductor = WorkflowConductor.create({ spec, inputs: {} }, deps);
  conductor.requestWorkflowStatus('running');
  ser.run(conductor);
  let events = 0;
  for (let i = 0; ; i++) {
    const t0 = process.hrtime.bigint();
    const next = conductor.getNextTasks();
    if (next.length === 0) break;
    for (const task of next) {
      conductor.updateTaskState(task.id, task.route, actionEvent('running'));
      ser.run(conductor);
      conductor.updateTaskState(task.id, task.route, actionEvent('succeeded', NOOP_RESULT));
      ser.run(conductor);
      events += 2;
    }
    samples.add(i, Number(process.hrtime.bigint() - t0));
    rss.maybeSample();
  }
  conductor.renderWorkflowOutput();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  expectSucceeded(conductor, 'sequential');
  if (conductor.taskRuns().length !== tasks) throw new Error(`the conductor ran ${conductor.taskRuns().length} of ${tasks} tasks`);
  return {
    shape: 'sequential',
    title,
    status: conductor.status,
    events,
    transitions: tasks,
    seconds,
    transitionNs: samples,
    serializer: mode,
    serializeNs: ser.ns,
    serializations: ser.calls,
    finalBytes: Buffer.byteLength(conductor.serializeJson()),
    peakRss: rss.stop(),
  };
}

/** The with-items shape: `items` items, `concurrency` at a time. */
export function conductorItems(items: number, concurrency: number, deps: ConductorDeps, mode: SerializeMode, title: string): ConductorResult {
  const spec = parseWorkflow(itemsWorkflow(concurrency));
  const rss = new RssSampler().start();
  const samples = transitionSamples(items);
  const ser = new Serializer(mode);
  const started = process.hrtime.bigint();
  const conductor = WorkflowConductor.create({ spec, inputs: { count: items } }, deps);
  conductor.requestWorkflowStatus('running');
  ser.run(conductor);
  // Item results as the engine keeps them (index = item id), handed over with every completion.
  const results: unknown[] = [];
  const inFlight: { task: NextTask; itemId: number }[] = [];
  let head = 0;
  let events = 0;
  const startOffered = (): void => {
    for (const task of conductor.getNextTasks()) {
      for (const action of task.actions) {
        const itemId = action.itemId ?? 0;
        conductor.updateTaskState(task.id, task.route, itemEvent(itemId, 'running'));
        ser.run(conductor);
        events++;
        inFlight.push({ task, itemId });
      }
    }
  };
  startOffered();
  for (let i = 0; head < inFlight.length; i++) {
    const t0 = process.hrtime.bigint();
    const { task, itemId } = inFlight[head++]!;
    results[itemId] = NOOP_RESULT;
    conductor.updateTaskState(task.id, task.route, itemEvent(itemId, 'succeeded', NOOP_RESULT, results));
    ser.run(conductor);
    events++;
    startOffered();
    samples.add(i, Number(process.hrtime.bigint() - t0));
    rss.maybeSample();
  }
  conductor.renderWorkflowOutput();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  expectSucceeded(conductor, 'with-items');
  if (head !== items) throw new Error(`the conductor started ${head} of ${items} items`);
  return {
    shape: 'items',
    title,
    status: conductor.status,
    events,
    transitions: items,
    seconds,
    transitionNs: samples,
    serializer: mode,
    serializeNs: ser.ns,
    serializations: ser.calls,
    finalBytes: Buffer.byteLength(conductor.serializeJson()),
    peakRss: rss.stop(),
  };
}
