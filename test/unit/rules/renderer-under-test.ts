// Interim: nunjucks-backed stand-in until src/expressions/jinja.ts lands.
import nunjucks from 'nunjucks';
import { SquallError } from '../../../src/errors/index.js';
import type { TemplateRenderer } from '../../../src/expressions/renderer.js';
import { MemoryKv } from './kv-memory.js';

export function makeRenderer(system: Record<string, string> = {}): TemplateRenderer {
  const kv = new MemoryKv(system);
  const env = new nunjucks.Environment(null, { throwOnUndefined: true, autoescape: false });
  env.addFilter('to_complex', (v: unknown) => JSON.stringify(v));
  const render = (t: string, c: Record<string, unknown>) => {
    try { return env.renderString(t, c); } catch (e) { throw new SquallError('TEMPLATE_ERROR', (e as Error).message); }
  };
  const kvObj = () => new Proxy({}, { get: (_t, k) => (typeof k === 'string' ? kv.get(k)?.value ?? '' : undefined) });
  return {
    render,
    renderTyped(t, c) {
      if (!this.isTemplate(t)) return t;
      const out = render(t.replace(/\{\{([\s\S]*?)\}\}/g, '{{ ($1) | to_complex }}'), c);
      try { return JSON.parse(out); } catch { return render(t, c); }
    },
    isTemplate: (t) => /\{\{|\{%|\{#/.test(t),
    kvContext: () => ({ system: kvObj() }),
  };
}
