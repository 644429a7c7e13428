/**
 * The workflow engine: the I/O side of Orquesta workflows. For an execution of the `orquesta`
 * runner it inspects the definition, builds the conductor with the execution's parameters as input
 * and `ctx().st2` as runtime context, runs each task as a child execution of the workflow through
 * the action executor, feeds the children's status changes back to the conductor and keeps a
 * checkpoint of it in the `workflows` collection. Pause, resume, cancel and re-run from tasks go
 * through here; on start-up every workflow a previous process left running continues from its
 * checkpoint (see `recover`).
 */
import { readFileSync } from 'node:fs';
import { SquallError, errorMessage } from '../errors/index.js';
import type { KeyValueStore } from '../datastore/key-value.js';
import type { ExecutionService } from '../executions/execution-service.js';
import { isCompleted, type ActionMeta, type Execution, type Params } from '../model/index.js';
import { runnerParameters } from '../packs/runner-parameters.js';
import type { Collection, Doc, Store } from '../store/store.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import type { Context } from './conductor-context.js';
import type { NamedArgsReader } from './conductor-functions.js';
import type { ConductorExpressions } from './conductor-render.js';
import { WorkflowConductor, type ConductorDeps, type TaskRerunRequest } from './conductor.js';
import { runtimeContext, st2Functions } from './engine-context.js';
import type { TaskLauncher } from './engine-deps.js';
import { deleteCheckpoint, isCheckpointHead, loadCheckpoint, type LoadedCheckpoint } from './engine-checkpoint.js';
import { taskViews, type WorkflowTaskView } from './engine-records.js';
import { WorkflowRun, type WorkflowRunInit } from './engine-run.js';
import { moveExecution } from './engine-status.js';
import { inspectWorkflow, type ExpressionValidator } from './inspect.js';
import { parseWorkflow } from './spec.js';
import { COMPLETED_STATUSES } from './statuses.js';

export type { TaskLauncher } from './engine-deps.js';
export type { WorkflowTaskView } from './engine-records.js';

/** Runner names whose executions are workflows run by this engine. */
export const WORKFLOW_RUNNERS: readonly string[] = ['orquesta'];

export interface WorkflowEngineDeps {
  executions: ExecutionService;
  store: Store;
  clock: Clock;
  logger: Logger;
  launcher: TaskLauncher;
  /** `st2kv()` reads it; checkpoints of workflows with secret input are encrypted with its key. */
  kv: KeyValueStore;
  expressions: ConductorExpressions & ExpressionValidator;
  /** Recognises the trailing `name => value` arguments of expression function calls. */
  namedArgs?: NamedArgsReader;
  actions: { action(ref: string): ActionMeta | undefined };
  /** The API base URL for `ctx().st2.api_url`, read when a workflow starts. */
  apiUrl?: () => string | undefined;
  /** A completed child's result as its task sees it; default: the record's result. */
  clearResult?: (execution: Execution) => unknown;
}

/** What the `orquesta` runner hands over. */
export interface WorkflowStart {
  execution: Execution;
  action: ActionMeta;
  /** Runner and action parameters: clear values, defaults filled. */
  parameters: Params;
  /** The runner's own parameter names, left out of the workflow input. */
  runnerParameters: readonly string[];
  /** The workflow definition file (the action's entry point). */
  file: string;
}

/** What a runner answers (structurally the runner's RunOutcome). */
export type WorkflowOutcome = { status: 'running'; result: undefined } | { status: 'failed'; result: { output: null; errors: unknown[] } };

/** Options of a re-run from tasks. */
export interface WorkflowRerunOptions {
  /** Task names (route 0) or task runs to run again; default: the failed terminal tasks. */
  tasks?: readonly (string | TaskRerunRequest)[];
  /** With-items tasks among `tasks` that keep their succeeded items (by default every item runs again). */
  noReset?: readonly string[];
}

/** The execution context key carrying a re-run's task requests to the new execution. */
const RERUN_KEY = 'workflow_rerun';

function failure(errors: unknown[]): WorkflowOutcome {
  return { status: 'failed', result: { output: null, errors } };
}

export class WorkflowEngine {
  readonly #deps: WorkflowEngineDeps;
  readonly #checkpoints: Collection<Doc>;
  readonly #runs = new Map<string, WorkflowRun>();
  readonly #unsubscribe: () => void;
  #stopped = false;

  constructor(deps: WorkflowEngineDeps) {
    this.#deps = deps;
    this.#checkpoints = deps.store.collection<Doc>('workflows');
    this.#unsubscribe = deps.executions.on((event) => {
      if (event.type !== 'status' || !event.execution.parent) return;
      const run = this.#runs.get(event.execution.parent);
      const child = event.execution.id;
      // Heard once every listener had this change: what the workflow does next comes after it.
      if (run) queueMicrotask(() => run.enqueue(() => run.childChanged(child)));
    });
  }

  /** True for executions this engine runs. */
  isWorkflow(execution: Execution): boolean {
    return WORKFLOW_RUNNERS.includes(execution.action.runner_type);
  }

  /**
   * Starts a workflow for a running execution. Inspection errors (and an unreadable definition)
   * fail it at once with `{output: null, errors}`; otherwise the engine owns the execution from
   * here (`running`) and completes it with `{output, errors?}`.
   */
  start(input: WorkflowStart): WorkflowOutcome {
    const { execution } = input;
    if (this.#stopped) return failure([{ message: 'The workflow engine is stopping.' }]);
    const context = runtimeContext(execution, this.#deps.apiUrl?.());
    // A re-run from tasks names the execution it continues; a later plain re-run of this one copies
    // that context but names another execution, and starts from the beginning.
    const rerun = execution.context[RERUN_KEY] as { ref?: string; tasks?: TaskRerunRequest[] } | undefined;
    const previous = execution.context.re_run as { ref?: string } | undefined;
    if (rerun?.ref && rerun.ref === previous?.ref) return this.#startRerun(input, context, rerun.ref, rerun.tasks ?? []);
    let text: string;
    try {
      text = readFileSync(input.file, 'utf8');
    } catch (err) {
      return failure([{ message: `Unable to read the workflow definition: ${errorMessage(err)}` }]);
    }
    const errors = inspectWorkflow(text, {
      expressions: this.#deps.expressions,
      context: Object.keys(context),
      file: input.file,
      actionExists: (ref) => this.#deps.actions.action(ref) !== undefined,
      actionParameters: (ref) => {
        const action = this.#deps.actions.action(ref);
        return action ? { ...runnerParameters(action.runner_type), ...action.parameters } : undefined;
      },
    });
    if (errors.length > 0) return failure(errors);
    const inputs = Object.fromEntries(Object.entries(input.parameters).filter(([k]) => !input.runnerParameters.includes(k)));
    let run: WorkflowRun | undefined;
    const conductor = WorkflowConductor.create({ spec: parseWorkflow(text, input.file), inputs, context }, this.#conductorDeps(execution, () => run));
    if (conductor.status === 'null') conductor.requestWorkflowStatus('running');
    run = this.#track({ id: execution.id, conductor, encrypted: execution.secret_parameters !== undefined, ...this.#notify(execution, input.action) });
    const started = run;
    started.enqueue(() => started.advance());
    return { status: 'running', result: undefined };
  }

  /** Pauses a running workflow: no new tasks start; paused once its running tasks finished. Cascades to subworkflows. */
  pause(id: string): Execution {
    const run = this.#active(id);
    const status = run.conductor.status;
    if (status === 'pausing' || status === 'paused') return this.#deps.executions.get(id)!;
    if (status !== 'running' && status !== 'resuming') throw new SquallError('WORKFLOW_STATE_INVALID', `workflow execution ${id} is ${status}; only a running workflow can be paused`);
    run.enqueue(() => run.pause());
    return this.#deps.executions.get(id)!;
  }

  /** Resumes a paused (or pausing) workflow and its paused subworkflows. */
  resume(id: string): Execution {
    const run = this.#active(id);
    const status = run.conductor.status;
    if (status !== 'paused' && status !== 'pausing') throw new SquallError('WORKFLOW_STATE_INVALID', `workflow execution ${id} is ${status}; only a paused workflow can be resumed`);
    run.enqueue(() => run.resume());
    return this.#deps.executions.get(id)!;
  }

  /**
   * Cancels a workflow: no new tasks start, its delays and every active child (subworkflows
   * included) are canceled, and it is `canceled` once they settled. The runner calls this.
   */
  cancel(id: string): void {
    if (this.#stopped) return;
    const run = this.#runs.get(id);
    if (run) {
      if (!COMPLETED_STATUSES.has(run.conductor.status)) run.enqueue(() => run.cancel());
      return;
    }
    // A workflow execution with nothing in flight here (its definition never started): canceled as is.
    const execution = this.#deps.executions.get(id);
    if (execution && !isCompleted(execution.status)) moveExecution(this.#deps.executions, id, 'canceled', { status_reason: 'canceled by request' });
  }

  /**
   * Re-runs a completed workflow from some of its tasks, as `st2 execution re-run --tasks` does: a
   * new execution continues the workflow's state, tasks that succeeded are not run again. Throws
   * EXECUTION_NOT_FOUND, or WORKFLOW_STATE_INVALID for an active workflow, one without a checkpoint
   * or a task that did not run.
   */
  reRun(id: string, options: WorkflowRerunOptions = {}): Execution {
    const old = this.#deps.executions.get(id);
    if (!old) throw new SquallError('EXECUTION_NOT_FOUND', `execution ${id} not found`);
    if (!this.isWorkflow(old)) throw new SquallError('WORKFLOW_STATE_INVALID', `execution ${id} is not a workflow (runner ${old.action.runner_type})`);
    if (!isCompleted(old.status)) throw new SquallError('WORKFLOW_STATE_INVALID', `workflow execution ${id} is ${old.status}; only a completed workflow can be re-run`);
    let doc: LoadedCheckpoint | undefined;
    try {
      doc = this.#load(id);
    } catch (err) {
      throw new SquallError('WORKFLOW_STATE_INVALID', `the saved state of workflow execution ${id} cannot be read: ${errorMessage(err)}`);
    }
    if (!doc) throw new SquallError('WORKFLOW_STATE_INVALID', `workflow execution ${id} has no saved state to re-run from`);
    const noReset = new Set(options.noReset ?? []);
    const tasks = (options.tasks ?? []).map((t) => (typeof t === 'string' ? { taskId: t, resetItems: !noReset.has(t) } : t));
    // Checked now, so that a wrong task name is refused before a new execution exists.
    WorkflowConductor.deserialize(doc.snapshot, this.#conductorDeps(old, () => undefined)).requestWorkflowRerun(tasks);
    return this.#deps.launcher.reRun(id, {}, { [RERUN_KEY]: { ref: id, tasks }, source: 're-run' });
  }

  /** For start-up: true when `execution` is a workflow this engine can resume from a checkpoint. */
  canResume(execution: Execution): boolean {
    return this.isWorkflow(execution) && this.#checkpoints.get(execution.id) !== undefined;
  }

  /**
   * Called once at start-up, after the execution records were loaded: every workflow left active
   * continues from its checkpoint. Children that completed meanwhile are heard now; children the
   * previous process abandoned fail their tasks (Orquesta treats an abandoned action as a failed
   * task), so the workflow follows its failure path. Checkpoints of purged executions are dropped.
   * Returns the ids of the resumed workflows.
   */
  recover(): string[] {
    const resumed: WorkflowRun[] = [];
    for (const { id } of this.#checkpoints.find(isCheckpointHead)) {
      const execution = this.#deps.executions.get(id);
      if (!execution) {
        deleteCheckpoint(this.#checkpoints, id);
        continue;
      }
      if (isCompleted(execution.status) || this.#runs.has(id)) continue;
      try {
        let run: WorkflowRun | undefined;
        const loaded = this.#load(id)!;
        const conductor = WorkflowConductor.deserialize(loaded.snapshot, this.#conductorDeps(execution, () => run));
        const action = this.#deps.actions.action(execution.action.ref);
        const checkpoint = { tasks: loaded.records, active: loaded.active };
        run = this.#track({ id, conductor, encrypted: loaded.encrypted, checkpoint, ...(action ? this.#notify(execution, action) : {}) });
        resumed.push(run);
      } catch (err) {
        this.#deps.logger.error('workflow not resumed', { execution_id: id, error: errorMessage(err) });
        moveExecution(this.#deps.executions, id, 'failed', { result: { output: null, errors: [{ message: `Unable to resume the workflow: ${errorMessage(err)}` }] } });
      }
    }
    for (const run of resumed) run.enqueue(() => run.reconcile());
    return resumed.map((r) => r.id);
  }

  /** The task runs of a workflow execution (also after it completed), or undefined when it has none. */
  tasks(id: string): WorkflowTaskView[] | undefined {
    const run = this.#runs.get(id);
    if (run) return taskViews(run.records);
    const doc = this.#load(id);
    return doc ? taskViews(doc.records) : undefined;
  }

  /** Stops following executions and drops timers; checkpoints stay, so a restart resumes. */
  stop(): void {
    this.#stopped = true;
    this.#unsubscribe();
    for (const run of this.#runs.values()) run.halt();
    this.#runs.clear();
  }

  #active(id: string): WorkflowRun {
    const execution = this.#deps.executions.get(id);
    if (!execution) throw new SquallError('EXECUTION_NOT_FOUND', `execution ${id} not found`);
    if (!this.isWorkflow(execution)) throw new SquallError('WORKFLOW_STATE_INVALID', `execution ${id} is not a workflow (runner ${execution.action.runner_type})`);
    const run = this.#runs.get(id);
    if (isCompleted(execution.status)) throw new SquallError('WORKFLOW_STATE_INVALID', `workflow execution ${id} has completed (${execution.status})`);
    if (!run) throw new SquallError('WORKFLOW_STATE_INVALID', `workflow execution ${id} is ${execution.status} and not running here`);
    return run;
  }

  #startRerun(input: WorkflowStart, context: Context, previousId: string, tasks: TaskRerunRequest[]): WorkflowOutcome {
    let doc: LoadedCheckpoint | undefined;
    try {
      doc = this.#load(previousId);
    } catch (err) {
      return failure([{ message: `Unable to read the saved state of workflow execution ${previousId}: ${errorMessage(err)}` }]);
    }
    if (!doc) return failure([{ message: `Workflow execution ${previousId} has no saved state to re-run from.` }]);
    const snapshot = doc.snapshot;
    // The re-run is a new execution: `ctx().st2` names it from here on.
    snapshot.context = { ...snapshot.context, ...context };
    const initial = snapshot.state.contexts[0];
    if (initial) snapshot.state.contexts[0] = { ...initial, st2: context.st2 };
    let run: WorkflowRun | undefined;
    const conductor = WorkflowConductor.deserialize(snapshot, this.#conductorDeps(input.execution, () => run));
    try {
      conductor.requestWorkflowRerun(tasks);
    } catch (err) {
      return failure([{ message: errorMessage(err) }]);
    }
    // The copied runs' children belong to the execution re-run (or to the one it copied them from).
    const records = doc.records.map(({ delayed: _dropped, ...r }) => ({ ...r, origin: r.origin ?? previousId }));
    const encrypted = doc.encrypted || input.execution.secret_parameters !== undefined;
    run = this.#track({ id: input.execution.id, conductor, encrypted, checkpoint: { tasks: records, active: {} }, ...this.#notify(input.execution, input.action) });
    const started = run;
    started.enqueue(() => started.advance());
    return { status: 'running', result: undefined };
  }

  #track(init: WorkflowRunInit): WorkflowRun {
    const deps = this.#deps;
    const run = new WorkflowRun(
      {
        executions: deps.executions,
        launcher: deps.launcher,
        checkpoints: this.#checkpoints,
        clock: deps.clock,
        logger: deps.logger,
        kv: deps.kv,
        clearResult: deps.clearResult ?? ((e) => e.result),
        isWorkflow: (e) => this.isWorkflow(e),
        pauseWorkflow: (id) => this.#cascade(() => this.pause(id)),
        resumeWorkflow: (id) => this.#cascade(() => this.resume(id)),
        finished: (done) => {
          if (this.#runs.get(done.id) === done) this.#runs.delete(done.id);
        },
      },
      init,
    );
    this.#runs.set(init.id, run);
    return run;
  }

  /** A pause or resume passed down to a subworkflow; one that cannot take it is left as it is. */
  #cascade(apply: () => void): void {
    try {
      apply();
    } catch (err) {
      this.#deps.logger.warn('subworkflow not paused or resumed', { error: errorMessage(err) });
    }
  }

  #notify(execution: Execution, action: ActionMeta): Pick<WorkflowRunInit, 'notify'> {
    const tasks = execution.parameters.notify;
    const spec = (execution.context.notify as ActionMeta['notify'] | undefined) ?? action.notify;
    if (!spec || !Array.isArray(tasks) || tasks.length === 0) return {};
    return { notify: { tasks: tasks.filter((t): t is string => typeof t === 'string'), spec } };
  }

  #conductorDeps(execution: Execution, run: () => WorkflowRun | undefined): ConductorDeps {
    const namedArgs = this.#deps.namedArgs ?? (() => undefined);
    return {
      expressions: this.#deps.expressions,
      namedArgs,
      functions: st2Functions({ kv: this.#deps.kv, user: execution.context.user, namedArgs, tasks: run }),
    };
  }

  #load(id: string): LoadedCheckpoint | undefined {
    return loadCheckpoint(this.#checkpoints, id, this.#deps.kv, this.#deps.executions);
  }
}
