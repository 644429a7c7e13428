/**
 * `updateTaskState`: an action execution (or one item of it, or an engine command) changed
 * status. The task run's status moves through the task machine; a completed task may be retried,
 * else its transitions are evaluated: satisfied ones publish into a new context fragment and stage
 * their target (on a new route when the target is a split task), joins are checked, engine
 * commands are queued. Finally the workflow machine hears the task's new status.
 */
import { SquallError } from '../errors/index.js';
import { pyTruthy } from '../python/values.js';
import type { Context } from './conductor-context.js';
import type { ConductorCore } from './conductor-core.js';
import type { FunctionScope } from './conductor-functions.js';
import { processTaskEvent, processWorkflowTaskEvent } from './conductor-machine.js';
import { describeFailure } from './conductor-render.js';
import { setItemStatus } from './conductor-items.js';
import type { StagedTask, TaskStateEntry } from './conductor-state.js';
import { actionEvent, engineEvent, isEngineCommand, itemEvent, taskExecutionEvent, type EngineCommand, type EngineEvent, type TaskStateEvent } from './events.js';
import type { GraphEdge } from './graph.js';
import { ABENDED_STATUSES, ACTIVE_STATUSES, COMPLETED_STATUSES, STARTING_STATUSES, statusIn } from './statuses.js';
import { evaluateRetry, setupRetry } from './conductor-retry.js';

/** Adds a run of a task to the sequence (with its retry policy, if any). */
export function addTaskState(core: ConductorCore, taskId: string, route: number, ctxsIn: number[], prev: Record<string, number>): TaskStateEntry {
  const entry: TaskStateEntry = { id: taskId, route, ctxs: { in: ctxsIn.length > 0 ? [...ctxsIn] : [0] }, prev: { ...prev }, next: {} };
  setupRetry(core, entry);
  core.state.addTask(entry);
  return entry;
}

/** Applies an event to a task run; returns the run. See the module comment for the steps. */
export function updateTaskState(core: ConductorCore, taskId: string, route: number, event: TaskStateEvent | EngineEvent): TaskStateEntry {
  const { state, graph } = core;
  if (!graph.hasTask(taskId)) throw new SquallError('WORKFLOW_STATE_INVALID', `Task "${taskId}" is not in the workflow graph`);
  const staged = state.getStaged(taskId, route);
  let entry = state.getTask(taskId, route);
  const hasItems = core.spec.tasks.get(taskId)?.with !== undefined;
  if (!staged && !entry) throw new SquallError('WORKFLOW_STATE_INVALID', `Task "${taskId}" on route ${route} is neither staged nor run`);

  // A first event creates the run; an engine command always gets a run of its own.
  if (!entry || isEngineCommand(taskId)) entry = addTaskState(core, taskId, staged!.route, staged!.ctxs.in, staged!.prev);
  // A completed task that starts again is going round a cycle: that is a new run.
  if (statusIn(COMPLETED_STATUSES, entry.status) && STARTING_STATUSES.has(event.status)) {
    if (!staged) throw new SquallError('WORKFLOW_STATE_INVALID', `Task "${taskId}" on route ${route} completed and is not staged to run again`);
    entry = addTaskState(core, taskId, staged.route, staged.ctxs.in, staged.prev);
  }
  const entryIdx = state.taskIndex(taskId, route)!;

  if (staged && !staged.items) state.removeStaged(taskId, route);
  if (staged?.items && event.type === 'item') {
    if (event.itemId >= staged.items.length) throw new SquallError('WORKFLOW_STATE_INVALID', `Task "${taskId}" has no item ${event.itemId}`);
    setItemStatus(staged.items, event.itemId, event.status);
  }
  if (event.status === 'failed') {
    core.logError('Execution failed. See result for details.', { taskId, result: event.type === 'engine' ? undefined : event.result });
  }

  const oldStatus = entry.status ?? 'null';
  // An action that finished before its `running` was reported ran all the same: start it first,
  // or the task machine (which only leaves "null" for a start) would ignore the completion.
  if (oldStatus === 'null' && event.type !== 'engine' && COMPLETED_STATUSES.has(event.status)) {
    processTaskEvent(state, entry, event.type === 'item' ? itemEvent(event.itemId, 'running') : actionEvent('running'));
  }
  processTaskEvent(state, entry, event);
  const newStatus = entry.status ?? 'null';

  if (newStatus === 'retrying') {
    state.countRetry(entry);
    state.removeStaged(taskId, route);
    state.addStaged({ id: taskId, route, ctxs: { in: [...entry.ctxs.in] }, prev: { ...entry.prev }, ready: true, retry: { ...entry.retry! } });
  }

  let current: { ctx: Context; scope: FunctionScope } | undefined;
  if (COMPLETED_STATUSES.has(newStatus)) {
    // A with-items task that ended abnormally stays staged (flagged) so that a re-run can resume it.
    if (hasItems && ABENDED_STATUSES.has(newStatus)) {
      const kept = state.getStaged(taskId, route);
      if (kept) kept.completed = true;
    } else {
      state.removeStaged(taskId, route);
    }
    const result = hasItems ? itemsResult(event) : event.type === 'engine' ? null : event.result;
    current = { ctx: core.taskContext(entry.ctxs.in), scope: { task: { id: taskId, route }, result: { value: result ?? null } } };
    if (ACTIVE_STATUSES.has(core.status) && evaluateRetry(core, entry, current.ctx, current.scope)) {
      return updateTaskState(core, taskId, route, engineEvent('retry'));
    }
  }

  const commands: [EngineCommand, number][] = [];
  if (current && newStatus !== oldStatus) commands.push(...evaluateTransitions(core, entry, entryIdx, current));

  processWorkflowTaskEvent(core, taskExecutionEvent(taskId, route, entry.status ?? 'null'));
  for (const [command, commandRoute] of commands) updateTaskState(core, command, commandRoute, engineEvent(command));
  if (COMPLETED_STATUSES.has(core.status)) state.setTerm(entry, true);
  return entry;
}

function itemsResult(event: TaskStateEvent | EngineEvent): unknown {
  if (event.type === 'item') return event.accumulatedResult ?? [];
  if (event.type === 'action') return event.result ?? [];
  return [];
}

/** Evaluates a completed task's transitions; returns the engine commands to apply afterwards. */
function evaluateTransitions(core: ConductorCore, entry: TaskStateEntry, entryIdx: number, current: { ctx: Context; scope: FunctionScope }): [EngineCommand, number][] {
  const { graph, state } = core;
  const { id: taskId, route } = entry;
  const edges = graph.outbound(taskId);
  if (edges.length === 0) state.setTerm(entry, true);
  const commands: [EngineCommand, number][] = [];
  const readyTargets: StagedTask[] = [];
  let manualFail = false;
  for (const edge of edges) {
    try {
      state.setNext(entry, edge.id, edge.criteria.every((c) => pyTruthy(core.evaluator.evaluate(c, current.ctx, current.scope))));
    } catch (err) {
      core.logError(describeFailure(err), { taskId, route, transitionId: edge.id });
      core.requestWorkflowStatus('failed');
      continue;
    }
    if (!entry.next[edge.id]) continue;
    const transition = core.spec.tasks.get(taskId)?.next[edge.ref];
    const { published, errors } = transition ? core.evaluator.publish(transition.publish, current.ctx, current.scope) : { published: {}, errors: [] };
    if (errors.length > 0) {
      for (const e of errors) core.logError(e, { taskId, route, transitionId: edge.id });
      core.requestWorkflowStatus('failed');
      continue;
    }
    const outIdxs = [...entry.ctxs.in];
    if (Object.keys(published).length > 0) {
      state.contexts.push(published);
      const idx = state.contexts.length - 1;
      outIdxs.push(idx);
      state.setOutContext(entry, edge.id, idx);
    }
    const targetRoute = evaluateRoute(core, edge, route);
    let target = state.getStaged(edge.to, targetRoute);
    if (target) {
      // Already staged (a join, or a cycle): add this branch's fragments, without the initial one again.
      const zero = outIdxs.indexOf(0);
      if (zero >= 0) outIdxs.splice(zero, 1);
      target.ctxs.in.push(...outIdxs);
      target.prev[edge.backref] = entryIdx;
      delete target.items;
      delete target.completed;
    } else {
      target = state.addStaged({ id: edge.to, route: targetRoute, ctxs: { in: outIdxs.length > 0 ? outIdxs : [0] }, prev: { [edge.backref]: entryIdx }, ready: false });
    }
    // Joins are checked on the route the transition came from.
    target.ready = core.inboundCriteriaStatus(edge.to, route) === 'satisfied';
    if (isEngineCommand(edge.to)) {
      commands.push([edge.to, target.route]);
      if (edge.to === 'fail') manualFail = true;
    } else if (target.ready) {
      readyTargets.push(target);
    }
  }
  // `do: [cleanup, fail]`: the cleanup still runs after the workflow has failed.
  if (manualFail) for (const target of readyTargets) target.run_on_fail = true;
  return commands;
}

/** The route a transition's target runs on: a new route when the target is a split task. */
function evaluateRoute(core: ConductorCore, edge: GraphEdge, prevRoute: number): number {
  if (!core.graph.isSplit(edge.to)) return prevRoute;
  const routes = core.state.routes;
  const old = routes[prevRoute] ?? [];
  if (old.includes(edge.backref)) return prevRoute;
  routes.push([...old, edge.backref]);
  return routes.length - 1;
}
