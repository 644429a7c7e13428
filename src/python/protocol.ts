/**
 * Hooks by which an object tells expression code how to behave like a Python object. They are
 * symbols, so no expression and no JSON data can name or forge them.
 */

/** `__str__`: the text `{{ x }}` and `str(x)` produce. */
export const PY_STR: unique symbol = Symbol('py.str');
/** `__repr__`: the text inside containers (`['a', 1]`). */
export const PY_REPR: unique symbol = Symbol('py.repr');
/** `__getattr__`: attribute and item lookups on this object; returns the attribute's value. */
export const PY_GETATTR: unique symbol = Symbol('py.getattr');
/** Turns a lazy object (a key-value lookup) into the plain value operators and filters see. */
export const PY_VALUE: unique symbol = Symbol('py.value');

export interface PyStringable {
  [PY_STR](): string;
  [PY_REPR](): string;
}

export interface PyAttributes {
  [PY_GETATTR](name: string | number): unknown;
}

export interface PyLazy {
  [PY_VALUE](): unknown;
}

export function hasPyStr(v: unknown): v is PyStringable {
  return typeof v === 'object' && v !== null && PY_STR in v;
}

export function hasPyAttributes(v: unknown): v is PyAttributes {
  return typeof v === 'object' && v !== null && PY_GETATTR in v;
}

export function isPyLazy(v: unknown): v is PyLazy {
  return typeof v === 'object' && v !== null && PY_VALUE in v;
}
