import type { ErrorDetail } from '../../errors/index.js';
import type { TemplateRenderer } from '../../expressions/renderer.js';
import type { ActionMeta, ExecutionContext, ParameterSpec, Params } from '../../model/index.js';
import { castParameters } from './cast.js';
import { mergeParameterSpecs } from './merge-specs.js';
import { renderParameters } from './render.js';
import { maskParameters } from './secrets.js';
import { checkSuppliedKeys, parametersError, validateValues } from './validate.js';

export interface PrepareParametersInput {
  action: ActionMeta;
  /** The parameters of the action's runner (runner.yaml). */
  runnerParameters: Record<string, ParameterSpec>;
  /** What the caller asked for. */
  supplied: Params;
  /**
   * Whether supplied values are operator-written templates (CLI, API by an operator, workflow
   * definitions), data (`false`: chat, webhooks, payloads, rule output), or the list of supplied
   * keys that are templates. See {@link renderParameters}.
   */
  trusted: boolean | readonly string[];
  /** The execution context, visible to templates as `action_context`; its api_user/user picks `st2kv.user`. */
  context: ExecutionContext | Record<string, unknown>;
  /** The action's pack config as loaded, visible as `config_context`. */
  config?: Params | undefined;
  renderer: TemplateRenderer;
}

export interface PreparedParameters {
  /** Clear values: defaults filled, templates rendered, cast by type, validated. For the runner only. */
  values: Params;
  /** The same with secret parameters and secret members masked: for storage, logs, chat and the API. */
  masked: Params;
  /** The merged runner and action specs the values were checked against. */
  specs: Record<string, ParameterSpec>;
}

/**
 * The parameter pipeline for one request, in StackStorm's order: merge runner and action specs →
 * reject unknown and immutable supplied keys → fill defaults → render (defaults always, supplied
 * values only when trusted) → cast by type → validate required, types and enums → mask secrets.
 *
 * Throws one SquallError carrying every problem found: PARAMETER_IMMUTABLE when overriding an
 * immutable parameter is the only one, PARAMETERS_INVALID otherwise (SCHEMA_INVALID when the
 * action's own parameter schema cannot compile).
 */
export function prepareParameters(input: PrepareParametersInput): PreparedParameters {
  const specs = mergeParameterSpecs(input.runnerParameters, input.action.parameters);
  const keys = checkSuppliedKeys(specs, input.supplied);

  const action = { pack: input.action.pack, ...input.context } as Record<string, unknown>;
  const rendered = renderParameters({
    specs,
    supplied: input.supplied,
    suppliedAreTemplates: input.trusted,
    context: { action, ...(input.config ? { config: input.config } : {}) },
    renderer: input.renderer,
  });
  const cast = castParameters(specs, rendered.values);

  // A default written into the metadata that does not fit its own type (real packs have
  // `type: boolean, default: ""` and `type: number, default: "now"`) is the pack author's slip, not
  // the caller's: it goes to the action as declared rather than failing every request that leaves
  // the parameter out. Supplied values and rendered defaults are checked in full.
  const asDeclared = rendered.untouchedDefaults;
  const castErrors = cast.errors.filter((d) => !asDeclared.has(d.field ?? ''));
  const values: Params = {};
  for (const [name, raw] of Object.entries(rendered.values)) {
    if (Object.hasOwn(cast.values, name)) values[name] = cast.values[name];
    else if (asDeclared.has(name)) values[name] = raw;
  }

  // A parameter that failed to render or cast is reported once, not again as missing or mistyped.
  const reported = new Set([...rendered.errors, ...castErrors].map((d) => d.field));
  const invalid = validateValues(specs, values).filter((d) => !reported.has(rootField(d)) && !asDeclared.has(rootField(d)));
  const details: ErrorDetail[] = [...keys.unknown, ...rendered.errors, ...castErrors, ...invalid];
  const error = parametersError(details, keys.immutable);
  if (error) throw error;

  return { values, masked: maskParameters(specs, values), specs };
}

/**
 * The same pipeline as a service object with its renderer injected, shaped for the action
 * executor (`ParameterPreparer`).
 */
export class ParameterPipeline {
  readonly #renderer: TemplateRenderer;

  constructor(options: { renderer: TemplateRenderer }) {
    this.#renderer = options.renderer;
  }

  prepare(input: Omit<PrepareParametersInput, 'renderer'>): PreparedParameters {
    return prepareParameters({ ...input, renderer: this.#renderer });
  }
}

function rootField(detail: ErrorDetail): string {
  return (detail.field ?? '').split('.')[0] ?? '';
}
