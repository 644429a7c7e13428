import { errorMessage, type ErrorDetail } from '../../errors/index.js';
import type { TemplateRenderer } from '../../expressions/renderer.js';
import type { ParameterSpec } from '../../model/index.js';
import { castValue } from './cast.js';
import { renderConfigContext } from './config-context.js';
import { orderByDependencies } from './dependency-graph.js';
import { fillNestedDefaults } from './nested-defaults.js';
import { holdsTemplate, renderValue, valueReferences } from './render-value.js';

/** Names every parameter template may read besides the other parameters. They win over a parameter of the same name. */
export const RENDER_ROOTS = ['st2kv', 'action_context', 'config_context'] as const;
const ROOTS: ReadonlySet<string> = new Set(RENDER_ROOTS);

/** What templates see besides the parameters themselves. */
export interface ParameterRenderContext {
  /** `action_context`: the execution context (user, api_user, rule, trigger_instance, chat, ...). */
  action: Record<string, unknown>;
  /** `config_context`: the pack config as loaded; its own templates are resolved here, per user. */
  config?: Record<string, unknown>;
}

export interface RenderParametersInput {
  /** Merged runner and action specs. Supplied keys that are not in here are ignored. */
  specs: Record<string, ParameterSpec>;
  /** Values the caller gave. */
  supplied: Record<string, unknown>;
  /**
   * Whether supplied values are templates written by an operator or pack author (`true`), data
   * (`false`: chat text, webhook bodies, trigger payloads, values a rule already rendered), or a
   * list of the supplied keys that are templates. Data is never rendered: a chat user typing
   * `{{ st2kv.system.secret | decrypt_kv }}` gets that text, not the secret.
   * Defaults from the action metadata are always rendered.
   */
  suppliedAreTemplates: boolean | readonly string[];
  context: ParameterRenderContext;
  renderer: TemplateRenderer;
}

export interface RenderParametersResult {
  /** Every parameter that has a value: supplied, or its default, templates rendered (not yet cast: see castParameters). */
  values: Record<string, unknown>;
  /** One detail per parameter that could not be rendered (cycles, render errors, and what depends on them). */
  errors: ErrorDetail[];
  /** Parameters holding their declared default as written: not supplied, not a template. */
  untouchedDefaults: Set<string>;
}

/**
 * Fills defaults and renders parameter templates as a dependency graph, StackStorm style: a
 * template may read other parameters (`cmd: "echo {{ message }}"`), `st2kv.system.*`,
 * `st2kv.user.*` (the `api_user`'s scope, else `user`'s), `action_context.*` and `config_context.*`.
 * Parameters render after those they read; cycles are reported with their path. A supplied null
 * counts as not supplied (the default applies); immutable parameters always take their default.
 * Never throws for bad templates: every problem comes back in `errors`.
 */
export function renderParameters(input: RenderParametersInput): RenderParametersResult {
  const { specs, supplied, renderer } = input;
  const trusted = (name: string): boolean =>
    input.suppliedAreTemplates === true || (Array.isArray(input.suppliedAreTemplates) && input.suppliedAreTemplates.includes(name));

  // Start values: supplied where given, else the default. Which of them are templates to render?
  const values: Record<string, unknown> = {};
  const templates = new Map<string, ReadonlySet<string>>();
  const references = new Map<string, Set<string>>();
  const untouchedDefaults = new Set<string>();
  for (const [name, spec] of Object.entries(specs)) {
    const given = spec.immutable === true ? undefined : supplied[name];
    const fromDefault = given === undefined || (given === null && spec.default !== undefined);
    const value = fillNestedDefaults(spec, fromDefault ? structuredClone(spec.default) : given);
    if (value === undefined) continue;
    values[name] = value;
    const isTemplate = holdsTemplate(renderer, value);
    if (fromDefault && !isTemplate) untouchedDefaults.add(name);
    if ((fromDefault || trusted(name)) && isTemplate) {
      const refs = valueReferences(renderer, value);
      references.set(name, refs.names);
      const deps = new Set([...refs.names].filter((n) => Object.hasOwn(specs, n) && !ROOTS.has(n)));
      // A name the template binds itself (`{% for x in ... %}`) is not a read of parameter x.
      if (refs.declared.has(name)) deps.delete(name);
      templates.set(name, deps);
    }
  }

  // Only templates need ordering; plain values are known from the start.
  const graph = new Map<string, ReadonlySet<string>>();
  for (const [name, deps] of templates) graph.set(name, new Set([...deps].filter((d) => templates.has(d))));
  const { order, cycles, blocked } = orderByDependencies(graph);

  const errors: ErrorDetail[] = [];
  const failed = new Set<string>();
  for (const cycle of cycles) {
    const first = cycle[0] ?? '';
    errors.push({ field: first, message: `is part of a dependency cycle: ${cycle.join(' -> ')}` });
    for (const member of cycle) failed.add(member);
  }
  for (const [name, dep] of blocked) {
    errors.push({ field: name, message: `depends on "${dep}", which cannot be rendered` });
    failed.add(name);
  }

  // The context: absent parameters read as null (st2's None); templates join once rendered.
  // Templates see values cast by their declared type, so `{{ limit }}` inside an object stays a
  // number and `{% if flag %}` sees a boolean rather than the text "false".
  const context: Record<string, unknown> = {};
  const asRead = (name: string, value: unknown): unknown => {
    const cast = castValue(specs[name], value);
    return cast.ok ? cast.value : value;
  };
  for (const name of Object.keys(specs)) if (!templates.has(name)) context[name] = asRead(name, values[name] ?? null);
  const needsConfig = [...references.values()].some((names) => names.has('config_context'));
  const user = stringOr(input.context.action.api_user) ?? stringOr(input.context.action.user);
  const st2kv = renderer.kvContext(user);
  let config = input.context.config ?? {};
  if (needsConfig) {
    const resolved = renderConfigContext(renderer, config, st2kv);
    config = resolved.config;
    errors.push(...resolved.errors);
  }
  Object.assign(context, { st2kv, action_context: input.context.action, config_context: config });

  const inScope = (text: string): boolean => {
    const { names } = valueReferences(renderer, text);
    return [...names].some((n) => ROOTS.has(n) || Object.hasOwn(specs, n));
  };
  for (const name of order) {
    const failedDep = [...(templates.get(name) ?? [])].find((d) => failed.has(d));
    if (failedDep !== undefined) {
      errors.push({ field: name, message: `depends on "${failedDep}", which cannot be rendered` });
      failed.add(name);
      continue;
    }
    try {
      const rendered = renderValue(renderer, values[name], specs[name]?.type, context, (text) => !inScope(text));
      values[name] = rendered;
      if (!ROOTS.has(name)) context[name] = asRead(name, rendered);
    } catch (err) {
      errors.push({ field: name, message: `cannot be rendered: ${errorMessage(err)}` });
      failed.add(name);
    }
  }
  for (const name of failed) delete values[name];
  return { values, errors, untouchedDefaults };
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
