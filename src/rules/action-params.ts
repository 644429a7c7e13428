import { SquallError, errorMessage } from '../errors/index.js';
import type { TemplateRenderer } from '../expressions/renderer.js';
import type { Params, RuleMeta, TriggerInstance } from '../model/index.js';

/**
 * Rendering a matched rule's action parameters, as StackStorm's rule enforcer does: every string
 * (inside objects and arrays too) is a template rendered with `trigger` (the payload), `st2kv`,
 * `action_context`, `config_context` and the rule's other parameters. The payload is only ever
 * context: its values are data, never templates. Results stay strings; the action layer casts them
 * to the declared parameter types.
 */

type Renderer = Pick<TemplateRenderer, 'render' | 'isTemplate'>;

/** `action_context` for a rule-triggered execution (field names as in StackStorm's enforcer). */
export function buildActionContext(
  rule: Pick<RuleMeta, 'ref' | 'name' | 'pack' | 'action'>,
  instance: Pick<TriggerInstance, 'id' | 'trigger' | 'trace_tag'>,
  user: string,
): Record<string, unknown> {
  const dot = rule.action.ref.indexOf('.');
  return {
    trigger_instance: { id: instance.id, trigger: instance.trigger },
    rule: { ref: rule.ref, name: rule.name, pack: rule.pack },
    user,
    pack: dot > 0 ? rule.action.ref.slice(0, dot) : rule.action.ref,
    ...(instance.trace_tag ? { trace_context: { trace_tag: instance.trace_tag } } : {}),
  };
}

function holdsTemplate(value: unknown, renderer: Renderer): boolean {
  if (typeof value === 'string') return renderer.isTemplate(value);
  if (Array.isArray(value)) return value.some((v) => holdsTemplate(v, renderer));
  if (typeof value === 'object' && value !== null) return Object.values(value).some((v) => holdsTemplate(v, renderer));
  return false;
}

function renderValue(value: unknown, context: Record<string, unknown>, renderer: Renderer): unknown {
  if (typeof value === 'string') return renderer.isTemplate(value) ? renderer.render(value, context) : value;
  if (Array.isArray(value)) return value.map((v) => renderValue(v, context, renderer));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = renderValue(v, context, renderer);
    return out;
  }
  return value;
}

/**
 * Renders `params` with `context` (which must hold `trigger`, `st2kv`, `action_context`, ...).
 * A parameter may refer to another one (`"{{ host }}:{{ port }}"`): parameters are rendered in
 * rounds, each with the ones already rendered, until none is left or a round makes no progress.
 * Throws SquallError TEMPLATE_ERROR naming the first parameter that could not be rendered.
 */
export function renderActionParameters(params: Params, context: Record<string, unknown>, renderer: Renderer): Params {
  const done: Params = {};
  let pending: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (holdsTemplate(value, renderer)) pending.push(name);
    else done[name] = value;
  }
  if (pending.length === 0) return done;
  const failures = new Map<string, unknown>();
  while (pending.length > 0) {
    // Reserved names win over parameters that happen to share them.
    const ctx = { ...done, ...context };
    const left: string[] = [];
    for (const name of pending) {
      try {
        done[name] = renderValue(params[name], ctx, renderer);
        failures.delete(name);
      } catch (err) {
        failures.set(name, err);
        left.push(name);
      }
    }
    if (left.length === pending.length) break;
    pending = left;
  }
  if (pending.length > 0) {
    const name = pending[0]!;
    const cause = failures.get(name);
    throw new SquallError('TEMPLATE_ERROR', `action parameter "${name}": ${errorMessage(cause)}`, {
      cause,
      details: pending.map((p) => ({ field: `action.parameters.${p}`, message: errorMessage(failures.get(p)) })),
    });
  }
  // Keep the order the rule wrote the parameters in.
  const ordered: Params = {};
  for (const name of Object.keys(params)) ordered[name] = done[name];
  return ordered;
}
