import type { KeyValueStore } from '../../../src/datastore/key-value.js';
import type { TemplateRenderer } from '../../../src/expressions/renderer.js';
import { JinjaRenderer } from '../../../src/expressions/jinja.js';

/** The renderer the parameter tests run against: the real Jinja implementation over a given store. */
export function makeRenderer(kv: KeyValueStore): TemplateRenderer {
  return new JinjaRenderer({ kv });
}
