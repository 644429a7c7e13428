import { errorMessage } from '../errors/index.js';
import type { TemplateRenderer } from '../expressions/renderer.js';
import type { Params, RuleMeta, TriggerInstance } from '../model/index.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { buildActionContext, renderActionParameters } from './action-params.js';
import { compileCriteria, evaluateCriteria, lazy, type CompiledCriteria, type CriteriaEnv, type CriteriaVerdict } from './criteria.js';

/**
 * Which rules apply to a trigger instance. Rules are indexed by trigger type and trigger
 * parameters, so an instance only meets the rules written for its trigger; each rule's criteria
 * are compiled once when the rules are set. Standard rules are tried first; backstop rules only
 * when no standard rule matched (StackStorm's second pass). Never throws on user data.
 */

/** One candidate rule's outcome. The rule fires when `verdict.match` is true and `error` is unset. */
export interface RuleMatch {
  rule: RuleMeta;
  verdict: CriteriaVerdict;
  /** The rendered action parameters, for a matching rule whose parameters rendered. */
  actionParameters?: Params;
  /** Why a matching rule does not fire (its action parameters could not be rendered). */
  error?: string;
}

export interface RuleEngineOptions {
  renderer: TemplateRenderer;
  clock: Clock;
  logger: Logger;
  /** `action_context.user` of rule-triggered executions (StackStorm's `stanley`). */
  systemUser?: string;
  /** The pack config offered to parameter templates as `config_context` (the action's pack). */
  packConfig?: (pack: string) => Params | undefined;
}

interface CompiledRule {
  readonly rule: RuleMeta;
  readonly criteria: CompiledCriteria;
}

/** Rules of one trigger type, by canonical trigger parameters ("{}" for none). */
type TriggerIndex = Map<string, { standard: CompiledRule[]; backstop: CompiledRule[] }>;

/** JSON with sorted keys, so that equal parameter objects give equal strings. */
export function canonicalParams(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalParams).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalParams((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export class RuleEngine {
  readonly #renderer: TemplateRenderer;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #systemUser: string;
  readonly #packConfig: ((pack: string) => Params | undefined) | undefined;
  #index = new Map<string, TriggerIndex>();
  #rules: RuleMeta[] = [];

  constructor(options: RuleEngineOptions) {
    this.#renderer = options.renderer;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#systemUser = options.systemUser ?? 'stanley';
    this.#packConfig = options.packConfig;
  }

  /** Replaces the rule set. Disabled rules are left out. */
  setRules(rules: readonly RuleMeta[]): void {
    const index = new Map<string, TriggerIndex>();
    const kept: RuleMeta[] = [];
    for (const rule of rules) {
      if (!rule.enabled) continue;
      kept.push(rule);
      const compiled: CompiledRule = { rule, criteria: compileCriteria(rule.criteria, this.#renderer) };
      let byParams = index.get(rule.trigger.type);
      if (!byParams) index.set(rule.trigger.type, (byParams = new Map()));
      const key = canonicalParams(rule.trigger.parameters ?? {});
      let bucket = byParams.get(key);
      if (!bucket) byParams.set(key, (bucket = { standard: [], backstop: [] }));
      (rule.type === 'backstop' ? bucket.backstop : bucket.standard).push(compiled);
    }
    this.#index = index;
    this.#rules = kept;
    this.#logger.debug('rules set', { enabled: kept.length, trigger_types: index.size });
  }

  /** The enabled rules in force. */
  rules(): readonly RuleMeta[] {
    return this.#rules;
  }

  /** Every candidate rule's outcome for this instance, standard rules first. */
  match(instance: TriggerInstance): RuleMatch[] {
    const bucket = this.#index.get(instance.trigger)?.get(canonicalParams(instance.trigger_parameters ?? {}));
    if (!bucket) return [];
    const kv = lazy(() => this.#renderer.kvContext());
    const env: CriteriaEnv = { renderer: this.#renderer, nowMs: () => this.#clock.now(), kv };
    const out: RuleMatch[] = [];
    let standardMatched = false;
    for (const c of bucket.standard) {
      const m = this.#evaluate(c, instance, env);
      standardMatched ||= m.verdict.match;
      out.push(m);
    }
    if (!standardMatched) for (const c of bucket.backstop) out.push(this.#evaluate(c, instance, env));
    return out;
  }

  #evaluate(c: CompiledRule, instance: TriggerInstance, env: CriteriaEnv): RuleMatch {
    const verdict = evaluateCriteria(c.criteria, instance.payload, env);
    const result: RuleMatch = { rule: c.rule, verdict };
    if (verdict.error) {
      this.#logger.debug('rule criteria failed', { rule: c.rule.ref, trigger_instance_id: instance.id, error: verdict.error });
    }
    if (!verdict.match) return result;
    try {
      result.actionParameters = this.renderParameters(c.rule, instance, env.kv());
    } catch (err) {
      result.error = errorMessage(err);
      this.#logger.warn('rule action parameters could not be rendered', { rule: c.rule.ref, trigger_instance_id: instance.id, error: errorMessage(err) });
    }
    return result;
  }

  /** Renders a rule's action parameters for an instance (also used by the rule tester). */
  renderParameters(rule: RuleMeta, instance: Pick<TriggerInstance, 'id' | 'trigger' | 'payload' | 'trace_tag'>, st2kv?: Record<string, unknown>): Params {
    const params = rule.action.parameters ?? {};
    if (Object.keys(params).length === 0) return {};
    const actionPack = rule.action.ref.split('.')[0] ?? rule.pack;
    const context = {
      trigger: instance.payload,
      st2kv: st2kv ?? this.#renderer.kvContext(),
      action_context: buildActionContext(rule, instance, this.#systemUser),
      config_context: this.#packConfig?.(actionPack) ?? {},
    };
    return renderActionParameters(params, context, this.#renderer);
  }
}
