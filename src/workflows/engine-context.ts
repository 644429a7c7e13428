/**
 * What a workflow execution adds around the conductor, as StackStorm does: the runtime context
 * `ctx().st2`, the context of each task's child execution, and StackStorm's own expression
 * functions `task()` and `st2kv()` (the conductor brings Orquesta's).
 */
import type { KeyValueStore } from '../datastore/key-value.js';
import type { Execution, ExecutionContext, NotifySpec } from '../model/index.js';
import { PythonError } from '../python/errors.js';
import type { Context } from './conductor-context.js';
import type { FunctionScope, NamedArgsReader, WorkflowFunctionTable } from './conductor-functions.js';
import type { ExtraFunctions } from './conductor-render.js';
import { runKey, type TaskRunRecord } from './engine-records.js';
import type { Status } from './statuses.js';

/**
 * The context a workflow starts from: `st2` (`action_execution_id`, `api_url`, `user`, `pack`,
 * `action`, `runner`, `workflow_execution_id`, and `api_user` / `source_channel` when known) and,
 * for a subworkflow, `parent` (the execution's own context, as StackStorm passes it down).
 */
export function runtimeContext(execution: Execution, apiUrl: string | undefined): Context {
  const c = execution.context;
  const st2: Record<string, unknown> = {
    action_execution_id: execution.id,
    api_url: apiUrl ?? null,
    user: c.user,
    pack: execution.action.pack,
    action: execution.action.ref,
    runner: execution.action.runner_type,
    workflow_execution_id: execution.id,
  };
  if (c.api_user) st2.api_user = c.api_user;
  const channel = typeof c.source_channel === 'string' ? c.source_channel : c.chat?.channel;
  if (channel) st2.source_channel = channel;
  return execution.parent ? { st2, parent: structuredClone(c) } : { st2 };
}

/** Where a child execution sits in its workflow. */
export interface TaskPlace {
  taskId: string;
  route: number;
  itemId?: number;
}

/**
 * The context of a task's child execution: the workflow's user (and chat user, trace tag), the
 * task it runs for and, for tasks named in the runner's `notify`, the workflow action's notify
 * section. The chat target stays with the workflow: its children do not answer in chat themselves.
 */
export function childContext(workflow: Execution, place: TaskPlace, notify: NotifySpec | undefined): Partial<ExecutionContext> {
  const c = workflow.context;
  const parent: NonNullable<ExecutionContext['parent']> = { execution_id: workflow.id, task_id: place.taskId, route: place.route };
  if (place.itemId !== undefined) parent.item_id = place.itemId;
  return {
    user: c.user,
    ...(c.api_user ? { api_user: c.api_user } : {}),
    ...(c.trace_tag ? { trace_tag: c.trace_tag } : {}),
    source: 'workflow',
    parent,
    ...(notify ? { notify } : {}),
  };
}

/** What `task()` reads: the engine's task runs and the conductor's route table. */
export interface TaskLookup {
  readonly workflowId: string;
  latest(taskId: string, route: number): TaskRunRecord | undefined;
  routes(): readonly (readonly string[])[];
  /** The run's status (the conductor's, for a run whose transitions are being evaluated). */
  status(record: TaskRunRecord): Status;
  /** The run's result: the child's result, the list of item results, or null. */
  result(record: TaskRunRecord): unknown;
}

function evaluationError(message: string): PythonError {
  return new PythonError('ExpressionEvaluationException', message);
}

/**
 * StackStorm's `task(name?, route?)`: the latest run of a task (the current one without a name)
 * on the route, or on the route it split from. Unknown → `Unable to find task execution for "x".`
 */
function findTask(lookup: TaskLookup, taskId: string, route: number): TaskRunRecord {
  const record = lookup.latest(taskId, route);
  if (record) return record;
  if (route > 0) {
    const routes = lookup.routes();
    const current = new Set(routes[route] ?? []);
    for (let prev = route - 1; prev >= 0; prev--) {
      if ((routes[prev] ?? []).every((step) => current.has(step))) return findTask(lookup, taskId, prev);
    }
  }
  throw evaluationError(`Unable to find task execution for "${taskId}".`);
}

/**
 * StackStorm's `st2kv(key, decrypt=>false, default=>...)`: `system.`-prefixed keys are read from the
 * system scope, others from the workflow user's scope. A missing key without a default is an error.
 */
function st2kv(kv: KeyValueStore, user: string, key: unknown, named: Record<string, unknown>): unknown {
  if (typeof key !== 'string') throw new PythonError('TypeError', 'Given key is not typeof string.');
  const decrypt = named.decrypt ?? false;
  if (typeof decrypt !== 'boolean') throw new PythonError('TypeError', 'Decrypt parameter is not typeof bool.');
  if (key === '') throw evaluationError('Key name cannot be None or empty.');
  const system = key.startsWith('system.');
  const name = system ? key.slice('system.'.length) : key;
  const item = kv.get(name, system ? { scope: 'system', decrypt } : { scope: 'user', user, decrypt });
  if (item) return item.value;
  if (Object.hasOwn(named, 'default')) return named.default;
  throw evaluationError(`The key "${key}" does not exist in the StackStorm datastore.`);
}

/** Everything the StackStorm functions need. */
export interface St2FunctionDeps {
  kv: KeyValueStore;
  user: string;
  namedArgs: NamedArgsReader;
  /** Undefined while the workflow is being created (its input and vars render before any task ran). */
  tasks: () => TaskLookup | undefined;
}

/** The conductor's extra functions for a workflow execution: `task()` and `st2kv()`. */
export function st2Functions(deps: St2FunctionDeps): ExtraFunctions {
  const split = (raw: unknown[]): { args: unknown[]; named: Record<string, unknown> } => {
    const named = raw.length > 0 ? deps.namedArgs(raw[raw.length - 1]) : undefined;
    return named ? { args: raw.slice(0, -1), named } : { args: raw, named: {} };
  };
  return (scope: FunctionScope): WorkflowFunctionTable => ({
    task: (...raw: unknown[]) => {
      const { args, named } = split(raw);
      const asked = args[0] ?? named.task_id ?? null;
      const routeArg = args[1] ?? named.route ?? null;
      const taskId = asked === null ? scope.task?.id : String(asked);
      if (taskId === undefined) throw evaluationError('Unable to find task execution for "None".');
      const route = typeof routeArg === 'number' ? routeArg : (scope.task?.route ?? 0);
      const lookup = deps.tasks();
      if (!lookup) throw evaluationError(`Unable to find task execution for "${taskId}".`);
      const record = findTask(lookup, taskId, route);
      return {
        task_execution_id: `${lookup.workflowId}.${runKey(record.task_id, record.route)}.${record.start_timestamp}`,
        workflow_execution_id: lookup.workflowId,
        task_name: record.task_id,
        task_id: record.task_id,
        route: record.route,
        result: lookup.result(record),
        status: lookup.status(record),
        start_timestamp: record.start_timestamp,
        end_timestamp: record.end_timestamp ?? null,
      };
    },
    st2kv: (...raw: unknown[]) => {
      const { args, named } = split(raw);
      return st2kv(deps.kv, deps.user, args[0] ?? named.key, named);
    },
  });
}
