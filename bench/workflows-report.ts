/** The workflows benchmark's results and how they are printed, with the goal they are held to. */
import type { LatencyRecorder } from './support/latency.js';
import { formatBytes, formatCount, formatNs, formatRate, printTable, type ReportRow } from './support/report.js';

/** Goal (issue 3): under 1 ms per task transition, checkpoint included. */
export const GOAL_TRANSITION_NS = 1_000_000;

/** The two workflow shapes. */
export type Shape = 'sequential' | 'items';

/**
 * Per-transition samples, with the first and last tenth kept apart: a cost that grows with the
 * workflow's progress (a checkpoint that grows with every task) shows as a late median above the early one.
 */
export interface TransitionSamples {
  all: LatencyRecorder;
  early: LatencyRecorder;
  late: LatencyRecorder;
}

/** What the store saw of the checkpoints (`workflows` collection puts) during a run. */
export interface CheckpointStats {
  /** `put`s into the `workflows` collection. */
  count: number;
  /** Journal bytes those puts appended (NaN without a journal). */
  bytes: number;
  /** The largest single checkpoint line, bytes. */
  largest: number;
  /** Time spent inside those puts (JSON copy and journal write), ns. */
  putNs: number;
  /** The workflow's checkpoint document once it completed: whole, and its serialized conductor alone. */
  finalDocBytes: number;
  finalConductorBytes: number;
}

/** What one engine run (one workflow execution) measured. */
export interface EngineResult {
  shape: Shape;
  title: string;
  status: string;
  /** Child executions that completed. */
  children: number;
  /** Request of the workflow → its completion. */
  seconds: number;
  cpuSeconds: number;
  /** Transitions the per-transition samples cover. */
  transitions: number;
  transitionNs: TransitionSamples;
  /** Request → first child completed (inspection, parsing, first task), and last child → workflow completed. */
  startNs: number;
  finishNs: number;
  /** Child executions, created → completed. */
  childLatency: LatencyRecorder;
  checkpoints: CheckpointStats;
  /** The store file after a flush, and how long that flush took. */
  storeFileBytes: number;
  flushMs: number;
  peakRss: number;
}

/** What one conductor-only run measured. */
export interface ConductorResult {
  shape: Shape;
  title: string;
  status: string;
  events: number;
  transitions: number;
  seconds: number;
  transitionNs: TransitionSamples;
  /** Which call serialized the conductor after every event. */
  serializer: 'serialize' | 'serializeJson';
  /** Time inside those calls over the run, ns. */
  serializeNs: number;
  serializations: number;
  /** `serializeJson()` of the final conductor, bytes. */
  finalBytes: number;
  peakRss: number;
}

export function formatKiB(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'n/a';
  return bytes >= 10 * 1024 * 1024 ? formatBytes(bytes) : `${(bytes / 1024).toFixed(1)} KiB`;
}

function goalRow(metric: string, ns: number): ReportRow {
  return { metric, value: formatNs(ns), goal: `< ${formatNs(GOAL_TRANSITION_NS)}`, met: ns < GOAL_TRANSITION_NS };
}

function transitionRows(t: TransitionSamples): ReportRow[] {
  const [p50, p99, max] = t.all.percentiles(50, 99, 100);
  const [early] = t.early.percentiles(50);
  const [late] = t.late.percentiles(50);
  return [
    goalRow('cost per transition: median', p50!),
    goalRow('cost per transition: mean', t.all.mean()),
    { metric: 'cost per transition: p99 / max', value: `${formatNs(p99!)} / ${formatNs(max!)}` },
    { metric: 'cost per transition: median, first / last tenth', value: `${formatNs(early!)} / ${formatNs(late!)}` },
  ];
}

/** Prints one engine run. */
export function reportEngine(r: EngineResult): void {
  const [c50, c99] = r.childLatency.percentiles(50, 99);
  const c = r.checkpoints;
  const rows: ReportRow[] = [
    { metric: 'workflow', value: `${r.status}, ${formatCount(r.children)} child executions in ${r.seconds.toFixed(2)} s` },
    ...transitionRows(r.transitionNs),
    { metric: 'total time / transitions (start included)', value: formatNs((r.seconds * 1e9) / Math.max(1, r.transitions)) },
    { metric: 'CPU time per transition', value: formatNs((r.cpuSeconds * 1e9) / Math.max(1, r.transitions)) },
    { metric: 'execution throughput', value: formatRate(r.children / r.seconds, 'executions') },
    { metric: 'start (request → first child done) / finish', value: `${formatNs(r.startNs)} / ${formatNs(r.finishNs)}` },
    { metric: 'child created → completed p50 / p99', value: `${formatNs(c50!)} / ${formatNs(c99!)}` },
    { metric: 'checkpoints written', value: `${formatCount(c.count)} (${(c.count / Math.max(1, r.transitions)).toFixed(2)} per transition)` },
    { metric: 'checkpoint bytes: total / mean / largest', value: `${formatKiB(c.bytes)} / ${formatKiB(c.bytes / Math.max(1, c.count))} / ${formatKiB(c.largest)}` },
    { metric: 'checkpoint store put: total / per transition', value: `${formatNs(c.putNs)} / ${formatNs(c.putNs / Math.max(1, r.transitions))}` },
    { metric: 'final checkpoint doc (conductor JSON)', value: `${formatKiB(c.finalDocBytes)} (${formatKiB(c.finalConductorBytes)})` },
    { metric: 'store file after flush / flush time', value: `${formatKiB(r.storeFileBytes)} / ${r.flushMs.toFixed(0)} ms` },
    { metric: 'peak RSS', value: formatBytes(r.peakRss) },
  ];
  printTable(r.title, rows);
}

/** Prints one conductor-only run. */
export function reportConductor(r: ConductorResult): void {
  const rows: ReportRow[] = [
    { metric: 'workflow', value: `${r.status}, ${formatCount(r.events)} task events in ${r.seconds.toFixed(2)} s` },
    ...transitionRows(r.transitionNs),
    { metric: `${r.serializer}(): share of the time / per call`, value: `${((100 * r.serializeNs) / (r.seconds * 1e9)).toFixed(0)}% / ${formatNs(r.serializeNs / Math.max(1, r.serializations))}` },
    { metric: 'serialized conductor at the end', value: formatKiB(r.finalBytes) },
    { metric: 'peak RSS', value: formatBytes(r.peakRss) },
  ];
  printTable(r.title, rows);
}
