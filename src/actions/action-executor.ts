import { SquallError, errorMessage } from '../errors/index.js';
import { isCompleted, type ExecutionStatus, type ActionMeta, type Execution, type ExecutionContext, type ParameterSpec, type Params } from '../model/index.js';
import type { KeyValueStore } from '../datastore/key-value.js';
import type { ExecutionQueue } from '../executions/execution-queue.js';
import type { ExecutionService } from '../executions/execution-service.js';
import type { Logger } from '../util/logger.js';
import type { Runner, RunnerServices } from './runners/runner.js';
import { secretKeys } from './parameters/secrets.js';

/** A request to run an action: from the CLI, a rule, chat, a workflow, a policy. */
export interface ActionRequest {
  ref: string;
  parameters?: Params;
  context?: Partial<ExecutionContext>;
  /**
   * True only when the supplied values were written by an operator or a pack author (CLI, workflow
   * definitions): then templates in them are rendered. Values that came from chat, webhooks or
   * payloads (already rendered by a rule) are data and are never rendered again. A list names the
   * supplied keys that are templates (an alias's immutable parameters among chat data).
   */
  trustedTemplates?: boolean | readonly string[];
  parent?: string;
}

/** What the executor needs to know about content: actions and pack configs. */
export interface ActionSource {
  action(ref: string): ActionMeta | undefined;
  packConfig(pack: string): Params | undefined;
}

/** The parameter pipeline: merge, fill defaults, render, cast, validate, mask. Throws with every problem. */
export interface ParameterPreparer {
  prepare(input: {
    action: ActionMeta;
    runnerParameters: Record<string, ParameterSpec>;
    supplied: Params;
    trusted: boolean | readonly string[];
    context: ExecutionContext;
    config: Params | undefined;
  }): { values: Params; masked: Params; specs: Record<string, ParameterSpec> };
}

/** Decides whether a requested execution may run now (concurrency policies) and reacts to completions (retry). */
export interface AdmissionPolicy {
  admit(execution: Execution): 'run' | 'delay' | 'cancel';
}

/** What the executor is built from; the composition root supplies each piece. */
export interface ActionExecutorDeps {
  actions: ActionSource;
  runners: Record<string, Runner>;
  parameters: ParameterPreparer;
  executions: ExecutionService;
  queue: ExecutionQueue;
  kv: KeyValueStore;
  logger: Logger;
  systemUser: string;
  services: RunnerServices;
  policy?: AdmissionPolicy;
}

/** Statuses in which an execution waits for a person or a request, not for a runner. */
const WAITING_STATUSES: readonly ExecutionStatus[] = ['pending', 'paused'];

/** Statuses of an execution whose runner took it over (finished `running`) and still owns it. */
const HANDED_OVER_STATUSES: readonly ExecutionStatus[] = ['running', 'pausing', 'paused', 'resuming', 'canceling'];

interface Running {
  controller: AbortController;
  done: Promise<void>;
  /** Set when the process is stopping under it: it ends `abandoned`, not `canceled`. */
  abandoned?: string;
}

/**
 * Turns action requests into executions and runs them: resolve the action, prepare parameters,
 * create the record, pass policies, queue, run on the runner, store the outcome. Waiting and
 * cancelling go through here too.
 */
export class ActionExecutor {
  readonly #deps: ActionExecutorDeps;
  readonly #running = new Map<string, Running>();
  /** Clear secret values of executions not yet run, so the worker need not decrypt them again. */
  readonly #pendingValues = new Map<string, { values: Params; specs: Record<string, ParameterSpec> }>();
  readonly #waiters = new Map<string, { resolve: (e: Execution) => void; settled: boolean }[]>();

  constructor(deps: ActionExecutorDeps) {
    this.#deps = deps;
    deps.queue.process((id) => this.#run(id));
    deps.executions.on((event) => {
      if (event.type !== 'status') return;
      const waiters = this.#waiters.get(event.execution.id);
      if (!waiters) return;
      const done = isCompleted(event.execution.status);
      const waiting = WAITING_STATUSES.includes(event.execution.status);
      const remaining = waiters.filter((w) => !(done || (waiting && w.settled)));
      if (remaining.length === waiters.length) return;
      if (remaining.length) this.#waiters.set(event.execution.id, remaining);
      else this.#waiters.delete(event.execution.id);
      for (const w of waiters) if (!remaining.includes(w)) w.resolve(event.execution);
    });
  }

  /** Policies are wired after construction because the retry policy needs this executor. */
  setPolicy(policy: AdmissionPolicy): void {
    this.#deps.policy = policy;
  }

  /**
   * Validates and records the request, then queues it. Throws ACTION_NOT_FOUND, ACTION_DISABLED,
   * ACTION_UNAVAILABLE, PARAMETERS_INVALID or PARAMETER_IMMUTABLE before anything is stored.
   */
  request(req: ActionRequest): Execution {
    const action = this.#deps.actions.action(req.ref);
    if (!action) throw new SquallError('ACTION_NOT_FOUND', `action ${req.ref} not found`);
    if (!action.enabled) throw new SquallError('ACTION_DISABLED', `action ${req.ref} is disabled`);
    const runner = this.#deps.runners[action.runner_type];
    if (!runner || action.available === false) {
      throw new SquallError('ACTION_UNAVAILABLE', `action ${req.ref} uses runner ${action.runner_type}, which Squall does not run${action.unavailable_reason ? `: ${action.unavailable_reason}` : ''}`);
    }
    // Copies: the record and a delayed run must not change when the caller later reuses its objects.
    const context: ExecutionContext = { user: this.#deps.systemUser, ...copyRequestData(req.context ?? {}, 'context') } as ExecutionContext;
    const prepared = this.#deps.parameters.prepare({
      action,
      runnerParameters: runner.parameters,
      supplied: copyRequestData(req.parameters ?? {}, 'parameters'),
      trusted: req.trustedTemplates ?? false,
      context,
      config: this.#deps.actions.packConfig(action.pack),
    });
    // Parameters that are secret themselves or hold secret members: their clear values are kept only encrypted.
    const secretNames = secretKeys(prepared.specs).filter((k) => prepared.values[k] !== undefined && prepared.values[k] !== null);
    const secrets = secretNames.length ? this.#deps.kv.encrypt(JSON.stringify(Object.fromEntries(secretNames.map((k) => [k, prepared.values[k]])))) : undefined;
    const execution = this.#deps.executions.create({
      action: { ref: action.ref, runner_type: action.runner_type, pack: action.pack, name: action.name },
      parameters: prepared.masked,
      ...(secrets ? { secret_parameters: secrets } : {}),
      context,
      ...(req.parent ? { parent: req.parent } : {}),
    });
    this.#pendingValues.set(execution.id, { values: prepared.values, specs: prepared.specs });
    this.#admit(execution.id);
    return execution;
  }

  /** Re-checks policies for a delayed execution (called by the concurrency policy when a slot frees). */
  readmit(id: string): void {
    const execution = this.#deps.executions.get(id);
    if (execution && execution.status === 'delayed') this.#admit(id);
  }

  /**
   * Resolves with the execution once it has completed or, with `settled`, once it waits for
   * someone (`pending` on an inquiry, `paused`), as `st2 run` returns for `core.ask`.
   */
  wait(id: string, options: { settled?: boolean } = {}): Promise<Execution> {
    const execution = this.#deps.executions.get(id);
    if (!execution) return Promise.reject(new SquallError('EXECUTION_NOT_FOUND', `execution ${id} not found`));
    if (isCompleted(execution.status) || (options.settled && WAITING_STATUSES.includes(execution.status))) return Promise.resolve(execution);
    return new Promise((resolve) => {
      const list = this.#waiters.get(id) ?? [];
      list.push({ resolve, settled: options.settled ?? false });
      this.#waiters.set(id, list);
    });
  }

  /** Cancels a queued, delayed or running execution. Completed ones are returned unchanged. */
  cancel(id: string): Execution {
    const execution = this.#deps.executions.get(id);
    if (!execution) throw new SquallError('EXECUTION_NOT_FOUND', `execution ${id} not found`);
    if (isCompleted(execution.status)) return execution;
    const running = this.#running.get(id);
    if (running) {
      this.#deps.executions.transition(id, 'canceling');
      running.controller.abort();
      return execution;
    }
    // An execution its runner took over (a workflow) is canceled by that runner: its tasks first.
    const owner = this.#deps.runners[execution.action.runner_type];
    if (owner?.cancel && HANDED_OVER_STATUSES.includes(execution.status)) {
      owner.cancel(id);
      return this.#deps.executions.get(id) ?? execution;
    }
    this.#pendingValues.delete(id);
    for (const child of execution.children) {
      const c = this.#deps.executions.get(child);
      if (c && !isCompleted(c.status)) this.cancel(child);
    }
    return this.#deps.executions.transition(id, 'canceled', { status_reason: 'canceled by request' });
  }

  /**
   * Stops an execution because Squall itself is stopping: it ends `abandoned` with `reason`, as
   * StackStorm's runners leave what they could not finish, so that whoever waits on it (a workflow
   * after the restart) treats it as interrupted rather than canceled by someone.
   */
  abandon(id: string, reason: string): Execution {
    const execution = this.#deps.executions.get(id);
    if (!execution) throw new SquallError('EXECUTION_NOT_FOUND', `execution ${id} not found`);
    if (isCompleted(execution.status)) return execution;
    const running = this.#running.get(id);
    if (running) {
      running.abandoned = reason;
      running.controller.abort();
      return execution;
    }
    this.#pendingValues.delete(id);
    return this.#deps.executions.transition(id, 'abandoned', { status_reason: reason });
  }

  /** Runs the same action again with the same parameters (secrets included), `overrides` on top. */
  reRun(id: string, overrides: Params = {}, context: Partial<ExecutionContext> = {}): Execution {
    const old = this.#deps.executions.get(id);
    if (!old) throw new SquallError('EXECUTION_NOT_FOUND', `execution ${id} not found`);
    const secrets = old.secret_parameters ? (JSON.parse(this.#deps.kv.decrypt(old.secret_parameters)) as Params) : {};
    const action = this.#deps.actions.action(old.action.ref);
    const immutable = new Set(Object.entries(action?.parameters ?? {}).filter(([, s]) => s.immutable).map(([k]) => k));
    // Only what the original caller could have supplied goes back in: defaults and immutables are filled again.
    const supplied = Object.fromEntries(Object.entries({ ...old.parameters, ...secrets }).filter(([k]) => !immutable.has(k)));
    const { rule: _rule, trigger_instance: _ti, ...keptContext } = old.context;
    return this.request({
      ref: old.action.ref,
      parameters: { ...supplied, ...overrides },
      context: { ...keptContext, ...context, re_run: { ref: id } },
      trustedTemplates: false,
      ...(old.parent ? { parent: old.parent } : {}),
    });
  }

  /** Resolves when nothing is queued or running. */
  async idle(): Promise<void> {
    await this.#deps.queue.idle();
  }

  #admit(id: string): void {
    const execution = this.#deps.executions.get(id)!;
    const verdict = this.#deps.policy?.admit(execution) ?? 'run';
    if (verdict === 'delay') {
      if (execution.status !== 'delayed') this.#deps.executions.transition(id, 'delayed', { status_reason: 'delayed by a concurrency policy' });
      return;
    }
    if (verdict === 'cancel') {
      this.#pendingValues.delete(id);
      this.#deps.executions.transition(id, 'canceled', { status_reason: 'canceled by a concurrency policy' });
      return;
    }
    this.#deps.executions.transition(id, 'scheduled');
    this.#deps.queue.enqueue(id);
  }

  async #run(id: string): Promise<void> {
    const execution = this.#deps.executions.get(id);
    if (!execution || execution.status !== 'scheduled') return;
    const prepared = this.#pendingValues.get(id);
    this.#pendingValues.delete(id);
    const action = this.#deps.actions.action(execution.action.ref);
    const runner = action && this.#deps.runners[action.runner_type];
    if (!prepared || !action || !runner) {
      this.#deps.executions.transition(id, 'failed', { result: { error: 'action or parameters no longer available' } });
      return;
    }
    const controller = new AbortController();
    let finish!: () => void;
    const slot: Running = { controller, done: new Promise((r) => (finish = r)) };
    this.#running.set(id, slot);
    const logger = this.#deps.logger.child({ execution_id: id, action: action.ref });
    try {
      this.#deps.executions.transition(id, 'running');
      const outcome = await runner.run({
        execution,
        action,
        parameters: prepared.values,
        specs: prepared.specs,
        signal: controller.signal,
        logger,
        env: {},
        services: this.#deps.services,
      });
      if (outcome.status === 'running') {
        // Handed over: the runner completes the record itself. A cancel that came meanwhile goes to it.
        if (controller.signal.aborted) runner.cancel?.(id);
        return;
      }
      const canceled = controller.signal.aborted && outcome.status !== 'succeeded';
      const status = canceled ? (slot.abandoned ? 'abandoned' : 'canceled') : outcome.status;
      const reason = canceled ? { status_reason: slot.abandoned ?? 'canceled by request' } : {};
      this.#deps.executions.transition(id, status, { result: outcome.result, ...reason });
    } catch (err) {
      logger.error('runner failed', { error: errorMessage(err) });
      const current = this.#deps.executions.get(id);
      if (current && !isCompleted(current.status)) this.#deps.executions.transition(id, 'failed', { result: { error: errorMessage(err) } });
    } finally {
      this.#running.delete(id);
      finish();
    }
  }
}

/** A deep copy of request data; values that are not data (functions, class instances with handles) are refused. */
function copyRequestData<T extends object>(value: T, field: string): T {
  try {
    return structuredClone(value);
  } catch (err) {
    throw new SquallError('PARAMETERS_INVALID', `a value in the request's ${field} is not data: ${errorMessage(err)}`, {
      details: [{ field, message: 'must hold only data (objects, arrays, strings, numbers, booleans, null)' }],
    });
  }
}
