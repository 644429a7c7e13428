import type { ParameterSpec } from '../../model/index.js';
import { MASKED } from '../../util/mask.js';

/**
 * Which parts of a value are secret: `true` for the whole value, or, for objects and arrays, the
 * members that are (by name, by pattern, "any other member", by array position or every item).
 */
export type SecretMask =
  | true
  | {
      properties?: Record<string, SecretMask>;
      patternProperties?: Record<string, SecretMask>;
      additionalProperties?: SecretMask;
      /** Every member name and pattern the schema declares, secret or not: those are not "additional". */
      declared?: { names: string[]; patterns: string[] };
      items?: SecretMask | (SecretMask | undefined)[];
    };

/**
 * The secret parts of one parameter's schema, or undefined when nothing in it is secret. A member
 * is secret when its own schema says `secret: true`, at any depth of `properties`,
 * `patternProperties`, `additionalProperties` or `items` (StackStorm's `get_secret_parameters`).
 */
export function secretMask(spec: Record<string, unknown>, depth = 0): SecretMask | undefined {
  if (spec.secret === true) return true;
  if (depth > 32) return undefined;
  const mask: Exclude<SecretMask, true> = {};
  const properties = subMasks(spec.properties, depth);
  if (properties) mask.properties = properties;
  const patterns = subMasks(spec.patternProperties, depth);
  if (patterns) mask.patternProperties = patterns;
  if (isObject(spec.additionalProperties)) {
    const extra = secretMask(spec.additionalProperties, depth + 1);
    if (extra) {
      mask.additionalProperties = extra;
      mask.declared = {
        names: isObject(spec.properties) ? Object.keys(spec.properties) : [],
        patterns: isObject(spec.patternProperties) ? Object.keys(spec.patternProperties) : [],
      };
    }
  }
  if (Array.isArray(spec.items)) {
    const positional = spec.items.map((s) => (isObject(s) ? secretMask(s, depth + 1) : undefined));
    if (positional.some(Boolean)) mask.items = positional;
  } else if (isObject(spec.items)) {
    const every = secretMask(spec.items, depth + 1);
    if (every) mask.items = every;
  }
  return Object.keys(mask).length > 0 ? mask : undefined;
}

/** Names of parameters that are secret or hold secret members: the ones whose clear values must be kept encrypted. */
export function secretKeys(specs: Record<string, ParameterSpec>): string[] {
  return Object.entries(specs)
    .filter(([, spec]) => secretMask(spec) !== undefined)
    .map(([name]) => name);
}

/**
 * Copies `values` with every secret parameter, and every secret member of object and array
 * parameters, replaced by `********`. Null and missing values stay as they are, so a masked record
 * still shows that no secret was given.
 */
export function maskParameters(specs: Record<string, ParameterSpec>, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const spec = specs[name];
    const mask = spec ? secretMask(spec) : undefined;
    out[name] = mask ? applyMask(mask, value) : value;
  }
  return out;
}

/** Applies a mask to one value; exported for callers that mask single values such as inquiry responses. */
export function applyMask(mask: SecretMask, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (mask === true) return MASKED;
  if (Array.isArray(value)) {
    const items = mask.items;
    if (items === undefined) return value;
    return value.map((item, i) => {
      const m = Array.isArray(items) ? items[i] : items;
      return m ? applyMask(m, item) : item;
    });
  }
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    const m = memberMask(mask, key);
    out[key] = m ? applyMask(m, member) : member;
  }
  return out;
}

// JSON-schema's rule for which schema governs a member: named properties and matching patterns
// first; `additionalProperties` only for members neither names nor patterns cover.
function memberMask(mask: Exclude<SecretMask, true>, key: string): SecretMask | undefined {
  const named = mask.properties && Object.hasOwn(mask.properties, key) ? mask.properties[key] : undefined;
  if (named) return named;
  for (const [pattern, m] of Object.entries(mask.patternProperties ?? {})) {
    if (safeTest(pattern, key)) return m;
  }
  if (!mask.additionalProperties) return undefined;
  const declared = mask.declared;
  if (declared && (declared.names.includes(key) || declared.patterns.some((p) => safeTest(p, key)))) return undefined;
  return mask.additionalProperties;
}

function subMasks(map: unknown, depth: number): Record<string, SecretMask> | undefined {
  if (!isObject(map)) return undefined;
  const out: Record<string, SecretMask> = {};
  for (const [key, schema] of Object.entries(map)) {
    const m = isObject(schema) ? secretMask(schema, depth + 1) : undefined;
    if (m) out[key] = m;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function safeTest(pattern: string, key: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(key);
  } catch {
    return false;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
