/**
 * Where YAQL values leave YAQL: the result of an expression (YAQL's `#finalize`: iterators and
 * sets become lists, tuples lists), the values handed to functions written outside YAQL, the
 * texts `str()` produces, and dict keys.
 */
import { typeError } from '../../python/errors.js';
import { PY_REPR, PY_STR, type PyStringable } from '../../python/protocol.js';
import { floatRepr, formatFloat, pythonRepr, pythonStr } from '../../python/repr.js';
import { PyFloat, isPlainObject, pyTypeName, setOwn } from '../../python/values.js';
import { YaqlIterator, YaqlOrdering, YaqlSet, isList, pythonView, type Budget } from './values.js';

/**
 * The JSON-shaped value of a result: arrays for every sequence, iterator and set; integral
 * floats as plain numbers unless `keepFloats` (text interpolation prints them as `3.0`).
 * Unchanged parts are returned as they are, so reading a large context value copies nothing.
 */
export function toOutput(v: unknown, budget?: Budget, keepFloats = false): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object') return typeof v === 'function' ? '<function>' : v;
  if (v instanceof PyFloat) return keepFloats ? v : v.value;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const item = v[i] as unknown;
      const converted = toOutput(item, budget, keepFloats);
      if (converted !== item && !out) out = v.slice(0, i);
      out?.push(converted);
    }
    return out ?? v;
  }
  if (v instanceof YaqlSet) return outputSet(v, budget, keepFloats);
  if (v instanceof YaqlIterator || v instanceof YaqlOrdering) {
    const out: unknown[] = [];
    for (const item of v) {
      budget?.tick();
      out.push(toOutput(item, budget, keepFloats));
    }
    return out;
  }
  if (isPlainObject(v)) {
    let out: Record<string, unknown> | undefined;
    for (const key of Object.keys(v)) {
      const item = v[key];
      const converted = toOutput(item, budget, keepFloats);
      if (converted !== item && !out) {
        out = {};
        for (const k of Object.keys(v)) {
          if (k === key) break;
          setOwn(out, k, v[k]);
        }
      }
      if (out) setOwn(out, key, converted);
    }
    return out ?? v;
  }
  return pythonStr(v);
}

/**
 * A set leaves YAQL as a Python set: its members must stay hashable once tuples became lists and
 * frozen dicts dicts (so a set of dicts fails, as in YAQL). As data it is a list; as text it
 * prints as Python writes a set.
 */
function outputSet(set: YaqlSet, budget: Budget | undefined, keepFloats: boolean): unknown {
  const members: unknown[] = [];
  for (const item of set) {
    budget?.tick();
    if (Array.isArray(item) || isPlainObject(item)) throw typeError(`unhashable type: '${Array.isArray(item) ? 'list' : 'dict'}'`);
    members.push(toOutput(item, budget, keepFloats));
  }
  return keepFloats ? new SetText(members) : members;
}

/** How Python prints a set: `{1, 'a'}`, or `set()` when empty. */
class SetText implements PyStringable {
  constructor(readonly members: readonly unknown[]) {}

  [PY_STR](): string {
    return this[PY_REPR]();
  }

  [PY_REPR](): string {
    return this.members.length === 0 ? 'set()' : `{${this.members.map((m) => pythonRepr(m)).join(', ')}}`;
  }
}

/** YAQL's `str()`: `null`, `true` and `false` as YAQL writes them, anything else as Python's `str()`. */
export function yaqlStr(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  return pythonStr(pythonView(v));
}

/** Python's `str()` of a YAQL value (`True`, `None`, tuples as `('a',)`), as error messages show receivers. */
export function pyText(v: unknown): string {
  return pythonStr(pythonView(v));
}

/** Python's `repr()` of a YAQL value (KeyError messages). */
export function pyRepr(v: unknown): string {
  return pythonRepr(pythonView(v));
}

/**
 * A dict key as JSON writes it: strings as they are, numbers, booleans and null as json.dumps
 * converts keys (`1`, `1.5`, `true`, `null`). Lists and dicts cannot be keys.
 */
export function dictKey(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatFloat(v);
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null || v === undefined) return 'null';
  throw typeError(`unhashable type: '${isList(v) ? 'list' : pyTypeName(v)}'`);
}
