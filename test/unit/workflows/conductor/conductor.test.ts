import { describe, expect, it } from 'vitest';
import { WorkflowConductor } from '../../../../src/workflows/conductor.js';
import { actionEvent, itemEvent } from '../../../../src/workflows/events.js';
import { parseWorkflow } from '../../../../src/workflows/spec.js';
import { isSquallError } from '../../../../src/errors/index.js';
import { deps, drive, start } from './helpers.js';

const SEQUENTIAL = `
version: 1.0
input:
  - name
  - greeting: Hello
vars:
  - punct: "!"
tasks:
  task1:
    action: core.echo message="<% ctx().greeting %>, <% ctx().name %><% ctx().punct %>"
    next:
      - when: <% succeeded() %>
        publish: msg=<% result().stdout %>
        do: task2
  task2:
    action: core.noop
    input:
      size: <% len(ctx().msg) %>
output:
  - message: <% ctx().msg %>
`;

describe('WorkflowConductor: a sequence', () => {
  it('renders input, vars and action input, publishes and renders the output', () => {
    const c = start(SEQUENTIAL, { name: 'World' });
    expect(c.status).toBe('running');
    const [first, ...rest] = c.getNextTasks();
    expect(rest).toEqual([]);
    expect(first).toEqual({ id: 'task1', route: 0, actions: [{ action: 'core.echo', input: { message: 'Hello, World!' } }] });
    c.updateTaskState('task1', 0, actionEvent('running'));
    expect(c.getNextTasks()).toEqual([]);
    c.updateTaskState('task1', 0, actionEvent('succeeded', { stdout: 'Hello, World!' }));
    const [second] = c.getNextTasks();
    expect(second?.actions).toEqual([{ action: 'core.noop', input: { size: 13 } }]);
    c.updateTaskState('task2', 0, actionEvent('running'));
    c.updateTaskState('task2', 0, actionEvent('succeeded', null));
    expect(c.status).toBe('succeeded');
    c.renderWorkflowOutput();
    expect(c.getWorkflowOutput()).toEqual({ message: 'Hello, World!' });
    expect(c.taskRuns().map((t) => [t.id, t.status, t.term])).toEqual([
      ['task1', 'succeeded', false],
      ['task2', 'succeeded', true],
    ]);
  });

  it('round-trips through serialize() as plain JSON and continues the same way', () => {
    const plain = start(SEQUENTIAL, { name: 'A' });
    const snapshot = plain.serialize();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(snapshot.state.status).toBe('running');
    const restored = WorkflowConductor.deserialize(snapshot, deps);
    const outcome = { task1: { status: 'succeeded' as const, result: { stdout: 'hi' } } };
    const a = drive(plain, outcome).conductor;
    const b = drive(restored, outcome).conductor;
    expect(b.serialize()).toEqual(a.serialize());
    expect(b.getWorkflowOutput()).toEqual({ message: 'hi' });
  });

  it('rejects a checkpoint that is not one, and events for unknown tasks', () => {
    expect(() => WorkflowConductor.deserialize({} as never, deps)).toThrow(/checkpoint/);
    const c = start(SEQUENTIAL, { name: 'A' });
    let err: unknown;
    try {
      c.updateTaskState('nope', 0, actionEvent('running'));
    } catch (e) {
      err = e;
    }
    expect(isSquallError(err) && err.code).toBe('WORKFLOW_STATE_INVALID');
    expect(() => c.updateTaskState('task2', 0, actionEvent('running'))).toThrow(/neither staged nor run/);
  });
});

describe('WorkflowConductor: failures', () => {
  const PARALLEL = `
version: 1.0
tasks:
  a:
    action: core.noop
    next:
      - when: <% succeeded() %>
        do: a2
  a2:
    action: core.noop
  b:
    action: core.noop
`;

  it('fails fast: a failed task stops new work, running branches finish, errors carry the result', () => {
    const c = start(PARALLEL);
    expect(c.getNextTasks().map((t) => t.id)).toEqual(['a', 'b']);
    c.updateTaskState('a', 0, actionEvent('running'));
    c.updateTaskState('b', 0, actionEvent('running'));
    c.updateTaskState('b', 0, actionEvent('failed', { stderr: 'boom' }));
    expect(c.status).toBe('failed');
    c.updateTaskState('a', 0, actionEvent('succeeded', 1));
    expect(c.getNextTasks()).toEqual([]);
    expect(c.errors).toEqual([{ type: 'error', message: 'Execution failed. See result for details.', task_id: 'b', result: { stderr: 'boom' } }]);
    expect(c.terminalTasks().map((t) => t.id).sort()).toEqual(['a', 'b']);
  });

  it('logs an expression error in a transition with its transition id and fails the workflow', () => {
    const c = start(`
version: 1.0
tasks:
  t1:
    action: core.noop
    next:
      - when: <% ctx().nope %>
        do: t2
  t2:
    action: core.noop
`);
    const { conductor } = drive(c);
    expect(conductor.status).toBe('failed');
    expect(conductor.errors).toHaveLength(1);
    expect(conductor.errors[0]).toMatchObject({ type: 'error', task_id: 't1', route: 0, task_transition_id: 't2__t0' });
    expect(conductor.errors[0]!.message).toMatch(/^YaqlEvaluationException: .*nope/);
  });

  it('logs a task that cannot be rendered against the task and returns nothing to run', () => {
    const c = start(`
version: 1.0
tasks:
  t1:
    action: core.echo
    input:
      message: <% ctx(missing) %>
`);
    expect(c.getNextTasks()).toEqual([]);
    expect(c.status).toBe('failed');
    expect(c.errors[0]).toMatchObject({ type: 'error', task_id: 't1', route: 0 });
    expect(c.errors[0]!.message).toMatch(/missing/);
  });

  it('fails at creation when the input cannot be rendered', () => {
    const c = WorkflowConductor.create({ spec: parseWorkflow('version: 1.0\ninput:\n  - a: <% ctx().b %>\ntasks:\n  t:\n    action: core.noop\n') }, deps);
    expect(c.status).toBe('failed');
    expect(c.errors[0]!.message).toMatch(/'b'/);
    expect(c.getNextTasks()).toEqual([]);
  });

  it('runs remediation next to `fail`, then fails the workflow; `noop` swallows the failure', () => {
    const failing = start(`
version: 1.0
tasks:
  t1:
    action: core.noop
    next:
      - when: <% failed() %>
        do: cleanup, fail
  cleanup:
    action: core.noop
`);
    const run = drive(failing, { t1: { status: 'failed', result: 'x' } });
    expect(run.offered).toEqual(['t1', 'cleanup']);
    expect(run.conductor.status).toBe('failed');
    expect(run.conductor.errors.map((e) => e.task_id)).toEqual(['t1', 'fail']);
    const swallowed = drive(start('version: 1.0\ntasks:\n  t1:\n    action: core.noop\n    next:\n      - when: <% failed() %>\n        do: noop\n'), { t1: { status: 'failed' } });
    expect(swallowed.conductor.status).toBe('succeeded');
  });
});

describe('WorkflowConductor: retry', () => {
  it('retries by the retry spec with its delay, then gives up after count retries', () => {
    const spec = `
version: 1.0
tasks:
  t:
    action: core.noop
    retry:
      when: <% failed() %>
      count: 2
      delay: 5
`;
    const c = start(spec);
    const offers: unknown[] = [];
    let attempt = 0;
    for (;;) {
      const [next] = c.getNextTasks();
      if (!next) break;
      offers.push({ delay: next.delay, retry: next.retry });
      c.updateTaskState('t', 0, actionEvent('running'));
      c.updateTaskState('t', 0, actionEvent('failed', { attempt: attempt++ }));
    }
    expect(offers).toEqual([{ delay: undefined, retry: undefined }, { delay: 5, retry: { tally: 1, count: 2 } }, { delay: 5, retry: { tally: 2, count: 2 } }]);
    expect(c.status).toBe('failed');
    expect(c.taskRuns()).toHaveLength(1);
    const recovered = drive(start(spec), { t: (() => { let n = 0; return () => ({ status: n++ === 0 ? 'failed' : 'succeeded' }); })() });
    expect(recovered.offered).toEqual(['t', 't']);
    expect(recovered.conductor.status).toBe('succeeded');
  });

  it('`do: retry` retries a task three times', () => {
    const run = drive(start('version: 1.0\ntasks:\n  t:\n    action: core.noop\n    next:\n      - when: <% failed() %>\n        do: retry\n'), { t: { status: 'failed' } });
    expect(run.offered).toEqual(['t', 't', 't', 't']);
    expect(run.conductor.status).toBe('failed');
  });
});

describe('WorkflowConductor: with items', () => {
  const ITEMS = `
version: 1.0
input:
  - xs
tasks:
  t:
    with:
      items: x in <% ctx(xs) %>
      concurrency: 2
    action: core.echo message=<% item(x) %>
    next:
      - when: <% succeeded() %>
        publish: out=<% result() %>
        do: done
  done:
    action: core.noop
output:
  - out: <% ctx(out) %>
`;

  it('offers items within the concurrency and collects the results in order', () => {
    const c = start(ITEMS, { xs: ['a', 'b', 'c'] });
    const [first] = c.getNextTasks();
    expect(first).toMatchObject({ id: 't', itemsCount: 3, concurrency: 2 });
    expect(first!.actions.map((a) => [a.itemId, a.input])).toEqual([
      [0, { message: 'a' }],
      [1, { message: 'b' }],
    ]);
    c.updateTaskState('t', 0, itemEvent(0, 'running'));
    c.updateTaskState('t', 0, itemEvent(1, 'running'));
    expect(c.getNextTasks()).toEqual([]);
    c.updateTaskState('t', 0, itemEvent(1, 'succeeded', 'B', [null, 'B']));
    const [again] = c.getNextTasks();
    expect(again!.actions.map((a) => a.itemId)).toEqual([2]);
    c.updateTaskState('t', 0, itemEvent(2, 'running'));
    c.updateTaskState('t', 0, itemEvent(2, 'succeeded', 'C', [null, 'B', 'C']));
    expect(c.taskStatus('t')).toBe('running');
    c.updateTaskState('t', 0, itemEvent(0, 'succeeded', 'A', ['A', 'B', 'C']));
    expect(c.taskStatus('t')).toBe('succeeded');
    const { conductor } = drive(c);
    expect(conductor.status).toBe('succeeded');
    expect(conductor.getWorkflowOutput()).toEqual({ out: ['A', 'B', 'C'] });
  });

  it('fails the task once no item is in flight and one failed', () => {
    const c = start(ITEMS, { xs: ['a', 'b', 'c'] });
    c.getNextTasks();
    c.updateTaskState('t', 0, itemEvent(0, 'running'));
    c.updateTaskState('t', 0, itemEvent(1, 'running'));
    c.updateTaskState('t', 0, itemEvent(1, 'failed', 'nope', [null, 'nope']));
    expect(c.taskStatus('t')).toBe('running');
    c.updateTaskState('t', 0, itemEvent(0, 'succeeded', 'A', ['A', 'nope']));
    expect(c.taskStatus('t')).toBe('failed');
    expect(c.status).toBe('failed');
    expect(c.getNextTasks()).toEqual([]);
    expect(c.errors).toEqual([{ type: 'error', message: 'Execution failed. See result for details.', task_id: 't', result: 'nope' }]);
  });

  it('completes a task over an empty list at once, and rejects a value that is not a list', () => {
    const empty = start(ITEMS, { xs: [] });
    expect(empty.getNextTasks()).toEqual([{ id: 't', route: 0, actions: [], itemsCount: 0, concurrency: 2 }]);
    const bad = start(ITEMS, { xs: 'abc' });
    expect(bad.getNextTasks()).toEqual([]);
    expect(bad.errors).toEqual([{ type: 'error', message: 'TypeError: The value of "<% ctx(xs) %>" is not type of list.', task_id: 't', route: 0 }]);
  });
});

describe('WorkflowConductor: pause, resume, cancel, pending, re-run', () => {
  const TWO = 'version: 1.0\ntasks:\n  t1:\n    action: core.noop\n    next:\n      - when: <% succeeded() %>\n        do: t2\n  t2:\n    action: core.noop\n';

  it('pauses once running tasks finish and resumes where it stopped', () => {
    const c = start(TWO);
    c.getNextTasks();
    c.updateTaskState('t1', 0, actionEvent('running'));
    c.requestWorkflowStatus('pausing');
    expect(c.status).toBe('pausing');
    c.updateTaskState('t1', 0, actionEvent('succeeded'));
    expect(c.status).toBe('paused');
    expect(c.getNextTasks()).toEqual([]);
    c.requestWorkflowStatus('resuming');
    expect(c.getNextTasks().map((t) => t.id)).toEqual(['t2']);
    expect(drive(c).conductor.status).toBe('succeeded');
  });

  it('cancels: canceling while a task runs, canceled when it ends, nothing more runs', () => {
    const c = start(TWO);
    c.getNextTasks();
    c.updateTaskState('t1', 0, actionEvent('running'));
    c.requestWorkflowStatus('canceling');
    expect(c.status).toBe('canceling');
    c.updateTaskState('t1', 0, actionEvent('succeeded'));
    expect(c.status).toBe('canceled');
    expect(c.getNextTasks()).toEqual([]);
    expect(() => c.requestWorkflowStatus('running')).toThrow(/canceled/);
  });

  it('pauses on a pending task (an inquiry) and continues once it is answered', () => {
    const c = start(TWO);
    c.getNextTasks();
    c.updateTaskState('t1', 0, actionEvent('running'));
    c.updateTaskState('t1', 0, actionEvent('pending'));
    expect(c.status).toBe('paused');
    c.requestWorkflowStatus('resuming');
    expect(c.status).toBe('resuming');
    c.updateTaskState('t1', 0, actionEvent('succeeded', { response: 'yes' }));
    expect(c.status).toBe('running');
    expect(drive(c).conductor.status).toBe('succeeded');
  });

  it('re-runs a failed workflow from its failed task', () => {
    const first = drive(start(TWO), { t2: { status: 'failed', result: 'boom' } }).conductor;
    expect(first.status).toBe('failed');
    first.requestWorkflowRerun();
    expect(first.status).toBe('resuming');
    expect(first.errors).toEqual([]);
    const again = drive(first);
    expect(again.offered).toEqual(['t2']);
    expect(again.conductor.status).toBe('succeeded');
    expect(again.conductor.taskRuns().map((t) => `${t.id}:${t.status}`)).toEqual(['t1:succeeded', 't2:failed', 't2:succeeded']);
    expect(() => start(TWO).requestWorkflowRerun()).toThrow(/still active/);
  });
});

describe('WorkflowConductor: Jinja and task functions', () => {
  it('evaluates Jinja expressions with the same functions', () => {
    const c = start(`
version: 1.0
input:
  - who
tasks:
  t1:
    action: core.echo
    input:
      message: "{{ ctx().who }} / {{ task_status('t1') }}"
    next:
      - when: "{{ succeeded() and result() == 3 }}"
        publish:
          - seen: "{{ result() + 1 }}"
        do: t2
  t2:
    action: core.noop
output:
  - seen: "{{ ctx().seen }}"
`, { who: 'me' });
    const [t1] = c.getNextTasks();
    expect(t1!.actions[0]!.input).toEqual({ message: 'me / null' });
    const { conductor } = drive(c, { t1: { status: 'succeeded', result: 3 } });
    expect(conductor.status).toBe('succeeded');
    expect(conductor.getWorkflowOutput()).toEqual({ seen: 4 });
  });
});

describe('WorkflowConductor: cost', () => {
  it('keeps a task transition with a checkpoint under a millisecond on a 1,000-task sequence', () => {
    const tasks: Record<string, unknown> = {};
    for (let i = 0; i < 1000; i++) tasks[`t${i}`] = { action: 'core.noop', ...(i < 999 ? { next: [{ when: '<% succeeded() %>', do: `t${i + 1}` }] } : {}) };
    const c = WorkflowConductor.create({ spec: parseWorkflow({ version: '1.0', tasks }) }, deps);
    c.requestWorkflowStatus('running');
    let transitions = 0;
    let bytes = 0;
    const started = performance.now();
    for (let next = c.getNextTasks(); next.length > 0; next = c.getNextTasks()) {
      for (const t of next) {
        c.updateTaskState(t.id, t.route, actionEvent('running'));
        bytes += c.serializeJson().length;
        c.updateTaskState(t.id, t.route, actionEvent('succeeded'));
        bytes += c.serializeJson().length;
        transitions += 2;
      }
    }
    const perTransition = (performance.now() - started) / transitions;
    expect(c.status).toBe('succeeded');
    expect(transitions).toBe(2000);
    expect(bytes).toBeGreaterThan(0);
    expect(perTransition).toBeLessThan(1);
  });
});
