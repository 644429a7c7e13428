/**
 * Orquesta's workflow functions, bound to one evaluation: `succeeded()`, `failed()`,
 * `completed()`, `result()`, `item()`, `task_status()`. They read the live workflow state (Orquesta
 * hands its expressions a serialized copy of the whole state instead; reading it directly gives the
 * same answers without copying the state for every expression).
 */
import { PythonError } from '../python/errors.js';
import type { WorkflowState } from './conductor-state.js';
import { COMPLETED_STATUSES, type Status } from './statuses.js';

/** The function table handed to the expression evaluator. */
export type WorkflowFunctionTable = Record<string, (...args: unknown[]) => unknown>;

/** What the functions know about where they are evaluated. */
export interface FunctionScope {
  /** The current task; absent for input, vars and output. */
  readonly task?: { readonly id: string; readonly route: number };
  /** The task's result, once it completed (a list of item results for with-items). */
  readonly result?: { readonly value: unknown };
  /** The current item of a with-items task. */
  readonly item?: { readonly value: unknown };
}

/** A marker for the trailing `name => value` arguments of a call. */
export type NamedArgsReader = (arg: unknown) => Record<string, unknown> | undefined;

function evaluationError(message: string): PythonError {
  return new PythonError('ExpressionEvaluationException', message);
}

/**
 * The status of a task on a route. A task not run on `route` is looked up on the earlier routes
 * `route` extends (the branch it split from), so a task after a split still sees the tasks before it.
 */
export function taskStatusOf(state: WorkflowState, taskId: string, route: number): Status {
  const idx = state.taskIndex(taskId, route);
  if (idx === undefined) {
    if (route > 0) {
      const current = new Set(state.routes[route] ?? []);
      for (let prev = route - 1; prev >= 0; prev--) {
        if ((state.routes[prev] ?? []).every((step) => current.has(step))) return taskStatusOf(state, taskId, prev);
      }
    }
    return 'null';
  }
  return state.sequence[idx]?.status ?? 'null';
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Builds the function table for one scope. `namedArgs` recognises a trailing named-arguments object. */
export function workflowFunctions(state: WorkflowState, scope: FunctionScope, namedArgs: NamedArgsReader): WorkflowFunctionTable {
  const currentTask = (): { id: string; route: number } => {
    if (!scope.task) throw evaluationError('The current task is not set in the context.');
    return scope.task;
  };
  const positional = (args: unknown[]): { args: unknown[]; named: Record<string, unknown> } => {
    const named = args.length > 0 ? namedArgs(args[args.length - 1]) : undefined;
    return named ? { args: args.slice(0, -1), named } : { args, named: {} };
  };
  return {
    succeeded: () => {
      const task = currentTask();
      return taskStatusOf(state, task.id, task.route) === 'succeeded';
    },
    failed: () => {
      const task = currentTask();
      return taskStatusOf(state, task.id, task.route) === 'failed';
    },
    completed: () => {
      const task = currentTask();
      return COMPLETED_STATUSES.has(taskStatusOf(state, task.id, task.route));
    },
    result: () => {
      currentTask();
      return scope.result ? scope.result.value : null;
    },
    task_status: (...raw: unknown[]) => {
      const { args, named } = positional(raw);
      const taskId = args[0];
      if (typeof taskId !== 'string') throw new PythonError('TypeError', 'task_status() requires a task name');
      const routeArg = args[1] ?? named.route;
      const route = typeof routeArg === 'number' ? routeArg : (scope.task?.route ?? 0);
      return taskStatusOf(state, taskId, route);
    },
    item: (...raw: unknown[]) => {
      const { args, named } = positional(raw);
      const key = args[0] ?? named.key;
      const current = scope.item ? scope.item.value : null;
      if (key === undefined || key === null || key === '') return current;
      if (!isMapping(current)) throw evaluationError('Item is not type of collections.Mapping.');
      const name = String(key);
      if (!(name in current)) throw evaluationError(`Item does not have key "${name}".`);
      return current[name];
    },
  };
}
