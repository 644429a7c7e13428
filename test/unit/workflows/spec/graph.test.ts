import { describe, expect, it } from 'vitest';
import { parseWorkflow } from '../../../../src/workflows/spec.js';
import { WorkflowGraph, cyclicNodes } from '../../../../src/workflows/graph.js';

const graphOf = (text: string): WorkflowGraph => WorkflowGraph.fromSpec(parseWorkflow(`version: 1.0\ntasks:\n${text}`));
const edges = (g: WorkflowGraph): string[] => g.tasks().flatMap((t) => g.outbound(t).map((e) => `${e.backref}->${e.id}(${e.ref})${e.criteria.join('&')}`));

describe('WorkflowGraph', () => {
  it('models a split: a non-join task referred to twice; the join after it is not a split', () => {
    const g = graphOf(`
  task1: { action: core.noop, next: [{ when: <% succeeded() %>, do: 'task2, task3' }] }
  task2: { action: core.noop, next: [{ do: task4 }] }
  task3: { action: core.noop, next: [{ do: task4 }] }
  task4: { action: core.noop, next: [{ do: 'task5, task6' }] }
  task5: { action: core.noop, next: [{ do: task7 }] }
  task6: { action: core.noop, next: [{ do: task7 }] }
  task7: { join: all, action: core.noop }
`);
    expect(g.startTasks()).toEqual(['task1']);
    expect(g.tasks().filter((t) => g.isSplit(t))).toEqual(['task4']);
    expect(g.isJoin('task7')).toBe(true);
    expect(g.barrier('task7')).toBe('all');
    expect(g.requirement('task7')).toBe(2);
    expect(g.requirement('task2')).toBe(1);
    expect(g.inbound('task4').map((e) => e.backref)).toEqual(['task2__t0', 'task3__t0']);
    expect(g.outbound('task1').map((e) => [e.to, e.criteria])).toEqual([['task2', ['<% succeeded() %>']], ['task3', ['<% succeeded() %>']]]);
    expect(g.leaves()).toEqual(['task7']);
  });

  it('numbers edges between the same two tasks by key, and names them by key, not by next index', () => {
    const g = graphOf(`
  task1:
    action: core.noop
    next:
      - when: <% failed() %>
        do: task3
      - when: <% succeeded() %>
        do: task2
      - when: <% succeeded() %>
        do: task2, task2
  task2: { action: core.noop }
  task3: { action: core.noop }
`);
    expect(edges(g)).toEqual(['task1__t0->task2__t0(1)<% succeeded() %>', 'task1__t1->task2__t1(2)<% succeeded() %>', 'task1__t0->task3__t0(0)<% failed() %>']);
    expect(g.isSplit('task2')).toBe(true);
  });

  it('makes engine commands nodes, except retry which becomes the retry policy', () => {
    const g = graphOf(`
  task1:
    action: core.noop
    next:
      - when: <% failed() %>
        do: retry
      - when: <% succeeded() %>
        do: task2
  task2:
    action: core.noop
    retry: { count: 2, delay: <% ctx().d %> }
    next:
      - when: <% failed() %>
        do: cleanup, fail
      - publish: x=1
  cleanup: { action: core.noop }
`);
    expect(g.hasTask('retry')).toBe(false);
    expect(g.retry('task1')).toEqual({ when: '<% failed() %>', count: 3 });
    expect(g.retry('task2')).toEqual({ count: 2, delay: '<% ctx().d %>' });
    expect(g.outbound('task2').map((e) => e.to)).toEqual(['cleanup', 'continue', 'fail']);
    expect(g.hasTask('fail') && g.hasTask('continue')).toBe(true);
    expect(g.outbound('fail')).toEqual([]);
  });

  it('defaults a retry command without when to completed()', () => {
    const g = graphOf(`
  task1: { action: core.noop, next: [{ do: retry }] }
`);
    expect(g.retry('task1')).toEqual({ when: '<% completed() %>', count: 3 });
  });

  it('finds cycles; a task on a cycle is never a split', () => {
    const g = graphOf(`
  init: { action: core.noop, next: [{ do: query }] }
  query: { action: core.noop, next: [{ when: <% succeeded() %>, do: 'decide, other' }] }
  decide: { next: [{ when: <% ctx().again %>, do: query }] }
  other: { action: core.noop }
`);
    expect(g.tasks().filter((t) => g.inCycle(t)).sort()).toEqual(['decide', 'query']);
    expect(g.inbound('query')).toHaveLength(2);
    expect(g.isSplit('query')).toBe(false);
    expect(g.isSplit('other')).toBe(false);
  });

  it('counts join: N and treats every task without inbound as a start task', () => {
    const g = graphOf(`
  a: { action: core.noop, next: [{ do: j }] }
  b: { action: core.noop, next: [{ do: j }] }
  c: { action: core.noop, next: [{ do: j }] }
  j: { join: 2, action: core.noop }
`);
    expect(g.startTasks()).toEqual(['a', 'b', 'c']);
    expect(g.barrier('j')).toBe(2);
    expect(g.requirement('j')).toBe(2);
    expect(g.isSplit('j')).toBe(false);
  });

  it('leaves out tasks no start task reaches and transitions to undefined tasks', () => {
    const g = graphOf(`
  a: { action: core.noop, next: [{ do: missing }] }
  x: { action: core.noop, next: [{ do: y }] }
  y: { action: core.noop, next: [{ do: x }] }
`);
    expect(g.tasks()).toEqual(['a']);
    expect(g.outbound('a')).toEqual([]);
    expect(g.hasTask('x')).toBe(false);
  });
});

describe('cyclicNodes', () => {
  it('finds self-loops and strongly connected groups, also on long chains', () => {
    const next: Record<string, string[]> = { a: ['b'], b: ['c'], c: ['a', 'd'], d: ['d'], e: [] };
    expect([...cyclicNodes(Object.keys(next), (n) => next[n] ?? [])].sort()).toEqual(['a', 'b', 'c', 'd']);
    const chain = Array.from({ length: 20000 }, (_, i) => `t${i}`);
    const long = cyclicNodes(chain, (n) => {
      const i = Number(n.slice(1));
      return i + 1 < chain.length ? [`t${i + 1}`] : ['t0'];
    });
    expect(long.size).toBe(20000);
  });
});
