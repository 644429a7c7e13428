import type { ErrorObject } from 'ajv';
import type { ErrorDetail } from '../errors/index.js';
import { pointerSegments, type PathSegment, type YamlSource } from './yaml-source.js';

/**
 * A dotted field name for a path into `data`: map keys joined by dots, list indexes in brackets
 * (`formats[0].representation`), as the CLI prints them.
 */
export function fieldName(path: readonly PathSegment[], data: unknown): string {
  let out = '';
  let node: unknown = data;
  for (const segment of path) {
    if (Array.isArray(node)) out += `[${segment}]`;
    else out += out ? `.${segment}` : String(segment);
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[String(segment)] : undefined;
  }
  return out;
}

/** One problem at `path` in a content file, with its line and field. */
export function detailAt(source: YamlSource, data: unknown, path: readonly PathSegment[], message: string, at: 'key' | 'value' = 'value'): ErrorDetail {
  const field = fieldName(path, data);
  return { file: source.file, line: source.lineOf(path, at), ...(field ? { field } : {}), message };
}

/**
 * Turns ajv errors on `data` into ErrorDetails with file, line and field. Errors inside the
 * branches of an `if`/`then` are kept; the summary `if` error ajv adds on top is dropped.
 * `base` prefixes every path (for data validated as part of a larger document).
 */
export function schemaDetails(errors: readonly ErrorObject[] | null | undefined, data: unknown, source: YamlSource, base: readonly PathSegment[] = []): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    if (e.keyword === 'if') continue;
    const path: PathSegment[] = [...base, ...pointerSegments(e.instancePath)];
    let message = e.message ?? 'is invalid';
    let at: 'key' | 'value' = 'value';
    if (e.keyword === 'required') {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      // Point at the mapping the key is missing from; name the missing key as the field.
      const d = detailAt(source, data, path, 'is required');
      d.field = d.field ? `${d.field}.${missing}` : missing;
      push(d);
      continue;
    }
    if (e.keyword === 'additionalProperties') {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      path.push(extra);
      at = 'key';
      message = unknownKeyMessage(e.parentSchema);
    } else if (e.keyword === 'enum') {
      message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    } else if (e.keyword === 'type') {
      message = `must be ${[(e.params as { type: string | string[] }).type].flat().join(' or ')}`;
    } else if (e.keyword === 'propertyNames') {
      path.push((e.params as { propertyName: string }).propertyName);
      at = 'key';
      message = 'is not a valid name (word characters only)';
    } else if (e.keyword === 'pattern' && e.propertyName !== undefined) {
      // Reported again by the propertyNames error above.
      continue;
    }
    push(detailAt(source, data, path, message, at));
  }
  return out;

  function push(d: ErrorDetail): void {
    const key = `${d.line}|${d.field}|${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
}

function unknownKeyMessage(parentSchema: unknown): string {
  const schema = parentSchema as { properties?: Record<string, unknown>; patternProperties?: Record<string, unknown> } | undefined;
  if (schema?.patternProperties && !schema.properties) {
    return `is not a valid name (must match ${Object.keys(schema.patternProperties).join(' or ')})`;
  }
  const allowed = Object.keys(schema?.properties ?? {}).filter((k) => !['id', 'uid', 'ref', 'metadata_file'].includes(k));
  return allowed.length > 0 && allowed.length <= 16 ? `unknown key (allowed: ${allowed.join(', ')})` : 'unknown key';
}
