import type { ParameterSpec } from '../../model/index.js';

/** Keys StackStorm adds to a parameter's schema; they mean nothing to a JSON-schema validator. */
const ST2_KEYS = ['secret', 'immutable', 'position'] as const;

/** Keywords whose value is one sub-schema. */
const SCHEMA_KEYWORDS = ['additionalProperties', 'additionalItems', 'not', 'contains', 'propertyNames', 'if', 'then', 'else'] as const;
/** Keywords whose value is a list of sub-schemas. */
const SCHEMA_LIST_KEYWORDS = ['anyOf', 'oneOf', 'allOf'] as const;
/** Keywords whose value maps names to sub-schemas. */
const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', 'definitions', '$defs'] as const;

/**
 * Builds the JSON schema of an action's whole parameter object from its merged specs: an object
 * with `additionalProperties: false`, a `required` list from the draft-3 style `required: true`
 * flags, and each parameter's own keywords (type, enum, items, pattern, ...) passed through.
 *
 * Top-level defaults are left out on purpose: they may be templates (`"{{ message }}"`) and are
 * filled and rendered by the pipeline before validation, never by the validator.
 */
export function buildParameterSchema(specs: Record<string, ParameterSpec>): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    const { default: _default, ...rest } = spec;
    properties[name] = toJsonSchema(rest);
    if (spec.required === true) required.push(name);
  }
  return { type: 'object', additionalProperties: false, properties, ...(required.length ? { required } : {}) };
}

/**
 * Converts one StackStorm parameter schema (draft-4 plus st2 keys) to a schema ajv accepts:
 * st2-only keys removed, boolean `required` on members lifted into the parent's `required` list,
 * draft-4 boolean `exclusiveMaximum`/`exclusiveMinimum` turned into their numeric form. Recurses
 * into every keyword that holds sub-schemas.
 */
export function toJsonSchema(spec: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec)) {
    if ((ST2_KEYS as readonly string[]).includes(key)) continue;
    // A boolean `required` belongs to the parent (lifted below); only a list is a JSON-schema keyword.
    if (key === 'required' && !Array.isArray(value)) continue;
    out[key] = value;
  }

  for (const key of SCHEMA_KEYWORDS) {
    if (isObject(out[key])) out[key] = toJsonSchema(out[key]);
  }
  for (const key of SCHEMA_LIST_KEYWORDS) {
    const list = out[key];
    if (Array.isArray(list)) out[key] = list.map((s) => (isObject(s) ? toJsonSchema(s) : s));
  }
  for (const key of SCHEMA_MAP_KEYWORDS) {
    const map = out[key];
    if (isObject(map)) out[key] = mapValues(map, (s) => (isObject(s) ? toJsonSchema(s) : s));
  }
  const items = out.items;
  if (Array.isArray(items)) out.items = items.map((s) => (isObject(s) ? toJsonSchema(s) : s));
  else if (isObject(items)) out.items = toJsonSchema(items);

  // Members flagged `required: true` become the object's `required` list, as draft 3 meant.
  const members = spec.properties;
  if (isObject(members)) {
    const lifted = Object.entries(members).filter(([, s]) => isObject(s) && s.required === true).map(([name]) => name);
    if (lifted.length > 0) {
      const existing = Array.isArray(spec.required) ? (spec.required as unknown[]) : [];
      out.required = [...new Set([...existing, ...lifted])];
    }
  }

  for (const [flag, bound] of [['exclusiveMaximum', 'maximum'], ['exclusiveMinimum', 'minimum']] as const) {
    if (typeof out[flag] !== 'boolean') continue;
    if (out[flag] === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else {
      delete out[flag];
    }
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mapValues(map: Record<string, unknown>, fn: (value: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, fn(v)]));
}
