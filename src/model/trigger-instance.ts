import type { Params } from './json.js';
import type { Ref } from './ref.js';

export const TRIGGER_INSTANCE_STATUS = {
  pending: 'pending',
  processing: 'processing',
  processed: 'processed',
  processing_failed: 'processing_failed',
} as const;
export type TriggerInstanceStatus = (typeof TRIGGER_INSTANCE_STATUS)[keyof typeof TRIGGER_INSTANCE_STATUS];

/** One occurrence of an event: a trigger type ref (plus the parameters that identify the trigger) and a payload. */
export interface TriggerInstance {
  id: string;
  /** Trigger type ref, such as `core.st2.webhook`. */
  trigger: Ref;
  /** Parameters of the trigger this instance belongs to (a webhook's `url`, a timer's schedule), if any. */
  trigger_parameters?: Params;
  payload: Params;
  occurrence_time: string;
  status: TriggerInstanceStatus;
  trace_tag?: string;
}

/** Outcome of evaluating one rule against one trigger instance, kept for `rule-enforcement` style inspection. */
export interface RuleEnforcement {
  id: string;
  rule: Ref;
  trigger_instance_id: string;
  execution_id?: string;
  enforced_at: string;
  /** Set when the rule did not apply because rendering or an operator failed. */
  failure_reason?: string;
}
