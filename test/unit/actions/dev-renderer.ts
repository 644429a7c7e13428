// Interim stand-in until src/expressions/jinja.ts lands; deleted afterwards.
import nunjucks from 'nunjucks';
import { SquallError } from '../../../src/errors/index.js';
import type { KeyValueStore } from '../../../src/datastore/key-value.js';
import type { TemplateRenderer } from '../../../src/expressions/renderer.js';

export class DevRenderer implements TemplateRenderer {
  #env: nunjucks.Environment;
  #kv: KeyValueStore | undefined;
  constructor(opts: { kv?: KeyValueStore }) {
    this.#kv = opts.kv;
    this.#env = new nunjucks.Environment(null, { throwOnUndefined: false, autoescape: false });
    this.#env.addFilter('decrypt_kv', (v: string) => this.#kv!.decrypt(v));
    this.#env.addFilter('to_complex', (v: unknown) => JSON.stringify(v));
    this.#env.addFilter('use_none', (v: unknown) => (v === null || v === undefined ? '%*****__%NONE%__*****%' : v));
  }
  render(template: string, context: Record<string, unknown>): string {
    try {
      return this.#env.renderString(template, context);
    } catch (err) {
      throw new SquallError('TEMPLATE_ERROR', (err as Error).message);
    }
  }
  renderTyped(template: string, context: Record<string, unknown>): unknown {
    if (!this.isTemplate(template)) return template;
    const out = this.render(template.replace(/\{\{([\s\S]*?)\}\}/g, '{{ ($1) | to_complex }}'), context);
    try {
      return JSON.parse(out);
    } catch {
      return this.render(template, context);
    }
  }
  isTemplate(text: string): boolean {
    return /\{\{|\{%|\{#/.test(text);
  }
  kvContext(user?: string): Record<string, unknown> {
    const kv = this.#kv;
    const scope = (u?: string) =>
      new Proxy({}, { get: (_t, key) => (typeof key === 'string' ? (kv?.get(key, u ? { scope: 'user', user: u } : {})?.value ?? '') : undefined) });
    return user ? { system: scope(), user: scope(user) } : { system: scope() };
  }
}
