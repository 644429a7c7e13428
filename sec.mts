import { JinjaRenderer } from './src/expressions/jinja.js';
const r = new JinjaRenderer();
const payloads = [
  "{{ ''.constructor.constructor('return process')() }}",
  "{{ range.constructor(\"return global.process.mainModule.require('child_process').execSync('id')\")() }}",
  "{{ cycler.constructor('globalThis.pwned = 1')() }}",
  "{{ joiner.constructor('globalThis.pwned = 1')() }}",
  "{{ cycler('a').next.constructor('globalThis.pwned = 1')() }}",
  "{{ x.__proto__ }}", "{{ x['__proto__'] }}", "{{ x.prototype }}", "{{ x.__defineGetter__ }}", "{{ x.__lookupGetter__('a') }}",
  "{{ [].__proto__.pwned }}", "{{ {}.constructor }}", "{{ (1).constructor }}",
  "{{ constructor }}", "{{ __proto__ }}", "{% set constructor = 1 %}", "{% set x = {'__proto__': {'pwned': 1}} %}{{ x }}",
  "{{ range.impl }}", "{{ range.call }}", "{{ range.apply }}", "{{ fn.call }}", "{{ fn.constructor }}",
  "{% macro m() %}{% endmacro %}{{ m.constructor }}", "{% for i in [1] %}{{ loop.cycle.constructor }}{% endfor %}",
  "{{ x.toString() }}", "{{ x.valueOf }}", "{{ x.hasOwnProperty('a') }}", "{{ 'a'.toString }}", "{{ [].map }}", "{{ 'abc'.sub }}",
  "{{ process }}", "{{ global }}", "{{ globalThis }}", "{{ this }}", "{{ require }}",
  "{{ r/a/g.constructor }}", "{{ '{0.__class__}'.format(x) }}", "{{ '{0.constructor}'.format(x) }}", "{{ '%(constructor)s' % x }}",
  "{{ dict(__proto__=1) }}", "{{ x | attr('constructor') }}", "{{ [x] | map(attribute='constructor') | list }}", "{{ [x] | map(attribute='__proto__') | list }}",
  "{{ st2kv.system.constructor }}", "{{ x[\"\\\");globalThis.pwned=1;//\"] }}", "{{ x.a.__class__.__mro__ }}",
];
for (const p of payloads) {
  try { const out = r.render(p, { x: { a: 1 }, fn: () => 1, st2kv: r.kvContext() }); console.log('OK   ', p, '=>', JSON.stringify(out)); }
  catch (e) { console.log((e as any).code ?? (e as Error).name, p, '|', (e as Error).message.slice(-70)); }
}
console.log('pwned:', (globalThis as any).pwned, ({} as any).pwned, ([] as any).pwned);
