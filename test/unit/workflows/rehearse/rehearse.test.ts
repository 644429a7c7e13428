import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSquallError } from '../../../../src/errors/index.js';
import { JinjaRenderer } from '../../../../src/expressions/jinja.js';
import { createWorkflowExpressions } from '../../../../src/expressions/workflow-expressions.js';
import { describeMismatches, messagesAgree } from '../../../../src/workflows/rehearse-compare.js';
import { parseRehearsalSpec } from '../../../../src/workflows/rehearse-spec.js';
import { rehearseFile } from '../../../../src/workflows/rehearse.js';

const deps = { expressions: createWorkflowExpressions({ jinja: new JinjaRenderer({}) }) };

const LOOP = `version: 1.0
input:
  - limit: 2
vars:
  - count: 0
tasks:
  init:
    action: core.noop
    next:
      - when: <% succeeded() %>
        do: work
  work:
    action: core.noop
    next:
      - when: <% succeeded() and ctx().count < ctx().limit %>
        publish: count=<% ctx().count + 1 %>
        do: work
      - when: <% failed() %>
        publish: reason=<% result() %>
        do: report
  report:
    action: core.noop
output:
  - count: <% ctx().count %>
`;

let base: string;
beforeAll(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'squall-rehearse-'));
  mkdirSync(path.join(base, 'workflows'));
  mkdirSync(path.join(base, 'tests'));
  writeFileSync(path.join(base, 'workflows', 'loop.yaml'), LOOP);
  writeFileSync(path.join(base, 'workflows', 'broken.yaml'), 'version: 1.0\ntasks:\n  t1:\n    action: core.noop\n    next:\n      - do: nowhere\n');
});

function spec(name: string, text: string): string {
  const file = path.join(base, 'tests', name);
  writeFileSync(file, text);
  return file;
}

describe('rehearsal specs', () => {
  it('fill in Orquesta\'s defaults', () => {
    const s = parseRehearsalSpec('workflow: w.yaml\nexpected_task_sequence: [a]\nmock_action_executions:\n  - task_id: a\n    status: failed\n');
    expect(s.expected_routes).toEqual([[]]);
    expect(s.expected_workflow_status).toBe('succeeded');
    expect(s.inputs).toEqual({});
    expect(s.mock_action_executions).toEqual([{ task_id: 'a', route: 0, iter_id: 0, num_iter: 1, status: 'failed' }]);
  });

  it('report every problem at once, with lines', () => {
    let err: unknown;
    try {
      parseRehearsalSpec('expected_task_sequence: a\nexpected_workflow_status: done\nbogus: 1\nmock_action_executions:\n  - status: running\n    seq_id: -1\n', 'tests/x.yaml');
    } catch (e) {
      err = e;
    }
    expect(isSquallError(err) && err.code).toBe('WORKFLOW_REHEARSAL_INVALID');
    const details = isSquallError(err) ? err.details : [];
    expect(details.map((d) => d.field)).toEqual(
      expect.arrayContaining(['bogus', 'workflow', 'expected_task_sequence', 'expected_workflow_status', 'mock_action_executions[0].task_id', 'mock_action_executions[0].seq_id']),
    );
    expect(details.find((d) => d.field === 'bogus')).toMatchObject({ file: 'tests/x.yaml', line: 3 });
  });
});

describe('rehearseFile', () => {
  it('passes a spec that matches: cycles, publishes, mocks by position and by repetition', () => {
    const file = spec(
      'loop__ok.yaml',
      `workflow: workflows/loop.yaml
inputs:
  limit: 3
expected_task_sequence: [init, work, work, work, work]
expected_term_tasks: [work]
expected_output:
  count: 3
mock_action_executions:
  - task_id: work
    status: succeeded
    num_iter: 4
`,
    );
    const result = rehearseFile(file, base, deps);
    expect(result.mismatches).toEqual([]);
    expect(result.passed).toBe(true);
    expect(result.actual.output).toEqual({ count: 3 });
  });

  it('reports each mismatch with a readable diff', () => {
    const file = spec(
      'loop__fail.yaml',
      `workflow: workflows/loop.yaml
expected_task_sequence: [init, work, report]
expected_workflow_status: succeeded
expected_errors: []
mock_action_executions:
  - task_id: work
    seq_id: 2
    status: failed
    result: broken
`,
    );
    const result = rehearseFile(file, base, deps);
    expect(result.passed).toBe(false);
    expect(result.actual.task_sequence).toEqual(['init', 'work', 'work', 'report']);
    expect(result.actual.workflow_status).toBe('succeeded');
    expect(result.mismatches.map((m) => m.field)).toEqual(['task_sequence', 'errors']);
    const text = describeMismatches(result.mismatches);
    expect(text).toContain('task_sequence (- expected, + actual):');
    expect(text).toContain('+   "work",');
    expect(text).toContain('"message": "Execution failed. See result for details."');
  });

  it('checks inspection errors and does not run a workflow that has them', () => {
    const expected = rehearseFile(
      spec(
        'broken__inspect.yaml',
        `workflow: workflows/broken.yaml
expected_task_sequence: []
expected_inspection_errors:
  semantics:
    - message: The task "nowhere" is not defined.
      spec_path: tasks.t1.next[0].do
      schema_path: properties.tasks.patternProperties.^\\w+$.properties.next.items.properties.do
`,
      ),
      base,
      deps,
    );
    expect(expected.mismatches).toEqual([]);
    expect(expected.actual.task_sequence).toEqual([]);
    const unexpected = rehearseFile(spec('broken__run.yaml', 'workflow: workflows/broken.yaml\nexpected_task_sequence: [t1]\n'), base, deps);
    expect(unexpected.passed).toBe(false);
    expect(unexpected.mismatches[0]!.field).toBe('inspection_errors');
  });

  it('rejects mocks for tasks the workflow does not have', () => {
    let err: unknown;
    try {
      rehearseFile(spec('ghost.yaml', 'workflow: workflows/loop.yaml\nexpected_task_sequence: []\nmock_action_executions:\n  - task_id: ghost\n    status: failed\n'), base, deps);
    } catch (e) {
      err = e;
    }
    expect(isSquallError(err) && err.code).toBe('WORKFLOW_REHEARSAL_INVALID');
    expect(isSquallError(err) && err.details[0]).toMatchObject({ field: 'mock_action_executions[0].task_id', message: 'The task "ghost" is not in the workflow.' });
  });

  it('names a missing workflow file', () => {
    expect(() => rehearseFile(spec('missing.yaml', 'workflow: workflows/none.yaml\nexpected_task_sequence: []\n'), base, deps)).toThrow(/Unable to open workflow definition/);
  });
});

describe('error messages', () => {
  it('agree up to the expression when the rest is the evaluator\'s own text', () => {
    const expected = `YaqlEvaluationException: Unable to evaluate expression '<% ctx(items) %>'. VariableUndefinedError: The variable "items" is undefined.`;
    expect(messagesAgree(expected, `YaqlEvaluationException: Unable to evaluate expression '<% ctx(items) %>'. KeyError: 'items'`)).toBe(true);
    expect(messagesAgree(expected, `YaqlEvaluationException: Unable to evaluate expression '<% ctx(other) %>'. KeyError: 'items'`)).toBe(false);
    expect(messagesAgree('Execution failed. See result for details.', 'Execution failed.')).toBe(false);
  });
});
