import { isCompleted, type Execution, type PolicyMeta } from '../model/index.js';
import type { ExecutionService } from '../executions/execution-service.js';
import { ACTIVE_STATUSES } from '../executions/transitions.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { ajvDetails, createAjv } from '../util/ajv.js';
import { isPolicyType, POLICY_TYPES } from './policy-types.js';
import type { AdmissionPolicy } from '../actions/action-executor.js';

interface ConcurrencyRule {
  ref: string;
  threshold: number;
  onExcess: 'delay' | 'cancel';
  attributes: string[] | undefined;
}

interface RetryRule {
  ref: string;
  retryOn: 'failure' | 'timeout';
  maxRetryCount: number;
  delaySeconds: number;
}

/** What the policies need from the executor: release a delayed execution, re-run a failed one. */
export interface PolicyActions {
  readmit(executionId: string): void;
  retry(execution: Execution, retryCount: number): void;
}

/**
 * Applies pack policies: `action.concurrency` / `action.concurrency.attr` at admission, and
 * `action.retry` when an execution completes. Policies are checked when loaded; a bad one is
 * reported and ignored, the others apply.
 */
export class PolicyEngine implements AdmissionPolicy {
  readonly #executions: ExecutionService;
  readonly #clock: Clock;
  readonly #logger: Logger;
  #actions: PolicyActions | undefined;
  #concurrency = new Map<string, ConcurrencyRule[]>();
  #retry = new Map<string, RetryRule[]>();

  constructor(deps: { executions: ExecutionService; clock: Clock; logger: Logger }) {
    this.#executions = deps.executions;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    deps.executions.on((event) => {
      if (event.type === 'status' && isCompleted(event.execution.status)) this.#onComplete(event.execution, event.previous);
    });
  }

  setActions(actions: PolicyActions): void {
    this.#actions = actions;
  }

  /** Replaces the active policies; returns the problems of those that were refused. */
  setPolicies(policies: readonly PolicyMeta[]): { policy: string; file: string; message: string }[] {
    const problems: { policy: string; file: string; message: string }[] = [];
    const concurrency = new Map<string, ConcurrencyRule[]>();
    const retry = new Map<string, RetryRule[]>();
    const ajv = createAjv();
    for (const p of policies) {
      if (!p.enabled) continue;
      if (!isPolicyType(p.policy_type)) {
        problems.push({ policy: p.ref, file: p.source.file, message: `unknown policy type ${p.policy_type}` });
        continue;
      }
      const params = structuredClone(p.parameters ?? {});
      const validate = ajv.compile({ ...POLICY_TYPES[p.policy_type].schema });
      if (!validate(params)) {
        for (const d of ajvDetails(validate.errors, 'parameters')) problems.push({ policy: p.ref, file: p.source.file, message: `${d.field}: ${d.message}` });
        continue;
      }
      if (p.policy_type === 'action.retry') {
        const rule: RetryRule = {
          ref: p.ref,
          retryOn: params.retry_on as RetryRule['retryOn'],
          maxRetryCount: (params.max_retry_count as number | undefined) ?? 2,
          delaySeconds: (params.delay as number | undefined) ?? 0,
        };
        retry.set(p.resource_ref, [...(retry.get(p.resource_ref) ?? []), rule]);
      } else {
        const rule: ConcurrencyRule = {
          ref: p.ref,
          threshold: params.threshold as number,
          onExcess: (params.action as ConcurrencyRule['onExcess'] | undefined) ?? 'delay',
          attributes: p.policy_type === 'action.concurrency.attr' ? ((params.attributes as string[] | undefined) ?? []) : undefined,
        };
        concurrency.set(p.resource_ref, [...(concurrency.get(p.resource_ref) ?? []), rule]);
      }
    }
    this.#concurrency = concurrency;
    this.#retry = retry;
    for (const p of problems) this.#logger.warn('policy ignored', p);
    // A policy that was removed or loosened must not leave executions it delayed waiting forever.
    this.#readmitDelayed(() => true);
    return problems;
  }

  admit(execution: Execution): 'run' | 'delay' | 'cancel' {
    const rules = this.#concurrency.get(execution.action.ref);
    if (!rules) return 'run';
    for (const rule of rules) {
      const active = this.#executions
        .live()
        .filter((e) => e.id !== execution.id && e.action.ref === execution.action.ref && ACTIVE_STATUSES.includes(e.status) && sameAttributes(rule, e, execution)).length;
      if (active >= rule.threshold) return rule.onExcess;
    }
    return 'run';
  }

  #onComplete(execution: Execution, previous: string): void {
    // A slot freed up: let the oldest delayed execution of the same action try again.
    if (this.#concurrency.has(execution.action.ref) && ACTIVE_STATUSES.includes(previous as Execution['status'])) {
      this.#readmitDelayed((e) => e.action.ref === execution.action.ref);
    }
    this.#maybeRetry(execution);
  }

  /** Lets delayed executions (oldest first) try admission again; those still over a limit stay delayed. */
  #readmitDelayed(which: (e: Execution) => boolean): void {
    const delayed = this.#executions
      .live()
      .filter((e) => e.status === 'delayed' && which(e))
      .sort((a, b) => a.id.localeCompare(b.id));
    for (const d of delayed) this.#actions?.readmit(d.id);
  }

  #maybeRetry(execution: Execution): void {
    // StackStorm does not apply retry inside workflows: the workflow's own retry governs tasks.
    if (execution.parent) return;
    const rules = this.#retry.get(execution.action.ref);
    if (!rules) return;
    const count = execution.context.retry_count ?? 0;
    for (const rule of rules) {
      const wanted = (rule.retryOn === 'failure' && execution.status === 'failed') || (rule.retryOn === 'timeout' && execution.status === 'timeout');
      if (!wanted || count >= rule.maxRetryCount) continue;
      this.#logger.info('retrying execution', { execution_id: execution.id, policy: rule.ref, retry: count + 1 });
      const go = () => this.#actions?.retry(execution, count + 1);
      if (rule.delaySeconds > 0) this.#clock.setTimeout(go, rule.delaySeconds * 1000);
      else queueMicrotask(go);
      return;
    }
  }
}

function sameAttributes(rule: ConcurrencyRule, a: Execution, b: Execution): boolean {
  if (!rule.attributes) return true;
  return rule.attributes.every((attr) => JSON.stringify(a.parameters[attr]) === JSON.stringify(b.parameters[attr]));
}
