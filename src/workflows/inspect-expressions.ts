import type { WorkflowSpec } from './spec.js';
import { taskView } from './inspect-view.js';
import { TASK_SCHEMA_PATH, type InspectionError } from './inspect-types.js';

/** What expression inspection needs from the expression engines (WorkflowExpressions fits). */
export interface ExpressionValidator {
  /** Syntax errors of every expression in a value. */
  validate(value: unknown): readonly { type: 'yaql' | 'jinja'; expression: string; message: string }[];
}

const YAQL = /<%.*?%>/;
const JINJA = /{{.*?}}|{%.*?%}/;

/**
 * Expression syntax errors, for every value Orquesta checks: `vars`, `input`, `output` and, per
 * task, `delay`, `join`, `with.items`, `with.concurrency`, `action`, `input`, `retry.*` and each
 * transition's `when`, `publish`, `do`. A text mixing YAQL and Jinja is an error of its own.
 */
export function expressionErrors(spec: WorkflowSpec, validator: ExpressionValidator): InspectionError[] {
  const out: InspectionError[] = [];
  const check = (value: unknown, spec_path: string, schema_path: string): void => {
    for (const text of strings(value)) {
      const yaql = YAQL.test(text);
      const jinja = JINJA.test(text);
      if (yaql && jinja) {
        out.push({ type: 'expression', language: null, expression: text, message: 'Expression with multiple types is not supported.', spec_path, schema_path });
      } else if (yaql || jinja) {
        for (const e of validator.validate(text)) {
          out.push({ type: 'expression', language: e.type, expression: e.expression, message: e.message, spec_path, schema_path });
        }
      }
    }
  };
  for (const key of ['vars', 'input', 'output'] as const) check(spec.data[key], key, `properties.${key}`);
  for (const name of taskNames(spec)) {
    const task = taskView(spec, name);
    const at = (prop: string): [string, string] => [`${task.specPath}.${prop}`, `${TASK_SCHEMA_PATH}.properties.${prop}`];
    check(task.delay, ...at('delay'));
    check(task.join, ...at('join'));
    if (task.with) {
      for (const prop of ['items', 'concurrency']) check(task.with[prop], `${task.specPath}.with.${prop}`, `${TASK_SCHEMA_PATH}.properties.with.properties.${prop}`);
    }
    check(task.action, ...at('action'));
    check(task.input, ...at('input'));
    if (task.retry) {
      for (const prop of ['when', 'count', 'delay']) check(task.retry[prop], `${task.specPath}.retry.${prop}`, `${TASK_SCHEMA_PATH}.properties.retry.properties.${prop}`);
    }
    for (const t of task.next) {
      check(t.when, `${t.specPath}.when`, `${TASK_SCHEMA_PATH}.properties.next.items.properties.when`);
      check(t.publish, `${t.specPath}.publish`, `${TASK_SCHEMA_PATH}.properties.next.items.properties.publish`);
      check(t.do, `${t.specPath}.do`, `${TASK_SCHEMA_PATH}.properties.next.items.properties.do`);
    }
  }
  return out;
}

/** Task names Orquesta visits: the keys of `tasks` that are words. */
function taskNames(spec: WorkflowSpec): string[] {
  return [...spec.tasks.keys()].filter((name) => /^\w+$/.test(name));
}

/** Every string in a value, map keys included, in document order. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
  return [];
}
