import { errorMessage, type ErrorDetail } from '../../errors/index.js';
import type { TemplateRenderer } from '../../expressions/renderer.js';

/**
 * Resolves a pack config for one run. Config values are operator-written and may be templates
 * reading the datastore (`{{ st2kv.user.api_token | decrypt_kv }}`); StackStorm resolves them when
 * an action runs, for the invoking user, with only `st2kv` in scope. A value that fails to render is
 * left out (so nothing unrendered reaches an action) and reported under `config_context.<path>`.
 */
export function renderConfigContext(
  renderer: TemplateRenderer,
  config: Record<string, unknown>,
  st2kv: Record<string, unknown>,
): { config: Record<string, unknown>; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const context = { st2kv };
  const walk = (value: unknown, path: string, depth: number): unknown => {
    if (typeof value === 'string') {
      if (!renderer.isTemplate(value)) return value;
      try {
        return renderer.render(value, context);
      } catch (err) {
        errors.push({ field: path, message: `cannot be rendered: ${errorMessage(err)}` });
        return undefined;
      }
    }
    if (depth > 64 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v, i) => walk(v, `${path}.${i}`, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const rendered = walk(v, `${path}.${k}`, depth + 1);
      if (rendered !== undefined) Object.defineProperty(out, k, { value: rendered, enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  return { config: walk(config, 'config_context', 0) as Record<string, unknown>, errors };
}
