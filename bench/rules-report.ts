/** The rules benchmark's results and how they are printed, with the goals they are held to. */
import type { LatencyRecorder } from './support/latency.js';
import { formatBytes, formatCount, formatNs, formatPercent, formatRate, printTable, type ReportRow } from './support/report.js';

/** Goals on the reference machine (2 cores). */
const GOAL_MATCH_PER_S = 20_000;
const GOAL_EXECUTIONS_PER_S = 1_000;

/** What the match-only phase measured. */
export interface MatchResult {
  instances: number;
  seconds: number;
  /** Process CPU time (user + system) over the phase, seconds: less sensitive than wall time to a busy machine. */
  cpuSeconds: number;
  latency: LatencyRecorder;
  matchedInstances: number;
  matchedRules: number;
  candidates: number;
  targeted: number;
  targetMissed: number;
  errors: number;
  peakRss: number;
}

/** What an end-to-end phase measured. */
export interface EndToEndResult {
  hitRate: number;
  instances: number;
  seconds: number;
  cpuSeconds: number;
  executions: number;
  byStatus: Map<string, number>;
  latency: LatencyRecorder;
  flushMs: number;
  peakRss: number;
}

/** Prints the match-only table, throughput against its goal. */
export function reportMatch(m: MatchResult): void {
  const [p50, p99, p999] = m.latency.percentiles(50, 99, 99.9);
  const rate = m.instances / m.seconds;
  printTable('a) match only: RuleEngine.match', [
    { metric: 'instances', value: `${formatCount(m.instances)} in ${m.seconds.toFixed(2)} s` },
    { metric: 'throughput', value: formatRate(rate, 'instances'), goal: `>= ${formatRate(GOAL_MATCH_PER_S, 'instances')}`, met: rate >= GOAL_MATCH_PER_S },
    { metric: 'latency p50 / p99 / p99.9', value: `${formatNs(p50!)} / ${formatNs(p99!)} / ${formatNs(p999!)}` },
    { metric: 'latency mean', value: formatNs(m.latency.mean()) },
    { metric: 'CPU time per instance', value: formatNs((m.cpuSeconds * 1e9) / m.instances) },
    { metric: 'candidate rules per instance', value: (m.candidates / m.instances).toFixed(1) },
    { metric: 'instances matching a rule', value: `${formatPercent(m.matchedInstances, m.instances)} (${(m.matchedRules / Math.max(1, m.matchedInstances)).toFixed(2)} rules each)` },
    { metric: 'targeted instances that missed their rule', value: `${formatCount(m.targetMissed)} of ${formatCount(m.targeted)}` },
    { metric: 'criteria errors', value: formatCount(m.errors) },
    { metric: 'peak RSS', value: formatBytes(m.peakRss) },
  ]);
}

/** Prints an end-to-end table, executions/s against its goal. */
export function reportEndToEnd(title: string, window: number, e: EndToEndResult): void {
  const [p50, p99, p999] = e.latency.percentiles(50, 99, 99.9);
  const instRate = e.instances / e.seconds;
  const execRate = e.executions / e.seconds;
  const statuses = [...e.byStatus].map(([k, v]) => `${k} ${formatCount(v)}`).join(', ') || 'none';
  const rows: ReportRow[] = [
    { metric: 'instances', value: `${formatCount(e.instances)} in ${e.seconds.toFixed(2)} s (${formatPercent(e.hitRate, 1)} built to match)` },
    { metric: 'instance throughput', value: formatRate(instRate, 'instances') },
    { metric: 'executions', value: `${formatCount(e.executions)} (${statuses})` },
    { metric: 'execution throughput', value: formatRate(execRate, 'executions'), goal: `>= ${formatRate(GOAL_EXECUTIONS_PER_S, 'executions')}`, met: execRate >= GOAL_EXECUTIONS_PER_S },
    { metric: 'CPU time per instance / per execution', value: `${formatNs((e.cpuSeconds * 1e9) / e.instances)} / ${e.executions ? formatNs((e.cpuSeconds * 1e9) / e.executions) : 'n/a'}` },
    { metric: 'dispatch → completed p50 / p99 / p99.9', value: `${formatNs(p50!)} / ${formatNs(p99!)} / ${formatNs(p999!)}` },
    { metric: 'final store flush', value: `${e.flushMs.toFixed(0)} ms` },
    { metric: 'peak RSS', value: formatBytes(e.peakRss) },
  ];
  printTable(`${title} (window ${window})`, rows);
}
