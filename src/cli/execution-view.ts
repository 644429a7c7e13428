import type { Execution } from '../model/index.js';
import { keyValues } from './format.js';

/** The execution as shown outside the engine: the encrypted secret values stay inside. */
export function publicExecution(e: Execution): Omit<Execution, 'secret_parameters'> {
  const { secret_parameters: _hidden, ...shown } = e;
  return shown;
}

/** How the CLI prints one execution: StackStorm's `st2 execution get` layout. */
export function describeExecution(e: Execution): string {
  const took = e.elapsed_ms !== undefined ? ` (${formatDuration(e.elapsed_ms)} elapsed)` : '';
  const head = keyValues({
    id: e.id,
    action: e.action.ref,
    status: `${e.status}${took}`,
    status_reason: e.status_reason,
    parameters: Object.keys(e.parameters).length ? e.parameters : undefined,
    start_timestamp: e.start_timestamp,
    end_timestamp: e.end_timestamp,
    parent: e.parent,
    triggered_by: triggeredBy(e),
  });
  const result = e.result === undefined ? '' : `\nresult:\n${indent(formatResult(e.result))}`;
  const children = e.children.length ? `\nchildren: ${e.children.join(', ')}` : '';
  return head + children + result;
}

export function triggeredBy(e: Execution): string {
  const c = e.context;
  if (c.rule) return `rule ${c.rule.ref}${c.trigger_instance ? ` (trigger instance ${c.trigger_instance.id})` : ''}`;
  if (c.chat) return `chat ${c.chat.platform} #${c.chat.channel} by ${c.chat.user ?? c.api_user ?? '?'}`;
  if (c.parent) return `execution ${c.parent.execution_id}`;
  return `${c.source ?? 'api'} by ${c.user}`;
}

function formatResult(result: unknown): string {
  if (result && typeof result === 'object' && !Array.isArray(result)) {
    const r = result as Record<string, unknown>;
    // Shell output reads best as text, not as a JSON string with \n escapes.
    const lines: string[] = [];
    for (const [k, v] of Object.entries(r)) {
      if (typeof v === 'string' && v.includes('\n')) lines.push(`${k}: |\n${indent(v.replace(/\n$/, ''))}`);
      else lines.push(`${k}: ${JSON.stringify(v)}`);
    }
    return lines.join('\n');
  }
  return JSON.stringify(result, null, 2);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  return `${Math.floor(s / 60)}m${Math.round(s % 60)}s`;
}
