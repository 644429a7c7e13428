/**
 * The ack and result messages of an alias execution, rendered from the alias's `ack` and `result`
 * templates as StackStorm does: in lenient mode (an undefined name renders as ""), ack with
 * `{execution, actionalias}`, result with `{execution, alias}`. The execution is masked first, so a
 * template cannot print a secret; a template that fails to render says so in the message instead.
 */
import { errorMessage } from '../errors/index.js';
import type { AliasMeta, Execution } from '../model/index.js';
import type { TemplateRenderer } from '../expressions/renderer.js';
import { maskSecretsDeep } from '../util/mask.js';
import type { OutgoingMessage } from './adapter.js';

/** Hubot splits a result on this marker: plain text before it, the attachment body after it. */
const PRETEXT_MARKER = '{~}';

/** StackStorm's ack when the alias has no `ack.format`. */
export function defaultAckText(execution: Pick<Execution, 'id'>): string {
  return `I'll take it from here! Your execution ID for reference is ${execution.id}.`;
}

/** The ack for a new alias execution, or undefined when the alias turned acks off. */
export function ackMessage(renderer: TemplateRenderer, alias: AliasMeta, execution: Execution): OutgoingMessage | undefined {
  const ack = alias.ack ?? {};
  if (ack.enabled === false) return undefined;
  const context = { execution: maskSecretsDeep(execution), actionalias: alias };
  let text = defaultAckText(execution);
  if (ack.format) text = renderField(renderer, ack.format, context, 'ack');
  // No web UI here: the link StackStorm appends is the command that shows the execution.
  if (ack.append_url !== false) text += `\nDetails: squall execution get ${execution.id}`;
  const extra = ack.extra ? renderExtra(renderer, ack.extra, context) : undefined;
  return { text, ...(extra ? { extra } : {}) };
}

/**
 * The result of a completed execution: from the alias's `result.format` when there is one, else
 * the default (action, status, time taken, output). Undefined when the alias turned results off.
 */
export function resultMessage(renderer: TemplateRenderer, alias: AliasMeta | undefined, execution: Execution): OutgoingMessage | undefined {
  const spec = alias?.result ?? {};
  if (spec.enabled === false) return undefined;
  const masked = maskSecretsDeep(execution);
  const color = statusColor(execution.status);
  const extra = alias && spec.extra ? renderExtra(renderer, spec.extra, { execution: masked, alias }) : undefined;
  if (alias && spec.format) {
    const text = renderField(renderer, spec.format, { execution: masked, alias }, 'result');
    const at = text.indexOf(PRETEXT_MARKER);
    const parts = at < 0 ? { text } : splitPretext(text.slice(0, at), text.slice(at + PRETEXT_MARKER.length));
    return { ...parts, color, ...(extra ? { extra } : {}) };
  }
  return { ...defaultResult(masked), color, ...(extra ? { extra } : {}) };
}

/** Action, status, time taken and id; the output (stdout/stderr, or the result as JSON) as code. */
export function defaultResult(execution: Execution): Pick<OutgoingMessage, 'title' | 'text' | 'code'> {
  const took = execution.elapsed_ms !== undefined ? `Took ${formatDuration(execution.elapsed_ms)}. ` : '';
  const { output, error } = describeResult(execution.result);
  const text = `${took}Execution ${execution.id}.${error ? `\n${error}` : ''}${execution.status_reason ? `\n${execution.status_reason}` : ''}`;
  return { title: `${execution.action.ref} ${execution.status}`, text, ...(output !== '' ? { code: output } : {}) };
}

/** `850 ms`, `1.2 s`, `3 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

function describeResult(result: unknown): { output: string; error?: string } {
  if (result === undefined || result === null) return { output: '' };
  if (typeof result !== 'object' || Array.isArray(result)) return { output: typeof result === 'string' ? result : JSON.stringify(result, null, 2) };
  const r = result as Record<string, unknown>;
  const error = typeof r.error === 'string' && r.error !== '' ? r.error : undefined;
  if ('stdout' in r || 'stderr' in r) {
    const out = [text(r.stdout), text(r.stderr)].filter((t) => t !== '').join('\n');
    return { output: out, ...(error ? { error } : {}) };
  }
  // nodejs and python-style runners put the action's return value under `result`.
  if ('result' in r) return { output: r.result === null || r.result === undefined ? '' : typeof r.result === 'string' ? r.result : JSON.stringify(r.result, null, 2), ...(error ? { error } : {}) };
  return { output: Object.keys(r).length ? JSON.stringify(r, null, 2) : '', ...(error ? { error } : {}) };
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  return (typeof value === 'string' ? value : JSON.stringify(value)).replace(/\n$/, '');
}

function statusColor(status: Execution['status']): string {
  if (status === 'succeeded') return 'good';
  if (status === 'canceled' || status === 'pending' || status === 'paused') return 'warning';
  return 'danger';
}

function splitPretext(pretext: string, body: string): Pick<OutgoingMessage, 'title' | 'text'> {
  const title = pretext.trim();
  // A trailing marker means "all plain": everything is the text.
  if (body.trim() === '') return { text: title };
  return { ...(title ? { title } : {}), text: body.replace(/^\n/, '') };
}

function renderField(renderer: TemplateRenderer, template: string, context: Record<string, unknown>, field: 'ack' | 'result'): string {
  try {
    return renderer.render(template, context, { lenient: true });
  } catch (err) {
    return `Cannot render "format" in field "${field}" for alias. ${errorMessage(err)}`;
  }
}

/** Renders every string in `extra` (adapter data such as `slack` attachment fields); bad ones stay as written. */
function renderExtra(renderer: TemplateRenderer, extra: Record<string, unknown>, context: Record<string, unknown>): Record<string, unknown> {
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') {
      try {
        return renderer.render(value, context, { lenient: true });
      } catch {
        return value;
      }
    }
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return walk(extra) as Record<string, unknown>;
}
