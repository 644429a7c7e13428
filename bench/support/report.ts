/** Formatting of benchmark results: numbers with units and a plain-text table. */

export interface ReportRow {
  metric: string;
  value: string;
  goal?: string;
  /** Whether the goal was met; omitted for rows without a goal. */
  met?: boolean;
}

/** Nanoseconds as µs or ms, three significant digits. */
export function formatNs(ns: number): string {
  if (!Number.isFinite(ns)) return 'n/a';
  if (ns < 1_000_000) return `${(ns / 1000).toPrecision(3)} µs`;
  if (ns < 1_000_000_000) return `${(ns / 1_000_000).toPrecision(3)} ms`;
  return `${(ns / 1_000_000_000).toPrecision(3)} s`;
}

export function formatRate(perSecond: number, unit: string): string {
  return `${Math.round(perSecond).toLocaleString('en-US')} ${unit}/s`;
}

export function formatBytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(0)} MiB`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatPercent(part: number, whole: number): string {
  return whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)}%`;
}

/** Prints a titled table; the goal columns appear only when some row has a goal. */
export function printTable(title: string, rows: readonly ReportRow[], out: (line: string) => void = console.log): void {
  const withGoals = rows.some((r) => r.goal !== undefined);
  const header = withGoals ? ['metric', 'value', 'goal', ''] : ['metric', 'value'];
  const cells = rows.map((r) => (withGoals ? [r.metric, r.value, r.goal ?? '', r.met === undefined ? '' : r.met ? 'met' : 'MISSED'] : [r.metric, r.value]));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  out('');
  out(title);
  out(line(header));
  out(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) out(line(c));
}
