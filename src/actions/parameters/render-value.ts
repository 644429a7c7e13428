import { isSquallError } from '../../errors/index.js';
import type { TemplateRenderer } from '../../expressions/renderer.js';
import { findTemplateReferences } from './template-references.js';

/** Text that is exactly one `{{ ... }}` expression (surrounding spaces allowed), so it can yield a typed value. */
const SINGLE_EXPRESSION = /^\s*\{\{(?:(?!\}\})[\s\S])*\}\}\s*$/;

/** True when a value, or any string inside it, holds template markers. */
export function holdsTemplate(renderer: TemplateRenderer, value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return renderer.isTemplate(value);
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  const members = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  return members.some((m) => holdsTemplate(renderer, m, depth + 1));
}

/** Every top-level name read by the templates inside a value, and the names they bind themselves. */
export function valueReferences(renderer: TemplateRenderer, value: unknown): { names: Set<string>; declared: Set<string> } {
  const names = new Set<string>();
  const declared = new Set<string>();
  forEachTemplate(renderer, value, (text) => {
    const refs = findTemplateReferences(text);
    for (const n of refs.names) names.add(n);
    for (const d of refs.declared) declared.add(d);
  });
  return { names, declared };
}

/**
 * Renders the templates inside one parameter value.
 *
 * - A string parameter (or one without a type) renders to text, later cast by its type.
 * - A parameter of another type whose whole value is one expression renders typed, so
 *   `"{{ config_context.headers }}"` gives the object itself rather than its text.
 * - Inside objects and arrays each string member renders on its own, typed when it is one
 *   expression (StackStorm's `"{{var}}"` → `to_complex` rewrite), so `{"n": "{{ count }}"}` keeps a number.
 * - Members without template markers, and non-string members, are kept as they are.
 *
 * @param literalWhenUnresolved when a template reads none of the variables in scope and fails to
 *   render, keep it as text: StackStorm does the same for text that only looks like Jinja, such as
 *   docker's `--format '{{.State}}'`.
 */
export function renderValue(
  renderer: TemplateRenderer,
  value: unknown,
  declaredType: string | undefined,
  context: Record<string, unknown>,
  literalWhenUnresolved: (text: string) => boolean,
): unknown {
  const renderText = (text: string, typed: boolean): unknown => {
    if (!renderer.isTemplate(text)) return text;
    try {
      return typed && SINGLE_EXPRESSION.test(text) ? renderer.renderTyped(text, context) : renderer.render(text, context);
    } catch (err) {
      if (isSquallError(err) && err.code === 'TEMPLATE_ERROR' && literalWhenUnresolved(text)) return text;
      throw err;
    }
  };
  if (typeof value === 'string') return renderText(value, declaredType !== undefined && declaredType !== 'string');
  return mapStrings(value, (text) => renderText(text, true), 0);
}

function mapStrings(value: unknown, fn: (text: string) => unknown, depth: number): unknown {
  if (typeof value === 'string') return fn(value);
  if (depth > 64 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    Object.defineProperty(out, k, { value: mapStrings(v, fn, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function forEachTemplate(renderer: TemplateRenderer, value: unknown, fn: (text: string) => void, depth = 0): void {
  if (typeof value === 'string') {
    if (renderer.isTemplate(value)) fn(value);
    return;
  }
  if (depth > 64 || value === null || typeof value !== 'object') return;
  const members = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  for (const m of members) forEachTemplate(renderer, m, fn, depth + 1);
}
