import { describe, expect, it } from 'vitest';
import { SquallError } from '../../../../src/errors/index.js';
import { isEngineCommand, parseWorkflow, specPathSegments } from '../../../../src/workflows/spec.js';
import { parseInlineParams } from '../../../../src/workflows/spec-inline.js';

const WORKFLOW = `version: 1.0
description: A sample.
input:
  - name
  - greeting: hello
vars:
  - count: 0
output:
  - result: <% ctx().count %>
tasks:
  task1:
    action: core.echo message="<% ctx().greeting %>, <% ctx().name %>" n=1 flag=true
    next:
      - when: <% succeeded() %>
        publish: count=<% ctx().count + 1 %> msg="done"
        do: task2, task3
      - when: <% failed() %>
        do:
          - cleanup
          - fail
  task2:
    action: core.noop
    retry:
      when: <% failed() %>
      count: 3
      delay: 1
    next:
      - publish:
          - a: 1
          - b: <% ctx().a %>
  task3:
    with: member, message in <% zip(ctx().xs, ctx().ys) %>
    action: core.echo
    input:
      message: <% item(member) %>
  cleanup:
    join: all
    delay: <% ctx().wait %>
    with:
      items: <% ctx().xs %>
      concurrency: 2
    action: core.noop
`;

describe('parseWorkflow', () => {
  const spec = parseWorkflow(WORKFLOW, 'wf.yaml');

  it('keeps the version as written and the top-level lists in order', () => {
    expect(spec.version).toBe('1.0');
    expect(spec.description).toBe('A sample.');
    expect(spec.input).toEqual([
      { name: 'name', hasDefault: false, specPath: 'input[0]' },
      { name: 'greeting', hasDefault: true, default: 'hello', specPath: 'input[1]' },
    ]);
    expect(spec.vars).toEqual([{ name: 'count', value: 0, specPath: 'vars[0]' }]);
    expect(spec.output.map((o) => o.name)).toEqual(['result']);
    expect([...spec.tasks.keys()]).toEqual(['task1', 'task2', 'task3', 'cleanup']);
  });

  it('splits the inline action form into a ref and typed input', () => {
    const t = spec.tasks.get('task1')!;
    expect(t.action).toBe('core.echo');
    expect(t.inlineInput).toBe(true);
    expect(t.input).toEqual({ message: '<% ctx().greeting %>, <% ctx().name %>', n: 1, flag: true });
  });

  it('parses inline publish in order and splits a comma do', () => {
    const [first, second] = spec.tasks.get('task1')!.next;
    expect(first!.publish).toEqual([
      { name: 'count', value: '<% ctx().count + 1 %>', specPath: 'tasks.task1.next[0].publish[0]' },
      { name: 'msg', value: 'done', specPath: 'tasks.task1.next[0].publish[1]' },
    ]);
    expect(first!.do).toEqual(['task2', 'task3']);
    expect(second!.do).toEqual(['cleanup', 'fail']);
    expect(second!.specPath).toBe('tasks.task1.next[1]');
  });

  it('fills a missing do with continue, as Orquesta does', () => {
    const t = spec.tasks.get('task2')!.next[0]!;
    expect(t.do).toEqual(['continue']);
    expect(t.doGiven).toBe(false);
    expect(t.when).toBeUndefined();
    expect(t.publish.map((p) => [p.name, p.value])).toEqual([['a', 1], ['b', '<% ctx().a %>']]);
  });

  it('reads retry, join, delay and both forms of with', () => {
    expect(spec.tasks.get('task2')!.retry).toEqual({ when: '<% failed() %>', count: 3, delay: 1, specPath: 'tasks.task2.retry' });
    const t3 = spec.tasks.get('task3')!;
    expect(t3.with).toEqual({ items: 'member, message in <% zip(ctx().xs, ctx().ys) %>', expression: '<% zip(ctx().xs, ctx().ys) %>', keys: ['member', 'message'], specPath: 'tasks.task3.with' });
    const c = spec.tasks.get('cleanup')!;
    expect(c.join).toBe('all');
    expect(c.delay).toBe('<% ctx().wait %>');
    expect(c.with).toEqual({ items: '<% ctx().xs %>', expression: '<% ctx().xs %>', concurrency: 2, specPath: 'tasks.cleanup.with' });
    expect(c.with!.keys).toBeUndefined();
  });

  it('gives the line of any spec path', () => {
    expect(spec.lineOf('tasks.task1.next[0].do')).toBe(16);
    expect(spec.lineOf('tasks.task1.next[1].do')).toBe(19);
    expect(spec.lineOf('vars[0]')).toBe(7);
    expect(spec.lineOf('tasks.cleanup')).toBe(37);
    expect(spec.scalarText?.('version')).toBe('1.0');
  });

  it('accepts parsed data and does not share it', () => {
    const data = { version: 1, tasks: { a: { action: 'core.noop', next: [{ do: 'b' }] }, b: { join: 2 } } };
    const s = parseWorkflow(data);
    expect(s.version).toBe('1.0');
    expect(s.tasks.get('b')!.join).toBe(2);
    expect(s.lineOf('tasks.a')).toBeUndefined();
    (s.data.tasks as Record<string, unknown>).a = null;
    expect(data.tasks.a).not.toBeNull();
  });

  it('is lenient with wrongly typed fields (inspection reports them)', () => {
    const s = parseWorkflow('version: 1.0\ntasks:\n  t:\n    action: [1]\n    next: {a: 1}\n    join: three\n    input: 5\n');
    const t = s.tasks.get('t')!;
    expect(t.action).toBeUndefined();
    expect(t.next).toEqual([]);
    expect(t.join).toBeUndefined();
    expect(t.input).toBeUndefined();
  });

  it('throws YAML_INVALID with lines on text that is not one YAML mapping', () => {
    const fail = (text: string): SquallError => {
      try {
        parseWorkflow(text, 'bad.yaml');
      } catch (err) {
        return err as SquallError;
      }
      throw new Error('no error');
    };
    const e = fail('version: 1.0\ntasks:\n  a: [1\n');
    expect(e).toBeInstanceOf(SquallError);
    expect(e.code).toBe('YAML_INVALID');
    expect(e.details[0]!.line).toBeGreaterThanOrEqual(3);
    expect(fail('- a\n- b\n').details[0]!.message).toMatch(/mapping/);
    expect(() => parseWorkflow([] as unknown as Record<string, unknown>)).toThrow(/mapping/);
  });
});

describe('spec helpers', () => {
  it('knows the engine commands', () => {
    expect(['continue', 'fail', 'noop', 'retry'].every(isEngineCommand)).toBe(true);
    expect(isEngineCommand('task1')).toBe(false);
  });

  it('splits spec paths', () => {
    expect(specPathSegments('tasks.task1.next[0].publish[2]')).toEqual(['tasks', 'task1', 'next', 0, 'publish', 2]);
    expect(specPathSegments('')).toEqual([]);
  });
});

describe('parseInlineParams', () => {
  it('reads every value form as Orquesta does', () => {
    const parsed = parseInlineParams(`a="x y" b='q' c=1 d=-2.5 e=TRUE f=false g=null h=[1, 2] i=<% ctx().x %> j={{ ctx().y }} k='{"z": 1}' bare=word`);
    expect(Object.fromEntries(parsed.map((p) => [p.key, p.value]))).toEqual({
      a: 'x y',
      b: 'q',
      c: 1,
      d: -2.5,
      e: true,
      f: false,
      g: null,
      h: [1, 2],
      i: '<% ctx().x %>',
      j: '{{ ctx().y }}',
      k: { z: 1 },
    });
  });

  it('keeps order and duplicates, and ignores text that is not a pair', () => {
    expect(parseInlineParams('x=1 some words y=2 x=3').map((p) => `${p.key}=${String(p.value)}`)).toEqual(['x=1', 'y=2', 'x=3']);
    expect(parseInlineParams('core.noop')).toEqual([]);
    expect(parseInlineParams('n=Null')).toEqual([{ key: 'n', value: 'Null' }]);
    // A list runs to the last bracket, and a quote anywhere in a value keeps it text.
    expect(parseInlineParams('l=["a"] m=[1]')).toEqual([{ key: 'l', value: '["a"] m=[1]' }]);
  });
});
