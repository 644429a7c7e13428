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
    const seen = new Set<string>();
    return details
      .filter((d) => !seen.has(`${d.line}|${d.message}`) && seen.add(`${d.line}|${d.message}`))
      .map((d) => ({ type: 'syntax', message: d.message, spec_path: null, schema_path: null, ...(d.line !== undefined ? { line: d.line } : {}) }));
  }
  const relations = new TaskRelations(spec);
  const errors = [
    ...syntaxErrors(expandItemsShorthand(spec.data), spec.scalarText?.bind(spec)),
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

/** Orquesta's own category names, as `inspect()` and rehearsal specs (`expected_inspection_errors`) use them. */
export const ORQUESTA_CATEGORIES = { syntax: 'syntax', semantic: 'semantics', expression: 'expressions', context: 'context', content: 'contents' } as const;
export type OrquestaCategory = (typeof ORQUESTA_CATEGORIES)[keyof typeof ORQUESTA_CATEGORIES];

/**
 * The errors grouped as Orquesta's `inspect()` returns them: `{ syntax: [...], semantics: [...],
 * expressions: [...], context: [...] }`, empty categories left out, and within expression and
 * context errors the language in `type` (Orquesta's shape, before StackStorm flattens it).
 * Rehearsal specs compare against this; Orquesta inspects them without StackStorm's `st2`
 * context, so inspect them with `context: []`.
 */
export function groupInspectionErrors(errors: readonly InspectionError[]): Partial<Record<OrquestaCategory, Record<string, unknown>[]>> {
  const out: Partial<Record<OrquestaCategory, Record<string, unknown>[]>> = {};
  for (const e of errors) {
    const category = ORQUESTA_CATEGORIES[e.type];
    const entry: Record<string, unknown> = { message: e.message, spec_path: e.spec_path, schema_path: e.schema_path };
    if (e.type === 'expression' || e.type === 'context') {
      entry.type = e.language ?? null;
      entry.expression = e.expression;
    } else if (e.type === 'content') {
      entry.type = 'content';
    }
    (out[category] ??= []).push(entry);
  }
  return out;
}

function isWorkflowSpec(value: unknown): value is WorkflowSpec {
  return value !== null && typeof value === 'object' && (value as WorkflowSpec).tasks instanceof Map && typeof (value as WorkflowSpec).lineOf === 'function';
}
