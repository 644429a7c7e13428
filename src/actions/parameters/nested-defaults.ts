/**
 * Fills the defaults of members inside object and array values, as StackStorm's
 * `assign_default_values` does: a member whose schema has a `default` gets it when the value lacks
 * the member or holds null; objects and arrays of objects are descended into only when a value is
 * present. Returns a copy when anything was filled; the input is never changed.
 */
export function fillNestedDefaults(schema: Record<string, unknown>, value: unknown, depth = 0): unknown {
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items = schema.items;
    if (!isObject(items) || !isObject(items.properties)) return value;
    return value.map((item) => fillNestedDefaults(items, item, depth + 1));
  }
  const properties = schema.properties;
  if (!isObject(properties)) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [name, member] of Object.entries(properties)) {
    if (!isObject(member)) continue;
    if ('default' in member && (out[name] === undefined || out[name] === null)) out[name] = structuredClone(member.default);
    if (out[name] !== undefined) out[name] = fillNestedDefaults(member, out[name], depth + 1);
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
