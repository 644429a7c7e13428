/**
 * The shared core of the conductor: the spec, graph and state, the error log, task contexts and
 * the join bookkeeping. `WorkflowConductor` (conductor.ts) is the public face; the concept files
 * (`conductor-next.ts`, `conductor-update.ts`, `conductor-rerun.ts`) work on this core.
 */
import { SquallError } from '../errors/index.js';
import { mergeFragments, mergeInto, withoutReserved, type Context } from './conductor-context.js';
import { processTaskWorkflowEvent, processWorkflowEvent, type MachineHost } from './conductor-machine.js';
import type { ScopedEvaluator } from './conductor-render.js';
import { WorkflowState, type StagedTask } from './conductor-state.js';
import { workflowEvent } from './events.js';
import type { WorkflowGraph } from './graph.js';
import type { WorkflowSpec } from './spec.js';
import { ACTIVE_STATUSES, COMPLETED_STATUSES, isStatus, type Status } from './statuses.js';

/** One entry of the workflow's error list (or info/warn log), in Orquesta's shape. */
export interface WorkflowLogEntry {
  type: 'info' | 'warn' | 'error';
  message: string;
  task_id?: string;
  route?: number;
  task_transition_id?: string;
  result?: unknown;
  data?: unknown;
}

/** Where an error happened, for `logError`. */
export interface ErrorPlace {
  taskId?: string;
  route?: number;
  transitionId?: string;
  result?: unknown;
}

export type InboundCriteria = 'satisfied' | 'wip' | 'not_satisfied';

// Workflow requests Orquesta accepts (a workflow is never asked to become `pending` or `timeout`).
const REQUESTABLE: ReadonlySet<Status> = new Set<Status>([
  'requested', 'scheduled', 'delayed', 'running', 'pausing', 'paused', 'resuming', 'succeeded', 'failed', 'canceling', 'canceled',
]);

/** The conductor's state and the operations its concept files share. */
export class ConductorCore implements MachineHost {
  readonly spec: WorkflowSpec;
  readonly graph: WorkflowGraph;
  readonly evaluator: ScopedEvaluator;
  state: WorkflowState;
  input: Context;
  parentContext: Context;
  output: Context | null = null;
  errors: WorkflowLogEntry[] = [];
  log: WorkflowLogEntry[] = [];

  constructor(parts: { spec: WorkflowSpec; graph: WorkflowGraph; evaluator: ScopedEvaluator; state: WorkflowState; input: Context; parentContext: Context }) {
    this.spec = parts.spec;
    this.graph = parts.graph;
    this.evaluator = parts.evaluator;
    this.state = parts.state;
    this.input = parts.input;
    this.parentContext = parts.parentContext;
  }

  /** Appends a log entry unless the very same entry is already there. */
  logEntry(type: WorkflowLogEntry['type'], message: string, place: ErrorPlace = {}): void {
    const entry: WorkflowLogEntry = { type, message };
    if (place.taskId !== undefined) entry.task_id = place.taskId;
    if (place.route !== undefined) entry.route = place.route;
    if (place.transitionId !== undefined) entry.task_transition_id = place.transitionId;
    if (place.result !== undefined && place.result !== null) entry.result = place.result;
    const target = type === 'error' ? this.errors : this.log;
    const text = JSON.stringify(entry);
    if (target.some((e) => JSON.stringify(e) === text)) return;
    target.push(entry);
  }

  logError(message: string, place: ErrorPlace = {}): void {
    this.logEntry('error', message, place);
  }

  logUnreachableJoin(taskId: string, route: number): void {
    this.logError(`UnreachableJoinError: The join task|route "${taskId}|${route}" is partially satisfied but unreachable.`, { taskId, route });
  }

  /** The merged context of fragments, as a task sees it. */
  taskContext(indexes: readonly number[]): Context {
    return mergeFragments(this.state.contexts, indexes);
  }

  /** The context a staged or run task starts from (the initial context when it is neither). */
  taskInitialContext(taskId: string, route: number): Context {
    const staged = this.state.getStaged(taskId, route);
    if (staged) return this.taskContext(staged.ctxs.in);
    const entry = this.state.getTask(taskId, route);
    if (entry) return this.taskContext(entry.ctxs.in);
    return { ...(this.state.contexts[0] ?? {}) };
  }

  /**
   * Whether a join may run on `route`: enough distinct inbound tasks have a satisfied transition
   * to it (`satisfied`), some inbound task has not run yet while work goes on (`wip`), or neither.
   */
  inboundCriteriaStatus(taskId: string, route: number): InboundCriteria {
    const inbound = this.graph.inbound(taskId);
    const evaluation = new Map<string, boolean | null>();
    for (const edge of inbound) evaluation.set(edge.from, null);
    const requirement = this.graph.requirement(taskId);
    for (const edge of inbound) {
      const prev = this.state.getTask(edge.from, route);
      if (!prev) continue;
      const satisfied = prev.next[edge.id] === true;
      if (!evaluation.get(edge.from)) evaluation.set(edge.from, satisfied);
    }
    const values = [...evaluation.values()];
    if (values.filter((v) => v === true).length >= requirement) return 'satisfied';
    if (values.includes(null) && (this.state.hasActiveTasks || this.state.hasStagedTasks)) return 'wip';
    return 'not_satisfied';
  }

  /** True when a completed task has a satisfied transition to a task (or command) that can still run. */
  hasNextTasks(taskId: string, route: number): boolean {
    const entry = this.state.getTask(taskId, route);
    if (!entry || entry.status === undefined || !isCompletedStatus(entry.status)) return false;
    for (const edge of this.graph.outbound(taskId)) {
      // `continue` is not a next task: it lets a failure cascade to the workflow.
      if (edge.to === 'continue') continue;
      if (!entry.next[edge.id]) continue;
      if (this.graph.isJoin(edge.to) && this.inboundCriteriaStatus(edge.to, route) === 'not_satisfied') continue;
      return true;
    }
    return false;
  }

  hasBarrierNext(taskId: string, route: number): boolean {
    const entry = this.state.getTask(taskId, route);
    if (!entry) return false;
    return this.graph.outbound(taskId).some((edge) => entry.next[edge.id] === true && this.graph.isJoin(edge.to));
  }

  unreachableBarriers(): StagedTask[] {
    return this.state.staged.filter((s) => this.graph.isJoin(s.id) && !s.ready && this.inboundCriteriaStatus(s.id, s.route) === 'not_satisfied');
  }

  get status(): Status {
    return this.state.status;
  }

  /**
   * Asks the workflow to change status (run, pause, resume, cancel, fail). Active tasks hear the
   * request first. Throws WORKFLOW_STATE_INVALID when the workflow cannot make that change.
   */
  requestWorkflowStatus(status: Status): void {
    if (!isStatus(status) || !REQUESTABLE.has(status)) {
      throw new SquallError('WORKFLOW_STATE_INVALID', `"${String(status)}" cannot be requested for a workflow`);
    }
    const current = this.state.status;
    const event = workflowEvent(status);
    for (const task of this.state.latestTasksIn(ACTIVE_STATUSES)) processTaskWorkflowEvent(this.state, task, event);
    processWorkflowEvent(this.state, event);
    const updated = this.state.status;
    // Asking a pausing (canceling) workflow to be paused (canceled) waits for its tasks: not an error.
    if (status === 'paused' && current === 'pausing' && updated === 'pausing') return;
    if (status === 'canceled' && current === 'canceling' && updated === 'canceling') return;
    if (status !== current && current === updated) {
      throw new SquallError('WORKFLOW_STATE_INVALID', `Unable to change the workflow status from "${current}" by the event "workflow_${status}"`);
    }
  }

  /** The context the output is rendered from: the terminal tasks' contexts merged in sequence order. */
  terminalContext(): Context {
    const terms = this.state.terminalTasks();
    const [first, ...others] = terms;
    if (!first) return {};
    const ctx = this.taskContext(first.ctxs.in);
    for (const task of others) {
      // The initial context is already in; only what each branch added is applied on top.
      const idxs = [...task.ctxs.in];
      const zero = idxs.indexOf(0);
      if (zero >= 0) idxs.splice(zero, 1);
      mergeInto(ctx, this.taskContext(idxs));
    }
    return ctx;
  }

  /** Renders the output once the workflow completed (also on failure); a failure fails the workflow. */
  renderOutput(): void {
    const status = this.state.status;
    if (!isCompletedStatus(status) || this.output) return;
    const { output, errors } = this.evaluator.renderOutput(this.spec.output, withoutReserved(this.terminalContext()));
    if (Object.keys(output).length > 0) this.output = output;
    if (errors.length > 0) {
      for (const e of errors) this.logError(e);
      if (status !== 'timeout' && status !== 'abandoned' && status !== 'canceled') this.requestWorkflowStatus('failed');
    }
  }
}

function isCompletedStatus(status: Status): boolean {
  return COMPLETED_STATUSES.has(status);
}
