import { JinjaRenderer } from './src/expressions/jinja.js';
const r = new JinjaRenderer();
const ctx = { a: [1, 'x'], d: { k: 'v', n: null }, flag: true, s: 'Hello World', n: 3 };
const cases = [
  '{{ a }} {{ d }} {{ flag }} {{ none }}',
  '{{ s.upper() }} {{ s.split(" ") }} {{ d.items() | list }}',
  '{% for x in a %}[{{ x }}]{% endfor %}',
  '{{ a[1:] }} {{ s[::-1] }} {{ n * 2 + 1 }} {{ 7 // 2 }} {{ 7 / 2 }} {{ -7 % 3 }}',
  "{{ '%s-%05.1f' | format('x', 2.5) }} {{ '{}:{:>4}'.format('a', 7) }}",
  '{{ d | tojson }} {{ d | to_json_string }} {{ d | to_yaml_string }}',
  "{{ 'abc' | regex_replace('(b)', '[\\\\1]') }}",
  '{{ x is defined }} {{ a is sequence }} {{ n is divisibleby 3 }}',
];
for (const c of cases) { try { console.log(JSON.stringify(r.render(c, ctx))); } catch (e) { console.log('ERR', (e as Error).message); } }
console.log(r.evaluate('{{ d.items() | list }}', ctx));
console.log(r.renderTyped('{{ n }}', ctx), r.renderTyped('{{ a }}', ctx), r.renderTyped('x {{ n }}', ctx));
try { r.render('{{ nope }}', ctx) } catch (e) { console.log((e as Error).message) }
try { r.render("{{ ''.constructor.constructor('return process')() }}", ctx) } catch (e) { console.log((e as any).code, (e as Error).message) }
try { r.render("{{ range.constructor('return 1')() }}", ctx) } catch (e) { console.log((e as any).code, (e as Error).message) }
try { r.render("{% if %}", ctx) } catch (e) { console.log((e as any).code, (e as Error).message) }
