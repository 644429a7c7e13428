import type { TemplateRenderer } from '../../../src/expressions/renderer.js';
import { JinjaRenderer } from '../../../src/expressions/jinja.js';
import { MemoryKv } from './kv-memory.js';

/** The renderer rule tests run against: the real Jinja renderer over an in-memory key-value store. */
export function makeRenderer(system: Record<string, string> = {}): TemplateRenderer {
  return new JinjaRenderer({ kv: new MemoryKv(system) });
}
