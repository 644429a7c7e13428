import { errorMessage } from '../errors/index.js';
import type { RuleEnforcement, TriggerInstance } from '../model/index.js';
import type { Store } from '../store/store.js';
import { RetainedCollection } from '../store/retained-collection.js';
import type { Clock } from '../util/clock.js';
import { newId } from '../util/ids.js';
import type { Logger } from '../util/logger.js';
import type { ActionExecutor } from '../actions/action-executor.js';
import type { RuleEngine } from './rule-engine.js';

/**
 * The rules engine's place in the data flow: for each trigger instance on the bus, match the rules,
 * request an execution for each one that applies, and record an enforcement per rule (with the
 * reason when rendering or an operator failed, or the action refused the request). An instance
 * with any failed enforcement is marked `processing_failed`. Bad rules or payloads never stop the loop.
 */
export class RuleEnforcer {
  readonly #engine: RuleEngine;
  readonly #executor: Pick<ActionExecutor, 'request'>;
  readonly #enforcements: RetainedCollection<RuleEnforcement>;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #onProcessed: (instance: TriggerInstance, failed: boolean) => void;

  constructor(deps: {
    engine: RuleEngine;
    executor: Pick<ActionExecutor, 'request'>;
    store: Store;
    clock: Clock;
    logger: Logger;
    retention: number;
    onProcessed: (instance: TriggerInstance, failed: boolean) => void;
  }) {
    this.#engine = deps.engine;
    this.#executor = deps.executor;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#onProcessed = deps.onProcessed;
    this.#enforcements = new RetainedCollection(deps.store.collection<RuleEnforcement>('rule_enforcements'), deps.retention);
  }

  /** Handles one trigger instance; returns the enforcements made. */
  handle(instance: TriggerInstance): RuleEnforcement[] {
    const out: RuleEnforcement[] = [];
    let failed = false;
    for (const m of this.#engine.match(instance)) {
      if (!m.verdict.match && !m.error && !m.verdict.error) continue;
      const now = this.#clock.now();
      const enforcement: RuleEnforcement = { id: newId(now), rule: m.rule.ref, trigger_instance_id: instance.id, enforced_at: new Date(now).toISOString() };
      const reason = m.error ?? m.verdict.error;
      if (reason) {
        // A rule that could not be evaluated or rendered failed as much as one whose action was refused.
        failed = true;
        enforcement.failure_reason = reason;
        this.#logger.warn('rule did not apply', { rule: m.rule.ref, trigger_instance_id: instance.id, reason });
      } else {
        try {
          const execution = this.#executor.request({
            ref: m.rule.action.ref,
            parameters: m.actionParameters ?? {},
            context: {
              rule: { ref: m.rule.ref },
              trigger_instance: { id: instance.id, trigger: instance.trigger },
              source: 'rule',
              ...(instance.trace_tag ? { trace_tag: instance.trace_tag } : {}),
            },
            // Rule parameters were rendered with the payload already; rendering again would treat payload data as templates.
            trustedTemplates: false,
          });
          enforcement.execution_id = execution.id;
        } catch (err) {
          failed = true;
          enforcement.failure_reason = errorMessage(err);
          this.#logger.warn('rule action was refused', { rule: m.rule.ref, trigger_instance_id: instance.id, error: errorMessage(err) });
        }
      }
      this.#enforcements.put(enforcement);
      out.push(enforcement);
    }
    this.#onProcessed(instance, failed);
    return out;
  }

  list(): RuleEnforcement[] {
    return this.#enforcements.list();
  }
}
