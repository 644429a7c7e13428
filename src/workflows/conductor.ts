/**
 * The workflow conductor: Orquesta's `WorkflowConductor`, pure. It does no I/O, reads no clock
 * and draws no random numbers; it is driven by events and answers what to run next:
 *
 * ```ts
 * const conductor = WorkflowConductor.create({ spec, inputs }, { expressions });
 * conductor.requestWorkflowStatus('running');
 * for (const task of conductor.getNextTasks()) ...start task.actions...
 * conductor.updateTaskState(task.id, task.route, actionEvent('running'));
 * conductor.updateTaskState(task.id, task.route, actionEvent('succeeded', result));
 * const checkpoint = conductor.serialize();          // plain JSON
 * const again = WorkflowConductor.deserialize(checkpoint, { expressions });
 * ```
 *
 * Statuses, errors and routes are Orquesta's, so a rehearsal spec written for Orquesta passes here.
 */
import { SquallError } from '../errors/index.js';
import { readNamedArgs } from '../expressions/workflow-expressions.js';
import { cloneData, mergeInto, type Context } from './conductor-context.js';
import { ConductorCore, type WorkflowLogEntry } from './conductor-core.js';
import type { NamedArgsReader } from './conductor-functions.js';
import { getNextTasks, type NextTask } from './conductor-next.js';
import { ScopedEvaluator, type ConductorExpressions, type ExtraFunctions } from './conductor-render.js';
import { requestWorkflowRerun, type TaskRerunRequest } from './conductor-rerun.js';
import { WorkflowState, type TaskStateEntry, type WorkflowStateData } from './conductor-state.js';
import { updateTaskState } from './conductor-update.js';
import type { TaskStateEvent } from './events.js';
import { WorkflowGraph } from './graph.js';
import { parseWorkflow, type WorkflowSpec } from './spec.js';
import type { Status } from './statuses.js';

export type { NextTask } from './conductor-next.js';
export type { TaskAction } from './conductor-render.js';
export type { WorkflowLogEntry } from './conductor-core.js';
export type { TaskRerunRequest } from './conductor-rerun.js';

/** What the conductor is built with besides the workflow. */
export interface ConductorDeps {
  /** The expression evaluator (YAQL and Jinja). */
  expressions: ConductorExpressions;
  /** Extra functions for expressions (StackStorm's `task()`, `st2kv()`), per evaluation scope. */
  functions?: ExtraFunctions;
  /** Recognises the trailing `name => value` arguments of the evaluator's calls (default: the evaluator's `NamedArgs`). */
  namedArgs?: NamedArgsReader;
}

/** The workflow a conductor runs. */
export interface ConductorOptions {
  spec: WorkflowSpec;
  /** The graph of `spec`; composed when not given. */
  graph?: WorkflowGraph;
  /** The workflow's input values. */
  inputs?: Context;
  /** A parent context merged under input and vars (StackStorm puts `st2` here). */
  context?: Context;
}

/** `serialize()`'s result: everything needed to continue the workflow, as plain JSON. */
export interface ConductorSnapshot {
  /** The workflow definition as read (parsed again on deserialize). */
  spec: Record<string, unknown>;
  input: Context;
  context: Context;
  state: WorkflowStateData;
  log: WorkflowLogEntry[];
  errors: WorkflowLogEntry[];
  output: Context | null;
}

/** `headJson()`'s data: the part of a snapshot that changes from event to event. */
export interface ConductorHead {
  state: Pick<WorkflowStateData, 'routes' | 'staged' | 'status' | 'reruns'>;
  log: WorkflowLogEntry[];
  errors: WorkflowLogEntry[];
  output: Context | null;
}

/** One run of a task, for displays and rehearsals. */
export interface TaskRun {
  id: string;
  route: number;
  status: Status;
  term: boolean;
}

/** Orquesta's workflow conductor (see the module comment). */
export class WorkflowConductor {
  readonly #core: ConductorCore;
  #specJson: string | undefined;

  private constructor(core: ConductorCore) {
    this.#core = core;
  }

  /**
   * A new conductor: renders input and vars (a failure is logged and fails the workflow) and
   * stages the start tasks. The workflow status is `"null"` until `requestWorkflowStatus('running')`.
   */
  static create(options: ConductorOptions, deps: ConductorDeps): WorkflowConductor {
    const state = new WorkflowState();
    const core = WorkflowConductor.#build(options.spec, options.graph, state, options.inputs ?? {}, options.context ?? {}, deps);
    const init: Context = { ...core.parentContext };
    const rendered = core.evaluator.renderInput(options.spec.input, core.input, init);
    mergeInto(init, rendered.ctx);
    const vars = core.evaluator.renderVars(options.spec.vars, init);
    mergeInto(init, vars.vars);
    const errors = [...rendered.errors, ...vars.errors];
    if (errors.length > 0) {
      for (const e of errors) core.logError(e);
      core.requestWorkflowStatus('failed');
      return new WorkflowConductor(core);
    }
    state.contexts.push(init);
    state.routes.push([]);
    for (const task of core.graph.startTasks()) state.addStaged({ id: task, route: 0, ctxs: { in: [0] }, prev: {}, ready: true });
    return new WorkflowConductor(core);
  }

  /** Restores a conductor from `serialize()`'s data. `spec` skips parsing the stored definition again. */
  static deserialize(data: ConductorSnapshot, deps: ConductorDeps, spec?: WorkflowSpec): WorkflowConductor {
    if (!data || typeof data !== 'object' || !data.state || !Array.isArray(data.state.sequence)) {
      throw new SquallError('WORKFLOW_STATE_INVALID', 'Workflow checkpoint is not a serialized conductor');
    }
    const copy = cloneData(data);
    const parsed = spec ?? parseWorkflow(copy.spec);
    const core = WorkflowConductor.#build(parsed, undefined, WorkflowState.fromData(copy.state), copy.input ?? {}, copy.context ?? {}, deps);
    core.errors = copy.errors ?? [];
    core.log = copy.log ?? [];
    core.output = copy.output ?? null;
    return new WorkflowConductor(core);
  }

  static #build(spec: WorkflowSpec, graph: WorkflowGraph | undefined, state: WorkflowState, input: Context, parentContext: Context, deps: ConductorDeps): ConductorCore {
    const evaluator = new ScopedEvaluator(deps.expressions, () => core.state, deps.namedArgs ?? readNamedArgs, deps.functions);
    const core: ConductorCore = new ConductorCore({ spec, graph: graph ?? WorkflowGraph.fromSpec(spec), evaluator, state, input, parentContext });
    return core;
  }

  /** Everything needed to continue later, as a deep copy of plain JSON. */
  serialize(): ConductorSnapshot {
    return JSON.parse(this.serializeJson()) as ConductorSnapshot;
  }

  /** `serialize()` as JSON text, without the intermediate copy (for a checkpoint written as text). */
  serializeJson(): string {
    const core = this.#core;
    // The definition never changes: its text is made once.
    this.#specJson ??= JSON.stringify(core.spec.data);
    return (
      `{"spec":${this.#specJson},"input":${JSON.stringify(core.input)},"context":${JSON.stringify(core.parentContext)},` +
      `"state":${core.state.toJson()},"log":${JSON.stringify(core.log)},"errors":${JSON.stringify(core.errors)},"output":${JSON.stringify(core.output)}}`
    );
  }

  // ---- parts, for a checkpoint that writes only what changed (the engine's) ----

  /** What never changes while the workflow runs: the definition as read, the input and the parent context. */
  fixedPart(): Pick<ConductorSnapshot, 'spec' | 'input' | 'context'> {
    const core = this.#core;
    return { spec: core.spec.data, input: core.input, context: core.parentContext };
  }

  /**
   * What changes from event to event: the state without its append-only parts (context fragments,
   * runs) and without the run index (rebuilt from the runs), plus log, errors and output. Live
   * objects: the caller copies them (a store `put` does).
   */
  headPart(): ConductorHead {
    const core = this.#core;
    return { state: core.state.headData(), log: core.log, errors: core.errors, output: core.output };
  }

  /** Context fragments `[from, to)`; a fragment never changes once added. Live objects. */
  contexts(from: number, to: number): readonly Record<string, unknown>[] {
    return this.#core.state.contexts.slice(from, to);
  }

  get contextCount(): number {
    return this.#core.state.contexts.length;
  }

  /** Task runs `[from, to)` (sequence order). Live objects. */
  runs(from: number, to: number): readonly TaskStateEntry[] {
    return this.#core.state.sequence.slice(from, to);
  }

  get runCount(): number {
    return this.#core.state.sequence.length;
  }

  /** Indexes of the runs added or changed since the last call, ascending (one checkpoint writer consumes them). */
  takeChangedRuns(): number[] {
    return this.#core.state.takeChangedRuns();
  }

  /** A snapshot put back together from `fixedJson()`, `headJson()`, the context fragments and the runs. */
  static snapshotFromParts(fixed: Pick<ConductorSnapshot, 'spec' | 'input' | 'context'>, head: ConductorHead, contexts: Record<string, unknown>[], runs: TaskStateEntry[]): ConductorSnapshot {
    return {
      spec: fixed.spec,
      input: fixed.input,
      context: fixed.context,
      state: WorkflowState.fromParts(head.state, contexts, runs),
      log: head.log,
      errors: head.errors,
      output: head.output,
    };
  }

  get spec(): WorkflowSpec {
    return this.#core.spec;
  }

  get graph(): WorkflowGraph {
    return this.#core.graph;
  }

  /** The workflow status (`"null"` before it was asked to run). */
  get status(): Status {
    return this.#core.status;
  }

  /** Asks for a workflow status: `running`, `pausing`/`paused`, `resuming`, `canceling`/`canceled`, `failed`. */
  requestWorkflowStatus(status: Status): void {
    this.#core.requestWorkflowStatus(status);
  }

  /** The tasks to start now (see `NextTask`). */
  getNextTasks(): NextTask[] {
    return getNextTasks(this.#core);
  }

  /** True when tasks are staged and ready to run. */
  hasNextTasks(): boolean {
    return this.#core.state.hasStagedTasks;
  }

  /**
   * Reports a status change of a task's action execution (or of one item of a with-items task).
   * Throws WORKFLOW_STATE_INVALID for a task that is not in the graph, or neither staged nor run.
   */
  updateTaskState(taskId: string, route: number, event: TaskStateEvent): void {
    updateTaskState(this.#core, taskId, route, event);
  }

  /** Renders the output once the workflow has completed (idempotent). */
  renderWorkflowOutput(): void {
    this.#core.renderOutput();
  }

  /** The rendered output, or null (before completion, or when nothing rendered). */
  getWorkflowOutput(): Context | null {
    return this.#core.output ? cloneData(this.#core.output) : null;
  }

  /** Errors in Orquesta's shape: `{type: 'error', message, task_id?, route?, task_transition_id?, result?}`. */
  get errors(): readonly WorkflowLogEntry[] {
    return this.#core.errors;
  }

  get log(): readonly WorkflowLogEntry[] {
    return this.#core.log;
  }

  /** The route table: route N is the list of split transitions that led to it. */
  get routes(): readonly (readonly string[])[] {
    return this.#core.state.routes;
  }

  /** Every task run in the order runs started. */
  taskRuns(): TaskRun[] {
    return this.#core.state.sequence.map((t) => ({ id: t.id, route: t.route, status: t.status ?? 'null', term: t.term === true }));
  }

  /** The runs that ended a branch (their contexts make up the output's context). */
  terminalTasks(): TaskRun[] {
    return this.taskRuns().filter((t) => t.term);
  }

  /** The status of a task's latest run on a route (`"null"` when it has not run). */
  taskStatus(taskId: string, route = 0): Status {
    return this.#core.state.getTask(taskId, route)?.status ?? 'null';
  }

  /** Prepares a completed workflow to run again from the given task runs (default: the failed terminal ones). */
  requestWorkflowRerun(requests?: readonly TaskRerunRequest[]): void {
    requestWorkflowRerun(this.#core, requests);
  }
}
