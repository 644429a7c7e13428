import { describe, expect, it } from 'vitest';
import { SquallError } from '../../../src/errors/index.js';
import { JinjaRenderer, tuple } from '../../../src/expressions/jinja.js';
import { LruCache } from '../../../src/expressions/template-cache.js';

const r = new JinjaRenderer();

function fails(fn: () => unknown): SquallError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SquallError);
    return err as SquallError;
  }
  throw new Error('expected a SquallError');
}

describe('JinjaRenderer.render: values as Python prints them', () => {
  const ctx = { flag: true, off: false, nothing: null, list: ['a', 1], dict: { k: 'v', n: null }, ratio: 0.5, big: 1e21, tiny: 1.5e-7 };

  it('interpolates booleans, None, lists, dicts and tuples the way str() writes them', () => {
    expect(r.render('{{ flag }} {{ off }} {{ nothing }}', ctx)).toBe('True False None');
    expect(r.render('{{ list }} {{ dict }}', ctx)).toBe("['a', 1] {'k': 'v', 'n': None}");
    expect(r.render('{{ dict.items() | list }} {{ (1,) }} {{ (1, "x") }}', ctx)).toBe("[('k', 'v'), ('n', None)] (1,) (1, 'x')");
    expect(r.render("{{ [\"it's\", 'say \"hi\"'] }}", ctx)).toBe(`["it's", 'say "hi"']`);
  });

  it('writes floats with Python repr rules', () => {
    expect(r.render('{{ ratio }} {{ 10 / 4 }} {{ big }} {{ tiny }} {{ 0.1 + 0.2 }}', ctx)).toBe('0.5 2.5 1e+21 1.5e-07 0.30000000000000004');
  });

  it('does not autoescape', () => {
    expect(r.render('{{ s }}', { s: '<b>&"' })).toBe('<b>&"');
  });

  it('passes text without template markers through, dropping one trailing newline as Jinja2 does', () => {
    expect(r.render('plain text', {})).toBe('plain text');
    expect(r.render('echo {{ x }}\n', { x: 1 })).toBe('echo 1');
    expect(r.render('a\r\nb {{ x }}', { x: 2 })).toBe('a\nb 2');
    expect(r.isTemplate('a {{ b }}')).toBe(true);
    expect(r.isTemplate('a {% if x %}{% endif %}')).toBe(true);
    expect(r.isTemplate('{# note #}')).toBe(true);
    expect(r.isTemplate('a { b } %')).toBe(false);
  });

  it('applies trim_blocks and lstrip_blocks', () => {
    const tpl = 'hosts:\n  {% for h in hosts %}\n  - {{ h }}\n  {% endfor %}\ndone\n';
    expect(r.render(tpl, { hosts: ['a', 'b'] })).toBe('hosts:\n  - a\n  - b\ndone');
    expect(r.render('{{- "a" -}}   {{ "b" }}', {})).toBe('ab');
  });
});

describe('JinjaRenderer.render: Jinja2 semantics', () => {
  it('evaluates operators with Python rules and Jinja2 precedence', () => {
    expect(r.render('{{ 2 * 3 % 4 }} {{ 7 // 2 }} {{ -7 // 2 }} {{ -7 % 3 }} {{ 2 ** 3 }}', {})).toBe('2 3 -4 2 8');
    expect(r.render('{{ "a" ~ 1 ~ none }} {{ [1] + [2] }} {{ "ab" * 2 }}', {})).toBe("a1None [1, 2] abab");
    expect(r.render('{{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }} {{ "b" in "abc" }} {{ 4 not in [1, 2] }}', {})).toBe('True False True True');
    expect(r.render('{{ [] or "empty" }} {{ {} and 1 }} {{ "x" if [] else "y" }}', {})).toBe('empty {} y');
    expect(r.render('{{ [1, 2] == [1, 2] }} {{ {"a": 1} == {"a": 1} }} {{ 1 == true }} {{ "1" == 1 }}', {})).toBe('True True True False');
    expect(fails(() => r.render('{{ "a" + 1 }}', {})).message).toMatch(/TypeError: can only concatenate str/);
    expect(fails(() => r.render('{{ 1 / 0 }}', {})).message).toMatch(/ZeroDivisionError/);
    expect(fails(() => r.render('{{ "a" < 1 }}', {})).message).toMatch(/'<' not supported between instances of 'str' and 'int'/);
  });

  it('supports Python methods, slices and indexes', () => {
    const ctx = { s: 'a,b,,c', name: 'Web-01', hosts: [{ n: 'x' }, { n: 'y' }], d: { k: 1 } };
    expect(r.render('{{ s.split(",") }} {{ name.lower().startswith("web") }} {{ "  x ".strip() }}', ctx)).toBe("['a', 'b', '', 'c'] True x");
    expect(r.render('{{ d.get("k") }} {{ d.get("z", "dflt") }} {{ d.keys() | list }} {{ "{}-{:>3}".format("a", 7) }}', ctx)).toBe("1 dflt ['k'] a-  7");
    expect(r.render('{{ s[2:] }} {{ s[::-1] }} {{ hosts[-1].n }} {{ hosts.0.n }} {{ [1, 2, 3][1:] }}', ctx)).toBe("b,,c c,,b,a y x [2, 3]");
    expect(r.render("{{ '%s=%05.1f' % ('x', 2.5) }} {{ '%(k)s' % d }}", ctx)).toBe('x=002.5 1');
  });

  it('keeps Python string escapes (a regex in a literal keeps its backslash)', () => {
    expect(r.render("{{ '\\d+' }}|{{ 'a\\nb' }}|{{ 'it\\'s' }}|{{ '\\x41\\u00e9' }}", {})).toBe('\\d+|a\nb|it\'s|Aé');
  });

  it('parses nested dict literals, trailing commas and one-element tuples', () => {
    expect(r.render("{% set x = {'a': {'b': {'c': 1}}} %}{{ x.a.b.c }}", {})).toBe('1');
    expect(r.render("{{ {'a': {'b': 1}} }} tail", {})).toBe("{'a': {'b': 1}} tail");
    expect(r.render('{{ [1, 2,] }} {{ {"k": 1,} }} {{ (1,) | length }}', {})).toBe("[1, 2] {'k': 1} 1");
  });

  it('runs for loops with loop variables, loop filters, else, unpacking and per-iteration scope', () => {
    const items = [{ n: 'a', up: true }, { n: 'b', up: false }, { n: 'c', up: true }];
    expect(r.render('{% for i in items if i.up %}{{ loop.index }}/{{ loop.length }}:{{ i.n }}{{ "," if not loop.last }}{% endfor %}', { items })).toBe('1/2:a,2/2:c');
    expect(r.render('{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}', { d: { x: 1, y: 2 } })).toBe('x=1;y=2;');
    expect(r.render('{% for x in [] %}x{% else %}none{% endfor %}', {})).toBe('none');
    expect(r.render('{% set n = 1 %}{% for i in [1, 2] %}{% set n = i * 10 %}{% endfor %}{{ n }}', {})).toBe('1');
    expect(r.render('{% for c in "ab" %}{{ loop.cycle("x", "y") }}{{ c }}{% endfor %}', {})).toBe('xayb');
  });

  it('runs macros, call blocks, set blocks and filter blocks', () => {
    const tpl = '{% macro greet(name, greeting="Hi") %}{{ greeting }}, {{ name }}!{% endmacro %}{{ greet("Bob") }} {{ greet("Al", greeting="Yo") }}';
    expect(r.render(tpl, {})).toBe('Hi, Bob! Yo, Al!');
    expect(r.render('{% macro box() %}[{{ caller() }}]{% endmacro %}{% call box() %}in{% endcall %}', {})).toBe('[in]');
    expect(r.render('{% set x %}v={{ 1 + 1 }}{% endset %}{{ x | upper }}', {})).toBe('V=2');
    expect(r.render('{% filter upper %}hello {{ who }}{% endfilter %}', { who: 'bob' })).toBe('HELLO BOB');
  });

  it('uses caller-supplied globals for one render only', () => {
    const globals = { ctx: (k?: string) => (k ? { a: 1 }[k] : { a: 1 }), zip: (...l: unknown[][]) => l[0]?.map((x, i) => tuple(x, l[1]?.[i])) };
    expect(r.render("{{ ctx('a') }} {{ ctx().a }} {{ zip([1, 2], ['x', 'y']) }}", {}, { globals })).toBe("1 1 [(1, 'x'), (2, 'y')]");
    expect(fails(() => r.render('{{ ctx() }}', {})).message).toMatch(/'ctx' is undefined/);
  });
});

describe('undefined values and errors', () => {
  it('fails on undefined names, keys and indexes (StrictUndefined), naming the template and line', () => {
    const e = fails(() => r.render('a\nb\n{{ trigger.missing }}', { trigger: {} }));
    expect(e.code).toBe('TEMPLATE_ERROR');
    expect(e.message).toContain('"a\\nb\\n{{ trigger.missing }}"');
    expect(e.message).toContain("'dict object' has no attribute 'missing'");
    expect(e.message).toContain('(line 3)');
    expect(e.details[0]?.line).toBe(3);
    expect(fails(() => r.render('{{ hosts[5] }}', { hosts: [] })).message).toContain('list object has no element 5');
    expect(fails(() => r.render('{% if nope %}x{% endif %}', {})).message).toContain("'nope' is undefined");
    expect(fails(() => r.render('{{ nope | lower }}', {})).message).toContain("'nope' is undefined");
  });

  it('lets `is defined`, `default` and type tests look at an undefined value', () => {
    expect(r.render('{{ x is defined }} {{ x is undefined }} {{ x | default("d") }} {{ x is string }}', {})).toBe('False True d False');
    expect(r.render('{{ "" | default("d", true) }} {{ none | default("d") }}', {})).toBe('d None');
  });

  it('renders undefined as "" in lenient mode (alias result formatting)', () => {
    const out = r.render('[{{ missing }}|{{ missing.deeper }}|{{ result.x | default("d") }}|{% if missing %}y{% else %}n{% endif %}]', { result: {} }, { lenient: true });
    expect(out).toBe('[||d|n]');
  });

  it('reports syntax errors with their line', () => {
    const e = fails(() => r.render('line one\n{% if x %}\n{{ x + }}\n{% endif %}', { x: 1 }));
    expect(e.code).toBe('TEMPLATE_ERROR');
    expect(e.message).toMatch(/TemplateSyntaxError/);
    expect(e.details[0]?.line).toBe(3);
    expect(fails(() => r.render('{% for x in y %}', {})).code).toBe('TEMPLATE_ERROR');
    expect(fails(() => r.render('{{ x | no_such_filter }}', { x: 1 })).message).toContain("No filter named 'no_such_filter'");
    expect(fails(() => r.render("{% include 'other.j2' %}", {})).message).toContain('not supported');
  });

  it('bounds loops, recursion, ranges and repetition', () => {
    const small = new JinjaRenderer({ limits: { maxLoopIterations: 50 } });
    expect(fails(() => small.render('{% for i in range(10) %}{% for j in range(10) %}.{% endfor %}{% endfor %}', {})).message).toMatch(/exceeded 50 loop iterations/);
    expect(fails(() => r.render('{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}', {})).message).toMatch(/RecursionError/);
    expect(fails(() => r.render('{{ range(1000000) | length }}', {})).message).toMatch(/Range too big/);
    expect(fails(() => r.render("{{ 'x' * 100000000 }}", {})).message).toMatch(/MemoryError/);
    expect(fails(() => r.render("{{ '%999999999s' % 'x' }}", {})).message).toMatch(/MemoryError/);
  });
});

describe('JinjaRenderer.renderTyped (rule criteria patterns)', () => {
  const ctx = { trigger: { int: 42, list: [1, 'a'], flag: false, name: 'web', none: null } };

  it('returns JSON-typed values for expressions', () => {
    expect(r.renderTyped('{{ trigger.int }}', ctx)).toBe(42);
    expect(r.renderTyped('{{ trigger.list }}', ctx)).toEqual([1, 'a']);
    expect(r.renderTyped('{{ trigger.flag }}', ctx)).toBe(false);
    expect(r.renderTyped('{{ trigger.none }}', ctx)).toBeNull();
    expect(r.renderTyped('{{ trigger.name }}', ctx)).toBe('web');
    expect(r.renderTyped('{{ trigger.int > 40 or trigger.flag }}', ctx)).toBe(true);
    expect(r.renderTyped('[{{ trigger.int }}, {{ trigger.name }}]', ctx)).toEqual([42, 'web']);
  });

  it('falls back to plain rendering when the output is not JSON, and leaves plain text alone', () => {
    expect(r.renderTyped('host-{{ trigger.name }}', ctx)).toBe('host-web');
    expect(r.renderTyped('{{ trigger.name }} {{ trigger.int }}', ctx)).toBe('web 42');
    expect(r.renderTyped('plain 42', ctx)).toBe('plain 42');
    expect(r.renderTyped('{% if trigger.int %}7{% endif %}', ctx)).toBe(7);
  });

  it('still fails on undefined values', () => {
    expect(fails(() => r.renderTyped('{{ trigger.nope }}', ctx)).code).toBe('TEMPLATE_ERROR');
  });
});

describe('JinjaRenderer.evaluate (Orquesta values)', () => {
  const ctx = { hosts: ['a', 'b'], n: 3, d: { k: [1, 2] } };

  it('yields the typed value of a text that is exactly one expression', () => {
    expect(r.evaluate('{{ hosts }}', ctx)).toEqual(['a', 'b']);
    expect(r.evaluate('{{ d.items() | list }}', ctx)).toEqual([['k', [1, 2]]]);
    expect(r.evaluate('{{ n * 2 }}', ctx)).toBe(6);
    expect(r.evaluate('{{ none }}', ctx)).toBeNull();
  });

  it('writes each value Python-style when the text holds more than the expression', () => {
    expect(r.evaluate('hosts: {{ hosts }} ({{ n > 2 }})', ctx)).toBe("hosts: ['a', 'b'] (True)");
    expect(r.evaluate('{% set x = n * 2 %}{{ x }}', ctx)).toBe('6');
    expect(r.evaluate('no markers', ctx)).toBe('no markers');
    expect(() => r.evaluate('{{ hosts[9] }}', ctx)).toThrow(/list object has no element 9/);
  });
});

describe('template cache', () => {
  it('evicts the least recently used entry', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.size).toBe(2);
  });

  it('renders a repeated criteria pattern quickly', () => {
    const start = performance.now();
    for (let i = 0; i < 5000; i++) r.renderTyped('{{ trigger.body.count + 1 }}', { trigger: { body: { count: i } } });
    expect(r.renderTyped('{{ trigger.body.count + 1 }}', { trigger: { body: { count: 1 } } })).toBe(2);
    expect(performance.now() - start).toBeLessThan(3000);
  });
});
