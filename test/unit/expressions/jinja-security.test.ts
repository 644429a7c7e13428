import { afterEach, describe, expect, it } from 'vitest';
import { SquallError } from '../../../src/errors/index.js';
import { JinjaRenderer } from '../../../src/expressions/jinja.js';

const r = new JinjaRenderer();
const g = globalThis as Record<string, unknown>;

/** Known template-injection payloads for nunjucks and Jinja2; each tries to run code or read the process. */
const ESCAPES = [
  "{{ range.constructor(\"return global.process.mainModule.require('child_process').execSync('id')\")() }}",
  "{{ range.constructor('globalThis.__pwned = process.env')() }}",
  "{{ cycler.constructor('globalThis.__pwned = 1')() }}",
  "{{ joiner.constructor('globalThis.__pwned = 1')() }}",
  "{{ cycler('a').next.constructor('globalThis.__pwned = 1')() }}",
  "{{ ''.constructor.constructor('globalThis.__pwned = 1')() }}",
  "{{ ''.toString.constructor.call(null, 'globalThis.__pwned = 1')() }}",
  "{{ [].map.constructor('globalThis.__pwned = 1')() }}",
  "{{ {}.constructor.assign({}.__proto__, {'__pwned': 1}) }}",
  "{{ x.__proto__.__pwned }}",
  "{{ x['__proto__']['constructor']['constructor']('globalThis.__pwned = 1')() }}",
  "{{ x.__defineGetter__('a', range) }}",
  "{{ x.__lookupGetter__('__proto__') }}",
  "{{ fn.constructor('globalThis.__pwned = 1')() }}",
  "{{ fn.call.call(fn) }}",
  '{% macro m() %}{% endmacro %}{{ m.constructor("globalThis.__pwned = 1")() }}',
  '{% for i in [1] %}{{ loop.cycle.constructor("globalThis.__pwned = 1")() }}{% endfor %}',
  "{{ st2kv.system.constructor('globalThis.__pwned = 1')() }}",
  "{{ x.a.__class__.__mro__[1].__subclasses__() }}",
  "{{ self.__init__.__globals__ }}",
  "{{ lipsum.__globals__['os'].popen('id').read() }}",
  '{{ x["\\");globalThis.__pwned=1;//"] }}',
  "{{ r/x/.constructor }}",
  "{% set constructor = 1 %}{{ constructor }}",
  "{% set x = {'__proto__': {'__pwned': 1}} %}{{ x }}",
  "{{ dict(__proto__={'__pwned': 1}) }}",
  "{{ [x] | map(attribute='constructor') | list }}",
  "{{ x | attr('__proto__') }}",
  "{{ '{0.__class__}'.format(x) }}",
  "{{ process.env }}",
  "{{ globalThis }}",
  "{{ this }}",
  '{{ require("child_process") }}',
];

describe('template sandbox', () => {
  afterEach(() => {
    delete g['__pwned'];
  });

  it.each(ESCAPES)('refuses %s without running code or leaking', (payload) => {
    let out: string | undefined;
    let error: unknown;
    try {
      out = r.render(payload, { x: { a: 1 }, fn: () => 'called', st2kv: r.kvContext() });
    } catch (err) {
      error = err;
    }
    expect(g['__pwned']).toBeUndefined();
    expect(({} as Record<string, unknown>)['__pwned']).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>)['__pwned']).toBeUndefined();
    expect(error).toBeInstanceOf(SquallError);
    expect(['TEMPLATE_UNSAFE', 'TEMPLATE_ERROR']).toContain((error as SquallError).code);
    expect(out).toBeUndefined();
  });

  it('names JavaScript internals as TEMPLATE_UNSAFE', () => {
    for (const t of ['{{ x.constructor }}', '{{ x.__proto__ }}', '{{ x.prototype }}', '{{ x.__defineGetter__ }}', "{{ x['constructor'] }}", '{{ range.constructor }}', '{{ cycler.constructor }}', '{{ joiner.constructor }}', "{{ ''.constructor }}", '{{ __proto__ }}', '{{ fn.apply }}']) {
      expect(() => r.render(t, { x: {}, fn: () => 1 }), t).toThrowError(expect.objectContaining({ code: 'TEMPLATE_UNSAFE' }));
    }
  });

  it('exposes no JavaScript prototype methods, only the Python ones', () => {
    for (const t of ['{{ x.toString }}', '{{ x.hasOwnProperty }}', '{{ x.valueOf }}', "{{ 'a'.charAt }}", '{{ [].push }}', '{{ hosts.length }}', '{{ range.call }}']) {
      expect(() => r.render(t, { x: {}, hosts: [1] }), t).toThrowError(expect.objectContaining({ code: 'TEMPLATE_ERROR' }));
    }
    expect(r.render("{{ 'a-b'.split('-') }} {{ x.items() | list }}", { x: { k: 1 } })).toBe("['a', 'b'] [('k', 1)]");
  });

  it('treats a JSON key named __proto__ as data the template cannot reach, and never mutates the context', () => {
    const payload = JSON.parse('{"__proto__": {"polluted": true}, "ok": [1]}') as Record<string, unknown>;
    const before = JSON.stringify(payload);
    expect(r.render('{{ p.ok }} {{ p | tojson }}', { p: payload })).toBe('[1] {"__proto__": {"polluted": true}, "ok": [1]}');
    expect(() => r.render('{{ p.__proto__.polluted }}', { p: payload })).toThrowError(expect.objectContaining({ code: 'TEMPLATE_UNSAFE' }));
    expect(r.render('{{ p.ok.copy() + [2] }} {{ p.ok }}', { p: payload })).toBe('[1, 2] [1]');
    expect(JSON.stringify(payload)).toBe(before);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('calls functions the caller supplied, but only with template values', () => {
    const seen: unknown[] = [];
    const out = r.render('{{ record(1, "a", [2]) }}', {}, { globals: { record: (...args: unknown[]) => (seen.push(args), 'ok') } });
    expect(out).toBe('ok');
    expect(seen).toEqual([[1, 'a', [2]]]);
  });
});
