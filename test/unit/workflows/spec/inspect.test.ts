import { describe, expect, it } from 'vitest';
import { SquallError } from '../../../../src/errors/index.js';
import { JinjaRenderer } from '../../../../src/expressions/jinja.js';
import { createWorkflowExpressions } from '../../../../src/expressions/workflow-expressions.js';
import { inspectWorkflow, loadWorkflow, type ExpressionValidator, type InspectionError, type ParameterInfo } from '../../../../src/workflows/inspect.js';

const expressions: ExpressionValidator = createWorkflowExpressions({ jinja: new JinjaRenderer() });
const TASK = String.raw`properties.tasks.patternProperties.^\w+$`;
const inspect = (body: string, extra: Partial<Parameters<typeof inspectWorkflow>[1]> = {}): Omit<InspectionError, 'line'>[] =>
  inspectWorkflow(body, { expressions, context: [], ...extra }).map(({ line: _line, ...rest }) => rest);

describe('inspectWorkflow: Orquesta cases', () => {
  it('finds nothing wrong with a valid workflow', () => {
    expect(
      inspect(`
version: 1.0
description: A basic sequential workflow.
tasks:
  task1:
    action: core.noop
    next:
      - when: <% succeeded() %>
        publish: foo="bar"
        do: task2
  task2:
    action: std.echo
    input:
      message: <% ctx().foo %>
    next:
      - publish:
          - foobar: fubar
        do: task3
  task3:
    action: core.noop
    next: []
`),
    ).toEqual([]);
  });

  it('reports every category at once, in StackStorm order', () => {
    expect(
      inspect(`
version: 1.0
description: A basic sequential workflow.
vars:
  - macro: polo
tasks:
  task1:
    action: core.local cmd=<% ctx().foobar %>
    next:
      - when: <% succeeded() %>
        do:
          - task2
  task2:
    action: core.local
    input:
        - cmd: echo <% ctx().macro %>
    next:
      - when: <% <% succeeded() %>
        do: task3
  task3:
    action: core.noop
`),
    ).toEqual([
      { type: 'context', language: 'yaql', expression: '<% ctx().foobar %>', message: 'Variable "foobar" is referenced before assignment.', spec_path: 'tasks.task1.input', schema_path: `${TASK}.properties.input` },
      {
        type: 'expression',
        language: 'yaql',
        expression: '<% <% succeeded() %>',
        message: "Parse error: unexpected '<' at position 0 of expression '<% succeeded()'",
        spec_path: 'tasks.task2.next[0].when',
        schema_path: `${TASK}.properties.next.items.properties.when`,
      },
      { type: 'syntax', message: "[{'cmd': 'echo <% ctx().macro %>'}] is not valid under any of the given schemas", spec_path: 'tasks.task2.input', schema_path: `${TASK}.properties.input.oneOf` },
    ]);
  });

  it('words schema errors as Python jsonschema does', () => {
    const errors = inspect(`
version: 1.0
tasks:
  task1:
    action: core.noop
    next:
      - when:
          - foobar
        do: task2
      - publish:
          - foobar
        do: task2
      - do:
          task2: foobar
  task2:
    action: core.noop
    extra: 1
    retry:
      delay: 2
`);
    expect(errors).toEqual([
      { type: 'syntax', message: "Additional properties are not allowed ('extra' was unexpected)", spec_path: 'tasks.task2', schema_path: `${TASK}.additionalProperties` },
      { type: 'syntax', message: "{'task2': 'foobar'} is not valid under any of the given schemas", spec_path: 'tasks.task1.next[2].do', schema_path: `${TASK}.properties.next.items.properties.do.oneOf` },
      { type: 'syntax', message: "['foobar'] is not valid under any of the given schemas", spec_path: 'tasks.task1.next[1].publish', schema_path: `${TASK}.properties.next.items.properties.publish.oneOf` },
      { type: 'syntax', message: "['foobar'] is not of type 'string'", spec_path: 'tasks.task1.next[0].when', schema_path: `${TASK}.properties.next.items.properties.when.type` },
      { type: 'syntax', message: "'count' is a required property", spec_path: 'tasks.task2.retry', schema_path: `${TASK}.properties.retry.required` },
    ]);
  });

  it('reports missing and empty tasks, and a version other than 1.0', () => {
    expect(inspect('version: 1.0\ndescription: A basic sequential workflow.\n')).toEqual([{ type: 'syntax', message: "'tasks' is a required property", spec_path: null, schema_path: 'required' }]);
    expect(inspect('version: 2.0\ntasks: {}\n')).toEqual([
      { type: 'syntax', message: '{} does not have enough properties', spec_path: 'tasks', schema_path: 'properties.tasks.minProperties' },
      { type: 'syntax', message: "2.0 is not one of ['1.0', 1.0]", spec_path: 'version', schema_path: 'properties.version.enum' },
    ]);
  });

  it('rejects with items that are not `x in <expr>` and task names that are not words', () => {
    const errors = inspect('version: 1.0\ntasks:\n  my-task:\n    action: core.noop\n  t:\n    with: just words\n    action: core.noop\n');
    expect(errors.map((e) => [e.spec_path, e.schema_path, e.message.slice(0, 40)])).toEqual([
      ['tasks', 'properties.tasks.additionalProperties', "'my-task' does not match any of the rege"],
      ['tasks.t.with.items', `${TASK}.properties.with.properties.items.pattern`, "'just words' does not match '^(\\s+)?(<%."],
    ]);
  });

  it('reports undefined tasks and reserved names', () => {
    expect(inspect('version: 1.0\ntasks:\n  task1:\n    action: core.noop\n    next:\n      - do: task2\n')).toEqual([
      { type: 'semantic', message: 'The task "task2" is not defined.', spec_path: 'tasks.task1.next[0].do', schema_path: `${TASK}.properties.next.items.properties.do` },
    ]);
    expect(inspect('version: 1.0\ntasks:\n  task1:\n    action: core.noop\n    next:\n      - do: noop\n  noop:\n    action: core.noop\n')).toEqual([
      { type: 'semantic', message: 'The task name "noop" is reserved with special function.', spec_path: 'tasks.noop', schema_path: TASK },
    ]);
  });

  it('reports a join reached through nested splits as unreachable', () => {
    const errors = inspect(`
version: 1.0
tasks:
  task1: { action: core.noop, next: [{ when: <% succeeded() %>, do: 'task2, task3, task5' }] }
  task2: { action: core.noop, next: [{ when: <% succeeded() %>, do: task4 }] }
  task3: { action: core.noop, next: [{ when: <% succeeded() %>, do: task4 }] }
  task4: { action: core.noop, next: [{ when: <% succeeded() %>, do: task5 }] }
  task5: { join: all, action: core.noop }
`);
    expect(errors).toEqual([
      {
        type: 'semantic',
        message:
          'The join task "task5" is unreachable. A join task is determined to be unreachable if there are nested forks from multi-referenced tasks that join on the said task. This is ambiguous to the workflow engine because it does not know at which level should the join occurs.',
        spec_path: 'tasks.task5',
        schema_path: TASK,
      },
    ]);
  });

  it('reports a workflow whose only task loops on itself, and a with-items task without action', () => {
    expect(inspect('version: 1.0\ninput:\n  - count: 0\ntasks:\n  task1:\n    action: core.noop\n    next:\n      - when: <% ctx().count < 2 %>\n        do: task1\n')).toEqual([
      {
        type: 'semantic',
        message: 'Unable to identify any tasks to start the workflow. If the workflow has a loop, please add a task that serves as an entry point (or lead) into the loop.',
        spec_path: 'tasks',
        schema_path: 'properties.tasks',
      },
    ]);
    expect(inspect('version: 1.0\ntasks:\n  t:\n    with: x in <% [1] %>\n')).toEqual([
      { type: 'semantic', message: 'The action property is required for with items task.', spec_path: 'tasks.t', schema_path: TASK },
    ]);
  });
});

describe('inspectWorkflow: context', () => {
  const ctxErrors = (body: string): [string | null, string][] => inspect(body).map((e) => [e.spec_path, e.message]);

  it('checks input, vars and output in order, entry by entry', () => {
    expect(
      inspect(`
version: 1.0
input:
  - y
vars:
  - foo: "{{ ctx().a }}"
  - fooa: <% ctx().x + ctx().y + ctx().z %>
output:
  - b: <% ctx().fooa %> <% ctx().nope %>
tasks:
  task1:
    action: core.noop
`),
    ).toEqual([
      { type: 'context', language: 'yaql', expression: '<% ctx().fooa %> <% ctx().nope %>', message: 'Variable "nope" is referenced before assignment.', spec_path: 'output[0]', schema_path: 'properties.output' },
      { type: 'context', language: 'jinja', expression: '{{ ctx().a }}', message: 'Variable "a" is referenced before assignment.', spec_path: 'vars[0]', schema_path: 'properties.vars' },
      { type: 'context', language: 'yaql', expression: '<% ctx().x + ctx().y + ctx().z %>', message: 'Variable "x" is referenced before assignment.', spec_path: 'vars[1]', schema_path: 'properties.vars' },
      { type: 'context', language: 'yaql', expression: '<% ctx().x + ctx().y + ctx().z %>', message: 'Variable "z" is referenced before assignment.', spec_path: 'vars[1]', schema_path: 'properties.vars' },
    ]);
  });

  it('keeps what one branch publishes out of the other branch', () => {
    expect(
      ctxErrors(`
version: 1.0
vars:
  - foobar: foobar
tasks:
  task1:
    action: core.echo
    input:
      message: <% ctx().foobar %>
    next:
      - when: <% succeeded() %>
        publish: foo="bar"
        do: task2
      - when: <% failed() %>
        publish: bar="foo"
        do: task3
  task2:
    action: core.echo
    input:
      message: <% ctx().foo + ctx().bar %>
  task3:
    action: core.echo
    input:
      message: <% ctx(foo) + ctx('bar') %>
`),
    ).toEqual([
      ['tasks.task2.input', 'Variable "bar" is referenced before assignment.'],
      ['tasks.task3.input', 'Variable "foo" is referenced before assignment.'],
    ]);
  });

  it('lets a join see what every branch into it published, and output see everything', () => {
    expect(
      ctxErrors(`
version: 1.0
output:
  - b: <% ctx().b %>
  - all: <% ctx().foo + ctx().bar %>
tasks:
  task1:
    action: core.noop
    next:
      - publish: foo="bar"
        do: task2
  task2:
    action: core.noop
    next:
      - do: task5
  task3:
    action: core.noop
    next:
      - publish: bar="foo"
        do: task4
      - when: <% failed() %>
        publish: b="x"
        do: fail
  task4:
    action: core.noop
    next:
      - do: task5
  task5:
    join: all
    action: core.echo message=<% ctx().foo + ctx().bar %>
`),
    ).toEqual([]);
  });

  it('checks publish in order and flags private variables', () => {
    expect(
      ctxErrors(`
version: 1.0
tasks:
  task1:
    action: core.noop
    next:
      - publish: a=1 b=<% ctx().a %> c=<% ctx().d %>
        do: task2
  task2:
    action: core.echo message={{ ctx().__state }}
`),
    ).toEqual([
      // Sorted by schema path: a task's input comes before its transitions.
      ['tasks.task2.input', 'Variable "__state" that is prefixed with double underscores is considered a private variable and cannot be referenced.'],
      ['tasks.task2.input', 'Variable "__state" is referenced before assignment.'],
      ['tasks.task1.next[0].publish[2]', 'Variable "d" is referenced before assignment.'],
    ]);
  });

  it('starts from the st2 context by default', () => {
    const body = 'version: 1.0\ntasks:\n  t:\n    action: core.echo message=<% ctx().st2.user %>\n';
    expect(inspectWorkflow(body, { expressions })).toEqual([]);
    expect(inspectWorkflow(body, { expressions, context: [] })[0]?.message).toBe('Variable "st2" is referenced before assignment.');
  });
});

describe('inspectWorkflow: expressions and content', () => {
  it('reports Jinja syntax errors too', () => {
    const errors = inspect('version: 1.0\ntasks:\n  t:\n    action: core.echo\n    input:\n      message: "{{ ctx().st2 + }}"\n', { context: ['st2'] });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ type: 'expression', language: 'jinja', expression: '{{ ctx().st2 + }}', spec_path: 'tasks.t.input' });
  });

  it('rejects a text that mixes YAQL and Jinja', () => {
    expect(inspect('version: 1.0\ntasks:\n  t:\n    action: core.echo\n    input:\n      message: <% ctx().st2 %> {{ ctx().st2 }}\n', { context: ['st2'] })).toEqual([
      { type: 'expression', language: null, expression: '<% ctx().st2 %> {{ ctx().st2 }}', message: 'Expression with multiple types is not supported.', spec_path: 'tasks.t.input', schema_path: `${TASK}.properties.input` },
    ]);
  });

  it('checks actions when told which exist and what they take', () => {
    const body = `
version: 1.0
tasks:
  a: { action: core.echo message="hi" extra=1, next: [{ do: b }] }
  b: { action: nope.missing, next: [{ do: c }] }
  c: { action: badref, next: [{ do: d }] }
  d: { action: <% ctx().st2.action %>, next: [{ do: e }] }
  e: { action: core.local }
`;
    const errors = inspect(body, {
      context: ['st2'],
      actionExists: (ref) => ref.startsWith('core.'),
      actionParameters: (ref): Record<string, ParameterInfo> => (ref === 'core.echo' ? { message: { required: true } } : { cmd: { required: true }, sudo: { required: true, default: false } }),
    });
    expect(errors).toEqual([
      { type: 'content', message: 'The action "nope.missing" is not registered in the database.', spec_path: 'tasks.b.action', schema_path: `${TASK}.properties.action` },
      { type: 'content', message: 'The action reference "badref" is not formatted correctly.', spec_path: 'tasks.c.action', schema_path: `${TASK}.properties.action` },
      { type: 'content', message: 'Action "core.local" is missing required input "cmd".', spec_path: 'tasks.e.input', schema_path: `${TASK}.properties.input` },
      // A falsy default counts as no default, as in StackStorm.
      { type: 'content', message: 'Action "core.local" is missing required input "sudo".', spec_path: 'tasks.e.input', schema_path: `${TASK}.properties.input` },
      { type: 'content', message: 'Action "core.echo" has unexpected input "extra".', spec_path: 'tasks.a.input.extra', schema_path: `${TASK}.properties.input.patternProperties.^\\w+$` },
    ]);
    expect(inspect(body, { context: ['st2'] })).toEqual([]);
  });
});

describe('inspectWorkflow: lines and loading', () => {
  it('gives each error the line of its spec path, and one error for broken YAML', () => {
    const errors = inspectWorkflow('version: 1.0\ntasks:\n  t1:\n    action: core.noop\n    next:\n      - do: t9\n', { expressions, file: 'wf.yaml' });
    expect(errors.map((e) => e.line)).toEqual([6]);
    const broken = inspectWorkflow('tasks:\n  t: [1\n', { expressions });
    expect(broken.length).toBeGreaterThan(0);
    expect(broken.every((e) => e.type === 'syntax' && e.spec_path === null && typeof e.line === 'number')).toBe(true);
  });

  it('loadWorkflow returns a valid spec and throws every error otherwise', () => {
    expect(loadWorkflow('version: 1.0\ntasks:\n  t:\n    action: core.noop\n', { expressions }).tasks.has('t')).toBe(true);
    try {
      loadWorkflow('version: 1.0\ntasks:\n  t:\n    action: core.noop\n    next: [{ do: x }, { do: y }]\n', { expressions, file: 'wf.yaml' });
      throw new Error('not thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(SquallError);
      const e = err as SquallError;
      expect(e.code).toBe('WORKFLOW_INVALID');
      expect(e.details.map((d) => `${d.file}:${d.line} ${d.field} ${d.message}`)).toEqual([
        'wf.yaml:5 tasks.t.next[0].do [semantic] The task "x" is not defined.',
        'wf.yaml:5 tasks.t.next[1].do [semantic] The task "y" is not defined.',
      ]);
    }
  });
});
