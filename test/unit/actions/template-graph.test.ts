import { describe, expect, it } from 'vitest';
import { findTemplateReferences, orderByDependencies } from '../../../src/actions/parameters/index.js';

describe('findTemplateReferences', () => {
  const cases: [string, string[], string[]][] = [
    ['echo {{message}}', ['message'], []],
    ['{{ st2kv.system.key | decrypt_kv }}', ['st2kv'], []],
    ['{{ a.b.c }} and {{ d["e"] }}', ['a', 'd'], []],
    ['{{ x | default(y) | replace("z", w) }}', ['x', 'y', 'w'], []],
    ['{{ "count" ~ \'n\' }}', [], []],
    ['{{ x is defined and x is not none }}', ['x'], []],
    ['{{ fmt(indent=level) }}', ['fmt', 'level'], []],
    ['{% if flag %}{{ yes_text }}{% else %}no{% endif %}', ['flag', 'yes_text'], []],
    ['{% for host in hosts %}{{ host }}:{{ port }}{% endfor %}', ['hosts', 'host', 'port'], ['host']],
    ['{% set total = a + b %}{{ total }}', ['a', 'b', 'total'], ['total']],
    ['{%- if a -%}{{- b -}}{%- endif -%}', ['a', 'b'], []],
    ['{# {{ commented }} #}{% raw %}{{ raw_text }}{% endraw %}{{ real }}', ['real'], []],
    ['{{ loop.index }} {{ true }} {{ None }}', [], []],
    ['no markers here', [], []],
    ["docker ps --format '{{.Names}}'", [], []],
  ];
  it.each(cases)('%j reads %j', (template, names, declared) => {
    const refs = findTemplateReferences(template);
    expect([...refs.names].sort()).toEqual([...names].sort());
    expect([...refs.declared].sort()).toEqual([...declared].sort());
  });
});

describe('orderByDependencies', () => {
  const graph = (entries: Record<string, string[]>) => new Map(Object.entries(entries).map(([k, v]) => [k, new Set(v)]));

  it('puts each name after what it reads and keeps the given order otherwise', () => {
    const result = orderByDependencies(graph({ cmd: ['greeting'], greeting: ['name'], name: [], other: [] }));
    expect(result.order).toEqual(['name', 'greeting', 'cmd', 'other']);
    expect(result.cycles).toEqual([]);
    expect(result.blocked.size).toBe(0);
  });

  it('ignores dependencies on names outside the graph', () => {
    expect(orderByDependencies(graph({ a: ['st2kv', 'b'], b: ['action_context'] })).order).toEqual(['b', 'a']);
  });

  it('reports each cycle once with its path, and what depends on it', () => {
    const result = orderByDependencies(graph({ a: ['b'], b: ['c'], c: ['a'], d: ['a'], e: [], self: ['self'] }));
    expect(result.order).toEqual(['e']);
    expect(result.cycles).toEqual([['a', 'b', 'c', 'a'], ['self', 'self']]);
    expect([...result.blocked]).toEqual([['d', 'a']]);
  });
});
