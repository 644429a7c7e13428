/**
 * Context bookkeeping: merging context fragments (Orquesta's `merge_dicts`, where the later
 * fragment wins and nested maps merge key by key) and dropping the engine's own `__` keys.
 */

/** A workflow context: variable name → value. */
export type Context = Record<string, unknown>;

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Merges `right` into `left` and returns `left`: keys only in `right` are added, maps present on
 * both sides merge recursively, any other value from `right` replaces the one in `left`. Nested
 * maps are copied before they are merged into, so the fragments passed in are never changed
 * (values are shared, not cloned: contexts are treated as immutable once written).
 */
export function mergeInto(left: Context, right: Readonly<Context>): Context {
  for (const [key, value] of Object.entries(right)) {
    const current = left[key];
    if (isPlainMap(current) && isPlainMap(value)) {
      left[key] = mergeInto({ ...current }, value);
    } else {
      left[key] = value;
    }
  }
  return left;
}

/** The merge of the fragments at `indexes`, in order (later fragments win). */
export function mergeFragments(contexts: readonly Context[], indexes: readonly number[]): Context {
  const out: Context = {};
  for (const idx of indexes) {
    const fragment = contexts[idx];
    if (fragment) mergeInto(out, fragment);
  }
  return out;
}

/** A copy of `ctx` without the keys Orquesta reserves for itself (`__current_task`, `__state`, ...). */
export function withoutReserved(ctx: Readonly<Context>): Context {
  const out: Context = {};
  for (const [key, value] of Object.entries(ctx)) if (!key.startsWith('__')) out[key] = value;
  return out;
}

/** Deep copy of JSON-like data (what a checkpoint holds). */
export function cloneData<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
