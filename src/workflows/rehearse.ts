/**
 * Workflow rehearsals: runs a workflow on the conductor with mocked action executions and checks
 * the outcome against a rehearsal spec (Orquesta's `WorkflowTestCase` format). The run follows
 * Orquesta's rehearsal exactly, so a spec passes here when it passes under `orquesta-rehearse`:
 * each round starts from the previous round's checkpoint, runs every task offered (a `running`
 * event, then the mocked completion), then asks for the next tasks.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SquallError } from '../errors/index.js';
import type { Context } from './conductor-context.js';
import { WorkflowConductor, type ConductorDeps, type WorkflowLogEntry } from './conductor.js';
import { actionEvent, itemEvent, type TaskStateEvent } from './events.js';
import { inspectWorkflow, type ExpressionValidator, type InspectionError } from './inspect.js';
import { errorListsAgree, sameValue, type RehearsalMismatch } from './rehearse-compare.js';
import { parseRehearsalSpec, type ExpectedInspectionError, type InspectionCategory, type MockActionExecution, type RehearsalSpec } from './rehearse-spec.js';
import { parseWorkflow, type WorkflowSpec } from './spec.js';
import { COMPLETED_STATUSES, type Status } from './statuses.js';

export type { RehearsalMismatch } from './rehearse-compare.js';
export type { RehearsalSpec } from './rehearse-spec.js';

/** What a rehearsal needs: the conductor's dependencies, with an expression validator for inspection. */
export interface RehearsalDeps extends ConductorDeps {
  expressions: ConductorDeps['expressions'] & ExpressionValidator;
}

/** What the workflow did. Task ids carry `__r<N>` when their route is not 0. */
export interface RehearsalOutcome {
  task_sequence: string[];
  routes: string[][];
  term_tasks: string[];
  workflow_status: Status;
  errors: WorkflowLogEntry[];
  output: Context | null;
  inspection_errors: Partial<Record<InspectionCategory, ExpectedInspectionError[]>>;
}

/** The outcome of one rehearsal: what happened and how it differs from the spec. */
export interface RehearsalResult {
  /** The spec file, when the rehearsal came from one. */
  file?: string;
  workflow: string;
  passed: boolean;
  actual: RehearsalOutcome;
  mismatches: RehearsalMismatch[];
}

// Orquesta's rehearsal groups inspection errors by category and names the language `type`.
const CATEGORY: Record<InspectionError['type'], InspectionCategory> = {
  syntax: 'syntax',
  semantic: 'semantics',
  expression: 'expressions',
  context: 'context',
  content: 'contents',
};

function groupInspection(errors: readonly InspectionError[]): Partial<Record<InspectionCategory, ExpectedInspectionError[]>> {
  const out: Partial<Record<InspectionCategory, ExpectedInspectionError[]>> = {};
  for (const e of errors) {
    const entry: ExpectedInspectionError = { message: e.message };
    if (e.language) entry.type = e.language;
    if (e.expression !== undefined) entry.expression = e.expression;
    if (e.schema_path) entry.schema_path = e.schema_path;
    if (e.spec_path) entry.spec_path = e.spec_path;
    (out[CATEGORY[e.type]] ??= []).push(entry);
  }
  return out;
}

/** `task1` on route 0, `task1__r2` on route 2: how specs name task runs. */
function runName(id: string, route: number): string {
  return route === 0 ? id : `${id}__r${route}`;
}

function canonical(name: string): string {
  return name.includes('__r') ? name : `${name}__r0`;
}

/** Orquesta's mock lookup: an unused mock of the task, narrowed by run position and item. */
class MockBook {
  readonly #mocks: { mock: MockActionExecution; pos: number }[];

  constructor(mocks: readonly MockActionExecution[]) {
    this.#mocks = mocks.map((mock) => ({ mock, pos: mock.iter_id - 1 }));
  }

  take(taskId: string, seqId: number): MockActionExecution | undefined {
    const found = this.#find(taskId, seqId) ?? this.#find(taskId, undefined);
    if (found) found.pos += 1;
    return found?.mock;
  }

  #find(taskId: string, seqId: number | undefined): { mock: MockActionExecution; pos: number } | undefined {
    let candidates = this.#mocks.filter((m) => m.mock.task_id === taskId && m.pos < m.mock.iter_id + m.mock.num_iter - 1);
    if (candidates.length > 0 && seqId !== undefined) candidates = candidates.filter((m) => m.mock.seq_id === seqId);
    // A mock pinned to a run position never answers a lookup without one.
    if (candidates[0] && candidates[0].mock.seq_id !== undefined && seqId === undefined) return undefined;
    return candidates[0];
  }
}

/**
 * Runs the workflow of a rehearsal spec and compares. `workflow` is the parsed definition; `file`
 * names the spec in errors. Throws WORKFLOW_REHEARSAL_INVALID for mocks of tasks the workflow lacks.
 */
export function rehearse(spec: RehearsalSpec, workflow: WorkflowSpec, deps: RehearsalDeps, file?: string): RehearsalResult {
  checkMocks(spec, workflow, file);
  const mismatches: RehearsalMismatch[] = [];
  const inspection = groupInspection(inspectWorkflow(workflow, { expressions: deps.expressions, context: [] }));
  if (!sameValue(spec.expected_inspection_errors, inspection)) {
    mismatches.push({ field: 'inspection_errors', expected: spec.expected_inspection_errors, actual: inspection });
  }
  const emptyOutcome: RehearsalOutcome = { task_sequence: [], routes: [], term_tasks: [], workflow_status: 'null', errors: [], output: null, inspection_errors: inspection };
  // A spec that expects inspection errors is about them; the workflow is not run.
  if (Object.keys(spec.expected_inspection_errors).length > 0) return result(spec, emptyOutcome, mismatches);
  if (Object.keys(inspection).length > 0) return result(spec, emptyOutcome, mismatches);

  let conductor = WorkflowConductor.create({ spec: workflow, inputs: spec.inputs }, deps);
  if (conductor.status === 'null') conductor.requestWorkflowStatus('running');
  const mocks = new MockBook(spec.mock_action_executions);
  const itemResults = new Map<string, unknown[]>();
  let queue = conductor.getNextTasks();
  let checkpoint = conductor.serialize();
  while (queue.length > 0) {
    conductor = WorkflowConductor.deserialize(checkpoint, deps, workflow);
    // Every offered task starts before any completes, as when an engine launches them together.
    const started = queue.map((task) => {
      conductor.updateTaskState(task.id, task.route, actionEvent('running'));
      return { task, mock: mocks.take(task.id, conductor.taskRuns().length - 1) };
    });
    for (const { task, mock } of started) {
      const status = mock?.status ?? 'succeeded';
      const value = mock && 'result' in mock ? mock.result : null;
      let event: TaskStateEvent;
      if (workflow.tasks.get(task.id)?.with === undefined) {
        event = actionEvent(status, value);
      } else {
        const results = itemResults.get(task.id) ?? [];
        itemResults.set(task.id, results);
        const itemId = mock?.item_id ?? results.length;
        while (results.length <= itemId) results.push(null);
        results[itemId] = value;
        event = itemEvent(itemId, status, value, [...results]);
      }
      conductor.updateTaskState(task.id, task.route, event);
    }
    queue = conductor.getNextTasks();
    checkpoint = conductor.serialize();
  }
  if (COMPLETED_STATUSES.has(conductor.status)) conductor.renderWorkflowOutput();
  const runs = conductor.taskRuns();
  const actual: RehearsalOutcome = {
    task_sequence: runs.map((r) => runName(r.id, r.route)),
    routes: conductor.routes.map((r) => [...r]),
    term_tasks: runs.filter((r) => r.term).map((r) => runName(r.id, r.route)),
    workflow_status: conductor.status,
    errors: [...conductor.errors],
    output: conductor.getWorkflowOutput(),
    inspection_errors: inspection,
  };
  compare(spec, actual, mismatches);
  return result(spec, actual, mismatches);
}

/** Mocks must name tasks of the workflow, and say which item they are for a with-items task. */
function checkMocks(spec: RehearsalSpec, workflow: WorkflowSpec, file: string | undefined): void {
  const where = file !== undefined ? { file } : {};
  const details = spec.mock_action_executions.flatMap((mock, i) => {
    const field = `mock_action_executions[${i}]`;
    const task = workflow.tasks.get(mock.task_id);
    if (!task) return [{ ...where, field: `${field}.task_id`, message: `The task "${mock.task_id}" is not in the workflow.` }];
    if (task.with && mock.item_id === undefined) return [{ ...where, field, message: `Mock action execution for with items task "${mock.task_id}" is missing "item_id".` }];
    return [];
  });
  if (details.length > 0) throw new SquallError('WORKFLOW_REHEARSAL_INVALID', `Rehearsal spec for ${spec.workflow} has ${details.length} invalid mock(s)`, { details });
}

function compare(spec: RehearsalSpec, actual: RehearsalOutcome, mismatches: RehearsalMismatch[]): void {
  const expectedSeq = spec.expected_task_sequence.map(canonical);
  const actualSeq = actual.task_sequence.map(canonical);
  if (!sameValue(expectedSeq, actualSeq)) mismatches.push({ field: 'task_sequence', expected: spec.expected_task_sequence, actual: actual.task_sequence });
  if (!sameValue(spec.expected_routes, actual.routes)) mismatches.push({ field: 'routes', expected: spec.expected_routes, actual: actual.routes });
  if (spec.expected_workflow_status !== actual.workflow_status) {
    mismatches.push({ field: 'workflow_status', expected: spec.expected_workflow_status, actual: actual.workflow_status });
  }
  if (spec.expected_errors && !errorListsAgree(spec.expected_errors, actual.errors as unknown as Record<string, unknown>[])) {
    mismatches.push({ field: 'errors', expected: spec.expected_errors, actual: actual.errors });
  }
  if (spec.expected_output !== undefined && !sameValue(spec.expected_output, actual.output)) {
    mismatches.push({ field: 'output', expected: spec.expected_output, actual: actual.output });
  }
  if (spec.expected_term_tasks) {
    const expected = spec.expected_term_tasks.map(canonical).sort();
    const got = actual.term_tasks.map(canonical).sort();
    if (!sameValue(expected, got)) mismatches.push({ field: 'term_tasks', expected: spec.expected_term_tasks, actual: actual.term_tasks });
  }
}

function result(spec: RehearsalSpec, actual: RehearsalOutcome, mismatches: RehearsalMismatch[]): RehearsalResult {
  return { workflow: spec.workflow, passed: mismatches.length === 0, actual, mismatches };
}

/**
 * Reads a rehearsal spec file and the workflow it names (relative to `baseDir`) and rehearses it.
 * Throws SquallError for an unreadable or invalid spec or workflow (YAML_INVALID,
 * WORKFLOW_REHEARSAL_INVALID); a workflow that runs differently is a result with mismatches.
 */
export function rehearseFile(specFile: string, baseDir: string, deps: RehearsalDeps): RehearsalResult {
  const spec = parseRehearsalSpec(readText(specFile, 'rehearsal spec'), specFile);
  const workflowFile = path.resolve(baseDir, spec.workflow);
  if (!existsSync(workflowFile)) {
    throw new SquallError('WORKFLOW_REHEARSAL_INVALID', `Unable to open workflow definition at "${workflowFile}"`, {
      details: [{ file: specFile, field: 'workflow', message: `${spec.workflow} not found under ${baseDir}` }],
    });
  }
  const workflow = parseWorkflow(readText(workflowFile, 'workflow definition'), spec.workflow);
  return { ...rehearse(spec, workflow, deps, specFile), file: specFile };
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new SquallError('WORKFLOW_REHEARSAL_INVALID', `The ${what} "${file}" could not be read`, { cause: err, details: [{ file, message: (err as Error).message }] });
  }
}
