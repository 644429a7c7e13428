import type { ActionMeta, Execution, ParameterSpec } from '../../model/index.js';
import type { Logger } from '../../util/logger.js';

/**
 * What a runner finished with. `pending` is for inquiries: the execution waits for a response.
 * `running` means the runner handed the execution to a service that completes it later through
 * `ExecutionService.transition` (the workflow engine): the executor records nothing more and the
 * queue slot is freed at once, so a long workflow never holds one while its tasks wait for slots.
 */
export interface RunOutcome {
  status: 'succeeded' | 'failed' | 'timeout' | 'canceled' | 'pending' | 'running';
  result: unknown;
}

export interface RunRequest {
  execution: Execution;
  action: ActionMeta;
  /**
   * Runner and action parameters merged, defaults filled, templates rendered, values cast,
   * secrets in clear. The runner picks out its own (cmd, timeout, url, ...) and passes the rest on.
   */
  parameters: Record<string, unknown>;
  /** The merged parameter specs (runner's overridden by the action's), for positions and types. */
  specs: Record<string, ParameterSpec>;
  /** Aborted on cancel; runners kill their whole process tree and finish with status `canceled`. */
  signal: AbortSignal;
  logger: Logger;
  /** Environment for child processes beyond the runner's own ST2_ACTION_* variables. */
  env: Record<string, string>;
  /** Services a native runner may call: dispatching triggers, the key-value store. */
  services: RunnerServices;
}

export interface RunnerServices {
  dispatchTrigger(trigger: string, payload: Record<string, unknown>, traceTag?: string): void;
  kv: import('../../datastore/key-value.js').KeyValueStore;
  /** The API base URL exported as ST2_ACTION_API_URL, when the HTTP API is on. */
  apiUrl?: string;
}

/** A runner: its parameters (as runner.yaml declares them) and how to run an action on it. */
export interface Runner {
  readonly name: string;
  /** Parameters every action on this runner accepts. */
  readonly parameters: Record<string, ParameterSpec>;
  /** The runner parameter whose value becomes the execution result's headline, StackStorm's `output_key`. */
  readonly outputKey?: string;
  run(request: RunRequest): Promise<RunOutcome>;
  /**
   * For a runner whose `run` may finish `running` (handing the execution over): cancels an
   * execution it handed over. The executor calls it instead of moving the record itself.
   */
  cancel?(executionId: string): void;
}
