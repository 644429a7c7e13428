/**
 * Orquesta's rehearsal spec (a workflow test case): which workflow to run with which input,
 * what each task's action execution does (`mock_action_executions`), and what should come out.
 * Field names and defaults are Orquesta's, so specs written for `orquesta-rehearse` run unchanged.
 */
import { SquallError, type ErrorDetail } from '../errors/index.js';
import { YamlSource } from '../packs/yaml-source.js';
import { isStatus, type Status } from './statuses.js';

/** A mocked action execution of a task. Without one, a task's action succeeds with result null. */
export interface MockActionExecution {
  task_id: string;
  /** Orquesta records it; matching does not use it. */
  route: number;
  /** Applies only to the run that is this entry of the task sequence (0-based). */
  seq_id?: number;
  /** For a with-items task: which item this execution is (required there). */
  item_id?: number;
  iter_id: number;
  /** How many runs this mock answers (a task in a loop runs several times). */
  num_iter: number;
  status: Status;
  result?: unknown;
}

/** One expected inspection error, as Orquesta lists them (`type` is the expression language). */
export interface ExpectedInspectionError {
  type?: string;
  expression?: string;
  message: string;
  schema_path?: string;
  spec_path?: string;
}

/** Orquesta's inspection categories, as rehearsal specs name them. */
export const INSPECTION_CATEGORIES = ['syntax', 'semantics', 'expressions', 'context', 'contents'] as const;
export type InspectionCategory = (typeof INSPECTION_CATEGORIES)[number];

/** One expected workflow error. */
export interface ExpectedError {
  type: string;
  message: string;
  task_id?: string;
  route?: number;
  task_transition_id?: string;
  result?: unknown;
  data?: unknown;
}

/** A rehearsal spec, checked and with Orquesta's defaults filled in. */
export interface RehearsalSpec {
  /** Path of the workflow definition, relative to the base directory. */
  workflow: string;
  inputs: Record<string, unknown>;
  mock_action_executions: MockActionExecution[];
  /** Task ids in run order; `task__r2` for a run on route 2. */
  expected_task_sequence: string[];
  expected_routes: string[][];
  expected_term_tasks?: string[];
  expected_workflow_status: Status;
  expected_errors?: ExpectedError[];
  expected_output?: Record<string, unknown>;
  expected_inspection_errors: Partial<Record<InspectionCategory, ExpectedInspectionError[]>>;
}

const KNOWN = new Set([
  'workflow', 'inputs', 'mock_action_executions', 'expected_task_sequence', 'expected_routes', 'expected_term_tasks',
  'expected_workflow_status', 'expected_errors', 'expected_output', 'expected_inspection_errors',
]);
const MOCK_KNOWN = new Set(['task_id', 'route', 'seq_id', 'item_id', 'iter_id', 'num_iter', 'status', 'result']);

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string' && x !== '');

/**
 * Checks and normalises a rehearsal spec (parsed YAML). Every problem is reported at once:
 * SquallError WORKFLOW_REHEARSAL_INVALID with one detail per field (with its line when `source` is given).
 */
export function readRehearsalSpec(data: unknown, file?: string, source?: YamlSource): RehearsalSpec {
  const problems: ErrorDetail[] = [];
  const problem = (field: string, message: string, path: (string | number)[] = field.split('.')): void => {
    const line = source?.lineOf(path);
    problems.push({ ...(file !== undefined ? { file } : {}), ...(line ? { line } : {}), field, message });
  };
  if (!isMap(data)) throw new SquallError('WORKFLOW_REHEARSAL_INVALID', 'A rehearsal spec must be a mapping', { details: [{ ...(file !== undefined ? { file } : {}), message: 'must be a mapping' }] });
  for (const key of Object.keys(data)) if (!KNOWN.has(key)) problem(key, `unknown field "${key}"`);
  if (typeof data.workflow !== 'string' || data.workflow === '') problem('workflow', 'is required: the path of the workflow definition');
  if (!isStringList(data.expected_task_sequence)) problem('expected_task_sequence', 'is required: a list of task ids');
  if (data.inputs !== undefined && data.inputs !== null && !isMap(data.inputs)) problem('inputs', 'must be a mapping');
  if (data.expected_routes !== undefined && !(Array.isArray(data.expected_routes) && data.expected_routes.every(Array.isArray))) problem('expected_routes', 'must be a list of lists');
  if (data.expected_term_tasks !== undefined && !isStringList(data.expected_term_tasks)) problem('expected_term_tasks', 'must be a list of task ids');
  if (data.expected_workflow_status !== undefined && !isStatus(data.expected_workflow_status)) problem('expected_workflow_status', `"${String(data.expected_workflow_status)}" is not a workflow status`);
  if (data.expected_output !== undefined && !isMap(data.expected_output)) problem('expected_output', 'must be a mapping');
  const errors = readErrors(data.expected_errors, problem);
  const inspection = readInspection(data.expected_inspection_errors, problem);
  const mocks = readMocks(data.mock_action_executions, problem);
  if (problems.length > 0) {
    throw new SquallError('WORKFLOW_REHEARSAL_INVALID', `Rehearsal spec${file ? ` ${file}` : ''} has ${problems.length} error(s)`, { details: problems });
  }
  return {
    workflow: data.workflow as string,
    inputs: isMap(data.inputs) ? data.inputs : {},
    mock_action_executions: mocks,
    expected_task_sequence: data.expected_task_sequence as string[],
    expected_routes: (data.expected_routes as string[][] | undefined) ?? [[]],
    ...(data.expected_term_tasks !== undefined ? { expected_term_tasks: data.expected_term_tasks as string[] } : {}),
    expected_workflow_status: (data.expected_workflow_status as Status | undefined) ?? 'succeeded',
    ...(errors ? { expected_errors: errors } : {}),
    ...(isMap(data.expected_output) ? { expected_output: data.expected_output } : {}),
    expected_inspection_errors: inspection,
  };
}

/** Reads a rehearsal spec from YAML text. */
export function parseRehearsalSpec(text: string, file?: string): RehearsalSpec {
  const parsed = YamlSource.parse(text, file ?? 'rehearsal');
  if (!parsed.ok) throw new SquallError('WORKFLOW_REHEARSAL_INVALID', `Rehearsal spec${file ? ` ${file}` : ''} could not be parsed`, { details: parsed.errors });
  return readRehearsalSpec(parsed.data, file, parsed.source);
}

type Problem = (field: string, message: string, path?: (string | number)[]) => void;

function readMocks(value: unknown, problem: Problem): MockActionExecution[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problem('mock_action_executions', 'must be a list');
    return [];
  }
  const out: MockActionExecution[] = [];
  value.forEach((raw, i) => {
    const field = `mock_action_executions[${i}]`;
    const at = (key?: string): (string | number)[] => (key ? ['mock_action_executions', i, key] : ['mock_action_executions', i]);
    if (!isMap(raw)) return problem(field, 'must be a mapping', at());
    for (const key of Object.keys(raw)) if (!MOCK_KNOWN.has(key)) problem(`${field}.${key}`, `unknown field "${key}"`, at(key));
    if (typeof raw.task_id !== 'string' || raw.task_id === '') problem(`${field}.task_id`, 'is required', at('task_id'));
    if (!isStatus(raw.status)) problem(`${field}.status`, `"${String(raw.status)}" is not a status`, at('status'));
    for (const key of ['route', 'seq_id', 'item_id', 'iter_id', 'num_iter'] as const) {
      if (raw[key] !== undefined && !isCount(raw[key])) problem(`${field}.${key}`, 'must be a non-negative integer', at(key));
    }
    out.push({
      task_id: String(raw.task_id),
      route: isCount(raw.route) ? raw.route : 0,
      ...(isCount(raw.seq_id) ? { seq_id: raw.seq_id } : {}),
      ...(isCount(raw.item_id) ? { item_id: raw.item_id } : {}),
      iter_id: isCount(raw.iter_id) ? raw.iter_id : 0,
      num_iter: isCount(raw.num_iter) ? raw.num_iter : 1,
      status: isStatus(raw.status) ? raw.status : 'succeeded',
      ...('result' in raw ? { result: raw.result } : {}),
    });
  });
  return out;
}

function readErrors(value: unknown, problem: Problem): ExpectedError[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    problem('expected_errors', 'must be a list');
    return undefined;
  }
  value.forEach((e, i) => {
    if (!isMap(e) || typeof e.type !== 'string' || typeof e.message !== 'string') {
      problem(`expected_errors[${i}]`, 'must be a mapping with "type" and "message"', ['expected_errors', i]);
    }
  });
  return value as ExpectedError[];
}

function readInspection(value: unknown, problem: Problem): Partial<Record<InspectionCategory, ExpectedInspectionError[]>> {
  if (value === undefined || value === null) return {};
  if (!isMap(value)) {
    problem('expected_inspection_errors', 'must be a mapping of category to errors');
    return {};
  }
  const out: Partial<Record<InspectionCategory, ExpectedInspectionError[]>> = {};
  for (const [key, list] of Object.entries(value)) {
    if (!(INSPECTION_CATEGORIES as readonly string[]).includes(key)) {
      problem(`expected_inspection_errors.${key}`, `unknown category; expected one of ${INSPECTION_CATEGORIES.join(', ')}`);
      continue;
    }
    if (!Array.isArray(list) || !list.every((e) => isMap(e) && typeof e.message === 'string')) {
      problem(`expected_inspection_errors.${key}`, 'must be a list of errors with a "message"');
      continue;
    }
    out[key as InspectionCategory] = list as ExpectedInspectionError[];
  }
  return out;
}
