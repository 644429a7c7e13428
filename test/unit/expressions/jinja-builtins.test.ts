import { describe, expect, it } from 'vitest';
import { JinjaRenderer } from '../../../src/expressions/jinja.js';

const r = new JinjaRenderer();
const render = (tpl: string, ctx: Record<string, unknown> = {}): string => r.render(tpl, ctx);
const items = [{ n: 'b', v: 2, up: true }, { n: 'A', v: 1, up: false }, { n: 'c', v: 3, up: true }];

describe('Jinja2 built-in filters', () => {
  it('text filters', () => {
    expect(render("{{ 'hello world-wide' | title }} {{ 'hELLO' | capitalize }} {{ 'Ab' | lower }}{{ 'ab' | upper }}")).toBe('Hello World-Wide Hello abAB');
    expect(render("[{{ '  x  ' | trim }}] [{{ 'xxaxx' | trim('x') }}] [{{ 'abc' | center(9) }}]")).toBe('[x] [a] [   abc   ]');
    expect(render("{{ 'a\\nb' | indent(2) }}|{{ 'a\\nb' | indent(2, true) }}")).toBe('a\n  b|  a\n  b');
    expect(render("{{ 'a long sentence here' | truncate(9, leeway=0) }} {{ 'abcdefghij' | truncate(5, true, leeway=0) }}")).toBe('a... ab...');
    expect(render("{{ 'ab ab' | replace('a', 'x') }} {{ 'aaa' | replace('a', 'b', 2) }} {{ 'one two  three' | wordcount }}")).toBe('xb xb bba 3');
    expect(render("{{ '<a href=x>T</a> &amp; x' | striptags }} {{ '<&\"\\'' | e }}")).toBe('T & x &lt;&amp;&#34;&#39;');
    expect(render("{{ 'a b/c' | urlencode }} {{ {'q': 'a b'} | urlencode }}")).toBe('a%20b/c q=a+b');
    expect(render("{{ '%s-%d' | format('a', 3) }} {{ '%(x)s' | format(x=1) }} {{ 1500 | filesizeformat }} {{ 2048 | filesizeformat(true) }}")).toBe('a-3 1 1.5 kB 2.0 KiB');
    expect(render("{{ 'abc def' | wordwrap(3) }}")).toBe('abc\ndef');
  });

  it('number filters with Python results', () => {
    expect(render("{{ '42' | int }} {{ '3.9' | int }} {{ 'x' | int }} {{ 'x' | int(7) }} {{ '0x1f' | int(base=16) }} {{ 3.9 | int }}")).toBe('42 3 0 7 31 3');
    expect(render("{{ '2.5' | float }} {{ 'x' | float }} {{ -3 | abs }} {{ 2.5 | round }} {{ 3.5 | round }} {{ 2.675 | round(2) }} {{ 0.125 | round(2) }}")).toBe('2.5 0 3 2 4 2.67 0.12');
    expect(render("{{ 3.2 | round(method='ceil') }} {{ 3.8 | round(method='floor') }} {{ 1234 | round(-2) }}")).toBe('4 3 1200');
  });

  it('sequence filters', () => {
    const ctx = { items, d: { b: 1, A: 2 } };
    expect(render("{{ items | map(attribute='n') | join(',') }} {{ items | sort(attribute='n') | map(attribute='n') | list }}", ctx)).toBe("b,A,c ['A', 'b', 'c']");
    expect(render("{{ items | sort(attribute='v', reverse=true) | map(attribute='v') | list }} {{ ['b', 'A'] | sort(case_sensitive=true) }}", ctx)).toBe("[3, 2, 1] ['A', 'b']");
    expect(render("{{ items | selectattr('up') | map(attribute='n') | list }} {{ items | rejectattr('v', 'gt', 1) | map(attribute='n') | list }}", ctx)).toBe("['b', 'c'] ['A']");
    expect(render("{{ [1, 2, 3, 4] | select('odd') | list }} {{ [1, 2, 3] | reject('equalto', 2) | list }} {{ ['a', 'b'] | map('upper') | list }}", ctx)).toBe('[1, 3] [1, 3] [\'A\', \'B\']');
    expect(render("{{ [3, 1, 2] | max }} {{ ['b', 'A', 'c'] | min }} {{ items | max(attribute='v') | attr('n') }} {{ [1, 2, 3] | sum }} {{ items | sum(attribute='v') }}", ctx)).toBe('3 A c 6 6');
    expect(render("{{ ['a', 'A', 'b', 'a'] | unique | list }} {{ [1, 2] | first }} {{ 'xy' | last }} {{ [] | first is undefined }}", ctx)).toBe("['a', 'b'] 1 y True");
    expect(render("{{ d | dictsort }} {{ d | dictsort(by='value', reverse=true) }} {{ d | items | list }}", ctx)).toBe("[('A', 2), ('b', 1)] [('A', 2), ('b', 1)] [('b', 1), ('A', 2)]");
    expect(render("{% for g in items | groupby('up') %}{{ g.grouper }}:{{ g.list | map(attribute='n') | join('') }};{% endfor %}", ctx)).toBe('False:A;True:bc;');
    expect(render("{{ [1, 2, 3, 4, 5] | batch(2, 0) | list }} {{ [1, 2, 3, 4, 5] | slice(2) | list }} {{ 'ab' | reverse }} {{ [1, 2] | reverse | list }}", ctx)).toBe('[[1, 2], [3, 4], [5, 0]] [[1, 2, 3], [4, 5]] ba [2, 1]');
    expect(render("{{ d | length }} {{ 'abc' | count }} {{ d | list }} {{ 'ab' | list }} {{ d | tojson }} {{ ['<'] | tojson }}", ctx)).toBe('2 3 [\'b\', \'A\'] [\'a\', \'b\'] {"A": 2, "b": 1} ["\\u003c"]');
    expect(render('{{ [1, 2, 3] | random in [1, 2, 3] }}')).toBe('True');
    expect(() => render("{{ [{'a': 1}] | unique | list }}")).toThrow(/unhashable type: 'dict'/);
  });
});

describe('Jinja2 built-in tests and globals', () => {
  it('tests', () => {
    expect(render('{{ 3 is odd }} {{ 4 is even }} {{ 9 is divisibleby 3 }} {{ 9 is divisibleby(4) }} {{ none is none }} {{ true is number }} {{ 2.5 is float }} {{ 2 is integer }}')).toBe('True True True False True True True True');
    expect(render("{{ 'ab' is lower }} {{ 'AB' is upper }} {{ {} is mapping }} {{ [] is sequence }} {{ 'x' is iterable }} {{ range is callable }} {{ 2 is in [1, 2] }} {{ 1 is sameas true }}")).toBe('True True True True True True True False');
    expect(render("{{ 1 is eq 1 }} {{ 1 is ne 1 }} {{ 2 is gt 1 }} {{ 2 is lessthan 1 }} {{ 'upper' is filter }} {{ 'odd' is test }} {{ x is not defined }}")).toBe('True False True False True True True');
  });

  it('globals: range, dict, cycler, joiner', () => {
    expect(render('{{ range(3) }} {{ range(1, 10, 4) }} {{ range(3, 0, -1) }} {{ dict(a=1, b="x") }}')).toBe("[0, 1, 2] [1, 5, 9] [3, 2, 1] {'a': 1, 'b': 'x'}");
    expect(render('{% set c = cycler("odd", "even") %}{% for i in range(3) %}{{ c.next() }} {% endfor %}{{ c.current }}')).toBe('odd even odd even');
    expect(render('{% set j = joiner("|") %}{% for i in range(3) %}{{ j() }}{{ i }}{% endfor %}')).toBe('0|1|2');
  });

  it('Python string and container methods', () => {
    expect(render("{{ 'a b  c'.split() }} {{ 'a,b,c'.split(',', 1) }} {{ 'a b c'.rsplit(None, 1) }} {{ 'x\\ny\\n'.splitlines() }}")).toBe("['a', 'b', 'c'] ['a', 'b,c'] ['a b', 'c'] ['x', 'y']");
    expect(render("{{ 'web-01'.title() }} {{ 'abc'.find('c') }} {{ 'abc'.replace('b', 'x') }} {{ '-'.join(['a', 'b']) }} {{ '42'.isdigit() }} {{ '7'.zfill(3) }}")).toBe('Web-01 2 axc a-b True 007');
    expect(render("{{ 'k=v'.partition('=') }} {{ 'abc'.endswith(('x', 'c')) }} {{ '{0}{1}{0}'.format('a', 'b') }} {{ '{n:>4}|{:.2f}'.format(3.14159, n='x') }}")).toBe("('k', '=', 'v') True aba    x|3.14");
    expect(render("{{ [1, 2, 2].count(2) }} {{ ['a', 'b'].index('b') }} {{ {'a': 1}.get('b') }} {{ {'a': 1}.values() | list }}")).toBe('2 1 None [1]');
    expect(() => render("{{ 'abc'.index('z') }}")).toThrow(/substring not found/);
  });
});
