/**
 * Everything the conductor evaluates: workflow input, vars and output, a task's action, input,
 * items, concurrency and delay, and a transition's publishes. Each entry is evaluated in order
 * against a rolling context, so later entries see earlier ones. An entry that fails to evaluate
 * is reported and left out; the others still render (Orquesta reports every error it can).
 */
import { PythonError } from '../python/errors.js';
import { withoutReserved, type Context } from './conductor-context.js';
import { workflowFunctions, type FunctionScope, type NamedArgsReader, type WorkflowFunctionTable } from './conductor-functions.js';
import type { WorkflowState } from './conductor-state.js';
import type { NamedValue, TaskSpec, WorkflowInput } from './spec.js';

/** The part of the expression seam the conductor uses (see `expressions/workflow-expressions.ts`). */
export interface ConductorExpressions {
  evaluate(value: unknown, context: Record<string, unknown>, functions?: WorkflowFunctionTable): unknown;
}

/** Extra functions for an evaluation (StackStorm's `task()`, `st2kv()`, ...), supplied by the engine. */
export type ExtraFunctions = (scope: FunctionScope) => WorkflowFunctionTable;

/** The text of an evaluation failure, as Orquesta logs it: `<ExceptionClass>: <message>`. */
export function describeFailure(err: unknown): string {
  if (err instanceof PythonError) return `${err.kind}: ${err.pyMessage}`;
  if (err instanceof Error) {
    // The evaluators' errors already read `YaqlEvaluationException: ...`; anything else gets a class name.
    return /^[A-Za-z_][\w.]*(Exception|Error): /.test(err.message) ? err.message : `${expressionErrorKind(err)}: ${err.message}`;
  }
  return String(err);
}

function expressionErrorKind(err: Error): string {
  const expression = (err as { expression?: unknown }).expression;
  if (typeof expression === 'string') return expression.includes('<%') ? 'YaqlEvaluationException' : 'JinjaEvaluationException';
  return err.name && err.name !== 'Error' ? err.name : 'Exception';
}

/** Evaluates values with the workflow functions of a scope. */
export class ScopedEvaluator {
  readonly #expressions: ConductorExpressions;
  readonly #state: () => WorkflowState;
  readonly #namedArgs: NamedArgsReader;
  readonly #extra: ExtraFunctions | undefined;

  constructor(expressions: ConductorExpressions, state: () => WorkflowState, namedArgs: NamedArgsReader, extra?: ExtraFunctions) {
    this.#expressions = expressions;
    this.#state = state;
    this.#namedArgs = namedArgs;
    this.#extra = extra;
  }

  evaluate(value: unknown, ctx: Context, scope: FunctionScope = {}): unknown {
    if (value === undefined || value === null) return value ?? null;
    if (typeof value === 'number' || typeof value === 'boolean') return value;
    const functions = workflowFunctions(this.#state(), scope, this.#namedArgs);
    if (this.#extra) Object.assign(functions, this.#extra(scope));
    return this.#expressions.evaluate(value, withoutReserved(ctx), functions);
  }

  /** Evaluates named entries in order over a rolling copy of `ctx`; returns the rendered entries and failures. */
  renderNamed(entries: readonly { name: string; value: unknown }[], ctx: Context, scope: FunctionScope = {}): { values: Context; rolling: Context; errors: string[] } {
    const rolling: Context = { ...ctx };
    const values: Context = {};
    const errors: string[] = [];
    for (const entry of entries) {
      try {
        const rendered = this.evaluate(entry.value, rolling, scope);
        rolling[entry.name] = rendered;
        values[entry.name] = rendered;
      } catch (err) {
        errors.push(describeFailure(err));
      }
    }
    return { values, rolling, errors };
  }

  /** Workflow input: the caller's value, else the default (null without one), evaluated in order. */
  renderInput(inputs: readonly WorkflowInput[], runtime: Readonly<Context>, initial: Context): { ctx: Context; errors: string[] } {
    const entries = inputs.map((input) => ({
      name: input.name,
      value: Object.hasOwn(runtime, input.name) ? runtime[input.name] : input.hasDefault ? input.default : null,
    }));
    const { rolling, errors } = this.renderNamed(entries, initial);
    return { ctx: rolling, errors };
  }

  renderVars(vars: readonly NamedValue[], ctx: Context): { vars: Context; errors: string[] } {
    const { values, errors } = this.renderNamed(vars, ctx);
    return { vars: values, errors };
  }

  renderOutput(output: readonly NamedValue[], ctx: Context): { output: Context; errors: string[] } {
    const { values, errors } = this.renderNamed(output, ctx);
    return { output: values, errors };
  }

  /** The publishes of a transition, over the completed task's context (its result in scope). */
  publish(entries: readonly NamedValue[], ctx: Context, scope: FunctionScope): { published: Context; errors: string[] } {
    const { values, errors } = this.renderNamed(entries, ctx, scope);
    return { published: values, errors };
  }
}

/** One action a task asks to run: the rendered ref and input, and the item for a with-items task. */
export interface TaskAction {
  action: unknown;
  input: unknown;
  itemId?: number;
  item?: unknown;
}

/** The evaluated items list and concurrency of a with-items task, reusable while its context stays the same. */
export interface RenderedItems {
  items: unknown[];
  concurrency: number | null;
}

/** A task rendered against its context. */
export interface RenderedTask {
  actions: TaskAction[];
  itemsCount?: number;
  concurrency?: number | null;
  delay?: number;
  /** A with-items task: the items and concurrency as evaluated (or as given by the caller). */
  itemValues?: RenderedItems;
}

/**
 * Picks which items of a with-items task to render now, given how many there are and the
 * concurrency. Only those are rendered: re-rendering ten thousand items each time one finishes
 * would make a with-items task quadratic.
 */
export type ItemSelector = (itemsCount: number, concurrency: number | null) => number[];

const ALL_ITEMS: ItemSelector = (count) => Array.from({ length: count }, (_, i) => i);

/**
 * Renders a task's action(s): once, or once per selected item for a with-items task. Throws the
 * first failure. `itemValues` skips evaluating the items and concurrency again.
 */
export function renderTask(evaluator: ScopedEvaluator, task: TaskSpec, ctx: Context, scope: FunctionScope, select: ItemSelector = ALL_ITEMS, itemValues?: RenderedItems): RenderedTask {
  const out: RenderedTask = { actions: [] };
  if (task.delay !== undefined && task.delay !== 0 && task.delay !== '') {
    const delay = typeof task.delay === 'string' ? evaluator.evaluate(task.delay, ctx, scope) : task.delay;
    if (typeof delay !== 'number' || !Number.isInteger(delay)) throw new PythonError('TypeError', 'The value of task delay is not type of integer.');
    out.delay = delay;
  }
  if (!task.with) {
    out.actions.push({ action: evaluator.evaluate(task.action, ctx, scope), input: evaluator.evaluate(task.input ?? {}, ctx, scope) });
    return out;
  }
  let values = itemValues;
  if (!values) {
    const items = evaluator.evaluate(task.with.expression, ctx, scope);
    if (!Array.isArray(items)) throw new PythonError('TypeError', `The value of "${task.with.expression}" is not type of list.`);
    const concurrency = task.with.concurrency === undefined ? null : evaluator.evaluate(task.with.concurrency, ctx, scope);
    values = { items, concurrency: concurrency === null || concurrency === undefined ? null : Number(concurrency) };
  }
  const { items } = values;
  out.itemValues = values;
  out.itemsCount = items.length;
  out.concurrency = values.concurrency;
  const keys = task.with.keys;
  for (const itemId of select(items.length, out.concurrency)) {
    const raw: unknown = items[itemId];
    let item: unknown = raw;
    // Orquesta's rule: a list item is zipped onto the names; one name alone takes the item whole.
    if (keys && Array.isArray(raw)) item = Object.fromEntries(keys.slice(0, raw.length).map((k, i) => [k, raw[i]]));
    else if (keys && keys.length === 1) item = { [keys[0]!]: raw };
    const itemScope: FunctionScope = { ...scope, item: { value: item } };
    out.actions.push({
      action: evaluator.evaluate(task.action, ctx, itemScope),
      input: evaluator.evaluate(task.input ?? {}, ctx, itemScope),
      itemId,
      item,
    });
  }
  return out;
}
