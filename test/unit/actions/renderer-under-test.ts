import type { KeyValueStore } from '../../../src/datastore/key-value.js';
import type { TemplateRenderer } from '../../../src/expressions/renderer.js';
import { DevRenderer } from './dev-renderer.js';

/** The renderer the parameter tests run against. */
export function makeRenderer(kv: KeyValueStore): TemplateRenderer {
  return new DevRenderer({ kv });
}
