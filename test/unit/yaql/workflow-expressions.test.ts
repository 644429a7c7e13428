import { describe, expect, it } from 'vitest';
import { JinjaRenderer } from '../../../src/expressions/jinja.js';
import {
  ExpressionError, NamedArgs, WORKFLOW_JINJA_FILTERS, createWorkflowExpressions, readNamedArgs, type ExpressionFunctions,
} from '../../../src/expressions/workflow-expressions.js';

const expressions = createWorkflowExpressions({ jinja: new JinjaRenderer({ filters: WORKFLOW_JINJA_FILTERS }) });
const CONTEXT = { name: 'web-01', count: 3, flag: true, none: null, hosts: ['a', 'b'], meta: { region: 'eu' } };
const evaluate = (value: unknown, functions?: ExpressionFunctions): unknown => expressions.evaluate(value, CONTEXT, functions);

function failure(value: unknown, functions?: ExpressionFunctions): ExpressionError {
  try {
    evaluate(value, functions);
  } catch (err) {
    if (err instanceof ExpressionError) return err;
    throw err;
  }
  throw new Error(`${JSON.stringify(value)} did not fail`);
}

describe('evaluate: types and text', () => {
  it('keeps the type of a value that is exactly one expression, in either language', () => {
    expect(evaluate('<% ctx().hosts %>')).toEqual(['a', 'b']);
    expect(evaluate('<% ctx().count > 2 %>')).toBe(true);
    expect(evaluate('{{ ctx().hosts }}')).toEqual(['a', 'b']);
    expect(evaluate('{{ ctx().count + 1 }}')).toBe(4);
  });

  it('writes each value as Python str() does when there is text around', () => {
    expect(evaluate('host <% ctx().flag %>/<% ctx().none %>/<% ctx().hosts %>')).toBe("host True/None/['a', 'b']");
    expect(evaluate('<% ctx().name %>/<% float(ctx().count) %>')).toBe('web-01/3.0');
    expect(evaluate('{{ ctx().name }} {{ ctx().meta }}')).toBe("web-01 {'region': 'eu'}");
  });

  it('evaluates lists and dicts item by item, keys included, and leaves other values alone', () => {
    expect(evaluate({ '<% ctx().name %>': ['<% ctx().count %>', 'x', 7, null], plain: true })).toEqual({ 'web-01': [3, 'x', 7, null], plain: true });
    expect(evaluate(5)).toBe(5);
    expect(evaluate('no expression here')).toBe('no expression here');
    expect(evaluate('<% multi\nline %>')).toBe('<% multi\nline %>');
  });

  it('renders texts with Jinja blocks whole, raw blocks as written', () => {
    expect(evaluate('{% if ctx().flag %}yes{% else %}no{% endif %}')).toBe('yes');
    expect(evaluate('{% raw %}{{ not rendered }}{% endraw %} {{ ctx().count }}')).toBe('{{ not rendered }} 3');
  });

  it('refuses a value that mixes YAQL and Jinja', () => {
    const err = failure('<% ctx().name %> {{ ctx().name }}');
    expect(err.message).toBe('Expression with multiple types is not supported.');
    expect(err.code).toBe('TEMPLATE_ERROR');
  });

  it('does not evaluate a string an expression returns', () => {
    expect(expressions.evaluate('<% ctx().t %>', { t: '<% ctx().secret %>' })).toBe('<% ctx().secret %>');
    expect(expressions.evaluate('{{ ctx().t }}', { t: '{{ 7 * 6 }}' })).toBe('{{ 7 * 6 }}');
  });
});

describe('evaluate: functions', () => {
  it("supplies ctx(), json() and zip() and StackStorm's functions in both languages", () => {
    expect(evaluate('<% ctx(count) %>')).toBe(3);
    expect(evaluate("{{ ctx('count') }}")).toBe(3);
    expect(evaluate('<% json(\'{"a": 1}\').a %>')).toBe(1);
    expect(evaluate('{{ json(\'{"a": 1}\').a }}')).toBe(1);
    expect(evaluate('<% zip(ctx().hosts, [1], pad => 0) %>')).toEqual([['a', 1], ['b', 0]]);
    expect(evaluate('{{ zip(ctx().hosts, [1], pad=0) }}')).toEqual([['a', 1], ['b', 0]]);
    expect(evaluate("<% basename('/x/y.txt') %>")).toBe('y.txt');
    expect(evaluate("{{ basename('/x/y.txt') }}")).toBe('y.txt');
    expect(evaluate('{{ \'{"a": [1]}\' | json }}')).toEqual({ a: [1] });
  });

  it("calls the caller's functions, with named arguments as a final NamedArgs", () => {
    const calls: unknown[][] = [];
    const task = (...args: unknown[]): unknown => {
      calls.push(args);
      return { result: { ok: true } };
    };
    expect(evaluate('<% task(t1, route => 2).result.ok %>', { task })).toBe(true);
    expect(evaluate("{{ task('t1', route=2).result.ok }}", { task })).toBe(true);
    expect(evaluate('<% task(t1).result %>', { task })).toEqual({ ok: true });
    expect(calls[0]?.[0]).toBe('t1');
    expect(readNamedArgs(calls[0]?.[1])).toEqual({ route: 2 });
    expect(readNamedArgs(calls[1]?.[1])).toEqual({ route: 2 });
    expect(calls[2]).toEqual(['t1']);
    expect(readNamedArgs('not named')).toBeUndefined();
    expect(new NamedArgs({ a: 1 }).values).toEqual({ a: 1 });
  });

  it('lets the caller replace ctx()', () => {
    expect(evaluate('<% ctx(x) %>', { ctx: (name: unknown) => `var ${String(name)}` })).toBe('var x');
    expect(evaluate('{{ ctx("x") }}', { ctx: (name: unknown) => `var ${String(name)}` })).toBe('var x');
  });
});

describe('evaluate: errors in Orquesta shapes', () => {
  it('names a missing key', () => {
    expect(failure('<% ctx().meta.missing %>').message).toBe("YaqlEvaluationException: Unable to resolve key 'missing' in expression '<% ctx().meta.missing %>' from context.");
  });

  it('names the exception and the expression that raised it', () => {
    const err = failure('x <% ctx().name %> <% ctx(items) %>');
    expect(err.message).toBe('YaqlEvaluationException: Unable to evaluate expression \'<% ctx(items) %>\'. VariableUndefinedError: The variable "items" is undefined.');
    expect(err.expression).toBe('<% ctx(items) %>');
    expect(failure("<% int('2.5') %>").message).toBe("YaqlEvaluationException: Unable to evaluate expression '<% int('2.5') %>'. ValueError: invalid literal for int() with base 10: '2.5");
    expect(failure('<% 1 + %>').message).toBe("YaqlEvaluationException: Unable to evaluate expression '<% 1 + %>'. YaqlGrammarException: Parse error: unexpected end of statement");
    expect(failure('{{ ctx().meta.missing + 1 }} z').message).toMatch(/^JinjaEvaluationException: Unable to evaluate expression '\{\{ ctx\(\)\.meta\.missing \+ 1 \}\}'\. UndefinedError: /);
  });

  it("reports a caller function's error with its kind", () => {
    const boom = (): never => {
      throw new RangeError('out of range');
    };
    expect(failure('<% boom() %>', { boom }).message).toBe("YaqlEvaluationException: Unable to evaluate expression '<% boom() %>'. RangeError: out of range");
  });
});

describe('validate, variables, isExpression', () => {
  it('reports each syntax error with its expression', () => {
    expect(expressions.validate({ a: '<% 1 + %> and <% ok %>', b: ['{{ 1 + }}'], '<% x y %>': 1 })).toEqual([
      { type: 'yaql', expression: '<% 1 + %>', message: 'Parse error: unexpected end of statement' },
      { type: 'jinja', expression: '{{ 1 + }}', message: expect.any(String) as unknown as string },
      { type: 'yaql', expression: '<% x y %>', message: "Parse error: unexpected 'y' at position 2 of expression 'x y'" },
    ]);
    expect(expressions.validate(['<% ctx().a %>', '{{ ctx().a }}', '{% if x %}y{% endif %}', 3])).toEqual([]);
  });

  it('finds the context variables a value reads', () => {
    const value = {
      a: '<% ctx(x) + ctx().y.z + ctx("w") + ctx()[\'v\'] %>',
      b: ['<% ctx().items.select($.n + ctx().k) %>', "{{ ctx().j + ctx('i') }}"],
      c: '<% ctx().get(notvar) %> <% broken( %>',
    };
    expect(expressions.variables(value)).toEqual(['i', 'items', 'j', 'k', 'v', 'w', 'x', 'y']);
  });

  it('tells values with expressions from plain ones', () => {
    expect(expressions.isExpression('<% 1 %>')).toBe(true);
    expect(expressions.isExpression(['a', { b: '{{ 1 }}' }])).toBe(true);
    expect(expressions.isExpression('{% raw %}x{% endraw %}')).toBe(true);
    expect(expressions.isExpression({ a: 'plain', b: 1 })).toBe(false);
    expect(expressions.isExpression('<% half')).toBe(false);
  });
});
