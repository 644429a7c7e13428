import fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { JinjaRenderer, tuple } from './src/expressions/jinja.js';
const r = new JinjaRenderer();
for (const file of ['st2-functions.jsonl', 'jinja.jsonl']) {
  let pass = 0, fail = 0, skip = 0;
  for (const line of fs.readFileSync('../shared/conformance/' + file, 'utf8').split('\n').filter(Boolean)) {
    const c = JSON.parse(line);
    if (c.expr.includes('<%')) { skip++; continue; }
    const context = c.context;
    const globals = {
      ctx: (name?: string) => { if (name === undefined) return context; if (!Object.hasOwn(context, name)) throw new Error(`Variable "${name}" is referenced before assignment.`); return context[name]; },
      zip: (...lists: unknown[][]) => { const n = Math.min(...lists.map((l) => l.length)); return Array.from({ length: n }, (_, i) => tuple(...lists.map((l) => l[i]))); },
      json: (s: unknown) => typeof s === 'string' ? JSON.parse(s) : s,
    };
    let got: unknown, err: unknown;
    try { got = r.evaluate(c.expr, {}, { globals }); } catch (e) { err = e; }
    const ok = 'error' in c ? err !== undefined : err === undefined && isDeepStrictEqual(JSON.parse(JSON.stringify(got ?? null)), c.result);
    if (ok) pass++; else { fail++; console.log('FAIL', c.expr, '=> got', err ? 'ERR ' + (err as Error).message : JSON.stringify(got), 'want', 'error' in c ? 'error' : JSON.stringify(c.result)); }
  }
  console.log(file, { pass, fail, skip });
}
