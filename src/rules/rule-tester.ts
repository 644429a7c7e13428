import { errorMessage, isSquallError, formatDetail } from '../errors/index.js';
import type { TemplateRenderer } from '../expressions/renderer.js';
import type { CriterionSpec, Params, RuleMeta } from '../model/index.js';
import type { Clock } from '../util/clock.js';
import { silentLogger } from '../util/logger.js';
import { compileCriteria, evaluateCriteria, lazy, type CriterionVerdict } from './criteria.js';
import { RuleEngine } from './rule-engine.js';
import { normalizeRule } from './rule-normalize.js';

export { normalizeRule } from './rule-normalize.js';

/**
 * The library behind `squall rule test`: a rule (or a bare criteria block) against a payload,
 * answering whether it matches, why each criterion did or did not, and the action it would run with
 * its rendered parameters. Batch mode takes one JSON object a line.
 */

export interface RuleTestInput {
  rule?: RuleMeta;
  /** Criteria to test instead of the rule's. */
  criteria?: Record<string, CriterionSpec>;
  payload: Params;
  /** Action parameters to render instead of the rule's. */
  actionParameters?: Params;
}

export interface RuleTestResult {
  match: boolean;
  criteria: CriterionVerdict[];
  /** The action a match would run: its ref (null without a rule) and rendered parameters. */
  action?: { ref: string | null; parameters: Params };
  /** Why the rule does not apply or cannot fire (operator or template failure). */
  error?: string;
  /** Why no criterion was evaluated, when none was (an empty payload). */
  reason?: string;
}

export type BatchLineResult = (RuleTestResult & { line: number }) | { line: number; error: string };

export interface RuleTesterOptions {
  renderer: TemplateRenderer;
  clock: Clock;
  systemUser?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class RuleTester {
  readonly #renderer: TemplateRenderer;
  readonly #clock: Clock;
  readonly #engine: RuleEngine;

  constructor(options: RuleTesterOptions) {
    this.#renderer = options.renderer;
    this.#clock = options.clock;
    this.#engine = new RuleEngine({ ...options, logger: silentLogger });
  }

  /** Evaluates criteria (given, or the rule's) and, on a match, renders the action parameters. */
  testRule(input: RuleTestInput): RuleTestResult {
    const criteria = input.criteria ?? input.rule?.criteria ?? {};
    const kv = lazy(() => this.#renderer.kvContext());
    const verdict = evaluateCriteria(compileCriteria(criteria, this.#renderer), input.payload, {
      renderer: this.#renderer,
      nowMs: () => this.#clock.now(),
      kv,
    });
    const result: RuleTestResult = { match: verdict.match, criteria: verdict.criteria };
    if (verdict.error !== undefined) result.error = verdict.error;
    if (verdict.reason !== undefined) result.reason = verdict.reason;
    const params = input.actionParameters ?? input.rule?.action.parameters;
    if (!verdict.match || (!input.rule && params === undefined)) return result;
    const rule: RuleMeta = input.rule
      ? { ...input.rule, action: { ...input.rule.action, parameters: params ?? {} } }
      : {
          ref: 'default.rule_test',
          pack: 'default',
          name: 'rule_test',
          enabled: true,
          trigger: { type: 'core.st2.rule_test', parameters: {} },
          criteria,
          action: { ref: '', parameters: params ?? {} },
          type: 'standard',
        };
    const instance = { id: 'rule-test', trigger: rule.trigger.type, payload: input.payload };
    try {
      result.action = { ref: input.rule?.action.ref ?? null, parameters: this.#engine.renderParameters(rule, instance, kv()) };
    } catch (err) {
      result.error = errorMessage(err);
    }
    return result;
  }

  /**
   * One line of a batch: `{"criteria": {...}, "payload": {...}}` or `{"rule": {...}, "payload": {...}}`
   * (the rule as its YAML reads), optionally with `action_parameters`. Bad input gives `{line, error}`.
   */
  testBatchLine(line: string, lineNumber: number): BatchLineResult {
    const fail = (message: string): BatchLineResult => ({ line: lineNumber, error: `line ${lineNumber}: ${message}` });
    if (line.trim() === '') return fail('empty line (expected a JSON object with "payload" and "criteria" or "rule")');
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch (err) {
      return fail(`not valid JSON: ${errorMessage(err)}`);
    }
    if (!isObject(data)) return fail('expected a JSON object with "payload" and "criteria" or "rule"');
    const problems: string[] = [];
    if (!('payload' in data)) problems.push('"payload" is missing');
    else if (!isObject(data.payload)) problems.push('"payload" must be an object');
    if (data.criteria === undefined && data.rule === undefined) problems.push('either "criteria" or "rule" is required');
    if (data.criteria !== undefined && !isObject(data.criteria)) problems.push('"criteria" must be an object');
    if (data.action_parameters !== undefined && !isObject(data.action_parameters)) problems.push('"action_parameters" must be an object');
    let rule: RuleMeta | undefined;
    if (data.rule !== undefined) {
      try {
        rule = normalizeRule(data.rule);
      } catch (err) {
        problems.push(isSquallError(err) && err.details.length > 0 ? `rule is invalid: ${err.details.map(formatDetail).join('; ')}` : errorMessage(err));
      }
    }
    if (problems.length > 0) return fail(problems.join('; '));
    const input: RuleTestInput = { payload: data.payload as Params };
    if (rule) input.rule = rule;
    if (isObject(data.criteria)) input.criteria = data.criteria as Record<string, CriterionSpec>;
    if (isObject(data.action_parameters)) input.actionParameters = data.action_parameters;
    return { line: lineNumber, ...this.testRule(input) };
  }
}
