import { SquallError, isSquallError, type ErrorDetail } from '../errors/index.js';
import { parseWorkflow, type WorkflowSpec } from './spec.js';
import { TaskRelations } from './spec-relations.js';
import { expandItemsShorthand, syntaxErrors } from './inspect-syntax.js';
import { semanticErrors } from './inspect-semantics.js';
import { expressionErrors, type ExpressionValidator } from './inspect-expressions.js';
import { contextErrors } from './inspect-context.js';
import { contentErrors, type ActionLookup } from './inspect-content.js';
import { sortInspectionErrors, type InspectionError } from './inspect-types.js';

export type { InspectionError, InspectionType } from './inspect-types.js';
export type { ExpressionValidator } from './inspect-expressions.js';
export type { ActionLookup, ParameterInfo } from './inspect-content.js';

/** What inspection needs besides the definition. */
export interface InspectOptions extends ActionLookup {
  /** Expression syntax checking (the workflow expression engines). */
  expressions: ExpressionValidator;
  /**
   * Names `ctx()` holds before the workflow's input: StackStorm puts `st2` there (and `parent`
   * for a subworkflow). Defaults to `['st2']`.
   */
  context?: readonly string[];
  /** The file name for messages, when `source` is text or data. */
  file?: string;
}

/**
 * Inspects a workflow definition and returns every problem at once, in StackStorm's shape and
 * order (by type, then schema path, then spec path): `syntax` (the schema), `semantic` (task
 * graph), `expression` (expression syntax), `context` (variables used before they are defined)
 * and `content` (actions, checked only when `actionExists`/`actionParameters` are given).
 * An empty list means the definition is valid. Text that is not YAML gives one syntax error.
 */
export function inspectWorkflow(source: WorkflowSpec | string | Readonly<Record<string, unknown>>, options: InspectOptions): InspectionError[] {
  let spec: WorkflowSpec;
  try {
    spec = isWorkflowSpec(source) ? source : parseWorkflow(source, options.file);
  } catch (err) {
    if (!isSquallError(err)) throw err;
    const details = err.details.length > 0 ? err.details : [{ message: err.message }];
    return details.map((d) => ({ type: 'syntax', message: d.message, spec_path: null, schema_path: null, ...(d.line !== undefined ? { line: d.line } : {}) }));
  }
  const relations = new TaskRelations(spec);
  const errors = [
    ...syntaxErrors(expandItemsShorthand(spec.data)),
    ...semanticErrors(spec, relations),
    ...expressionErrors(spec, options.expressions),
    ...contextErrors(spec, relations, options.context ?? ['st2']),
    ...contentErrors(spec, options),
  ];
  return sortInspectionErrors(errors).map((e) => {
    const line = spec.lineOf(e.spec_path ?? '');
    return line === undefined ? e : { ...e, line };
  });
}

/**
 * Parses and inspects a definition; returns the spec when it is valid, otherwise throws
 * SquallError `WORKFLOW_INVALID` listing every error (with file, line and spec path).
 */
export function loadWorkflow(source: string | Readonly<Record<string, unknown>>, options: InspectOptions): WorkflowSpec {
  const spec = parseWorkflow(source, options.file);
  const errors = inspectWorkflow(spec, options);
  if (errors.length > 0) {
    const details: ErrorDetail[] = errors.map((e) => ({
      ...(options.file !== undefined ? { file: options.file } : {}),
      ...(e.line !== undefined ? { line: e.line } : {}),
      ...(e.spec_path ? { field: e.spec_path } : {}),
      message: `[${e.type}] ${e.message}`,
    }));
    throw new SquallError('WORKFLOW_INVALID', `Workflow definition${options.file ? ` ${options.file}` : ''} has ${errors.length} error(s)`, { details });
  }
  return spec;
}

function isWorkflowSpec(value: unknown): value is WorkflowSpec {
  return value !== null && typeof value === 'object' && (value as WorkflowSpec).tasks instanceof Map && typeof (value as WorkflowSpec).lineOf === 'function';
}
