/** Small text-output helpers shared by the CLI verbs. */

/** A plain left-aligned table with a header row; cells are stringified and cut at `maxWidth`. */
export function table(headers: string[], rows: unknown[][], maxWidth = 60): string {
  const cells = rows.map((r) => r.map((c) => cell(c, maxWidth)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

function cell(value: unknown, maxWidth: number): string {
  const text = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > maxWidth ? flat.slice(0, maxWidth - 1) + '…' : flat;
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** `key: value` lines, objects as indented JSON. */
export function keyValues(obj: Record<string, unknown>): string {
  return Object.entries(obj)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v, null, 2).replace(/\n/g, '\n  ') : String(v)}`)
    .join('\n');
}
