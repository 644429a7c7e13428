/**
 * What YAQL values are at run time. Data from the workflow is plain JSON-shaped JavaScript: an
 * array is a Python tuple (YAQL converts its input so), an object a (frozen) dict. YAQL adds:
 *
 * - iterators ({@link YaqlIterator}): what `select`, `where`, `range`, `zip` ... return; lazy,
 *   single-pass, always truthy, not indexable (`range(3)[0]` is an error in YAQL too);
 * - ordered iterables ({@link YaqlOrdering}) from `orderBy`, which `thenBy` extends;
 * - sets ({@link YaqlSet}), compiled regular expressions ({@link YaqlRegex});
 * - Python lists, marked with {@link markList}: `split()` returns a list, which prints as
 *   `['a']` where a tuple prints as `('a',)` and never equals a tuple;
 * - integral floats, boxed as PyFloat (src/python) so `float(3)` stays `3.0`.
 */
import { pyHashKey } from '../../python/compare.js';
import { typeError } from '../../python/errors.js';
import { PY_REPR, PY_STR, type PyStringable } from '../../python/protocol.js';
import { compilePythonRegex } from '../../python/regex.js';
import { pythonRepr } from '../../python/repr.js';
import { PyFloat, asNumber, isPlainObject, pyTruthy, tuple } from '../../python/values.js';

/** Counts the work of one evaluation, so an endless `sequence()` stops with an error. */
export interface Budget {
  tick(): void;
}

/** Objects Python prints as `<... object>`: the text is all anyone can see of them. */
abstract class Opaque implements PyStringable {
  protected abstract readonly pyName: string;
  [PY_STR](): string {
    return this[PY_REPR]();
  }
  [PY_REPR](): string {
    return `<${this.pyName} object>`;
  }
}

/** A Python iterator. */
export class YaqlIterator extends Opaque implements IterableIterator<unknown> {
  protected readonly pyName = 'iterator';
  readonly #source: Iterator<unknown>;
  readonly #budget: Budget | undefined;

  constructor(source: Iterable<unknown>, budget?: Budget) {
    super();
    this.#source = source[Symbol.iterator]();
    this.#budget = budget;
  }

  next(): IteratorResult<unknown> {
    this.#budget?.tick();
    return this.#source.next();
  }

  [Symbol.iterator](): this {
    return this;
  }
}

/** `orderBy(...)`: iterable again and again, sorted on first use by every key added so far. */
export class YaqlOrdering extends Opaque implements Iterable<unknown> {
  protected readonly pyName = 'OrderingIterable';
  readonly #items: Iterable<unknown>;
  readonly #keys: { selector: (item: unknown) => unknown; ascending: boolean }[] = [];
  readonly #compare: (a: unknown, b: unknown) => number;
  #sorted: unknown[] | undefined;

  constructor(items: Iterable<unknown>, compare: (a: unknown, b: unknown) => number) {
    super();
    this.#items = items;
    this.#compare = compare;
  }

  /** Adds a key (`thenBy`); YAQL changes the ordering in place and returns it. */
  by(selector: (item: unknown) => unknown, ascending: boolean): this {
    this.#keys.push({ selector, ascending });
    this.#sorted = undefined;
    return this;
  }

  [Symbol.iterator](): Iterator<unknown> {
    if (!this.#sorted) {
      const items = [...this.#items];
      const keyed = items.map((item) => ({ item, keys: this.#keys.map((k) => k.selector(item)) }));
      keyed.sort((a, b) => {
        for (let i = 0; i < this.#keys.length; i++) {
          const c = this.#compare(a.keys[i], b.keys[i]);
          if (c !== 0) return this.#keys[i]?.ascending ? c : -c;
        }
        return 0;
      });
      this.#sorted = keyed.map((k) => k.item);
    }
    return this.#sorted[Symbol.iterator]();
  }
}

/** A Python frozenset: members keyed by their hash identity, kept in insertion order. */
export class YaqlSet implements Iterable<unknown>, PyStringable {
  readonly members: ReadonlyMap<string, unknown>;

  constructor(items: Iterable<unknown>) {
    const members = new Map<string, unknown>();
    for (const item of items) {
      const key = hashKey(item);
      if (!members.has(key)) members.set(key, item);
    }
    this.members = members;
  }

  get size(): number {
    return this.members.size;
  }

  has(item: unknown): boolean {
    return this.members.has(hashKey(item));
  }

  [Symbol.iterator](): Iterator<unknown> {
    return this.members.values();
  }

  [PY_STR](): string {
    return this[PY_REPR]();
  }

  [PY_REPR](): string {
    return this.size === 0 ? 'frozenset()' : `frozenset({${[...this].map((m) => pythonRepr(pythonView(m))).join(', ')}})`;
  }
}

/** `regex(pattern, ignoreCase => ..., multiLine => ..., dotAll => ...)`. */
export class YaqlRegex implements PyStringable {
  readonly pattern: string;
  readonly flags: { readonly ignoreCase: boolean; readonly multiline: boolean; readonly dotAll: boolean };

  constructor(pattern: string, flags: YaqlRegex['flags']) {
    this.pattern = pattern;
    this.flags = flags;
    this.compile(); // a bad pattern fails here, as re.compile does
  }

  /** The compiled pattern (cached by src/python/regex), `global` for scans. */
  compile(global = false): RegExp {
    return compilePythonRegex(this.pattern, { ...this.flags, global }, 'search');
  }

  [PY_STR](): string {
    return this[PY_REPR]();
  }

  [PY_REPR](): string {
    const flags = [this.flags.ignoreCase && 're.IGNORECASE', this.flags.multiline && 're.MULTILINE', this.flags.dotAll && 're.DOTALL'].filter(Boolean);
    return `re.compile(${pythonRepr(this.pattern)}${flags.length ? `, ${flags.join('|')}` : ''})`;
  }
}

const LISTS = new WeakSet<readonly unknown[]>();

/** Marks an array as a Python list (mutable), as opposed to YAQL's usual tuple. */
export function markList<T extends unknown[]>(items: T): T {
  LISTS.add(items);
  return items;
}

export function isList(v: unknown): boolean {
  return Array.isArray(v) && LISTS.has(v);
}

/** YAQL's `Number`: int or float, not bool. */
export function isNumber(v: unknown): v is number | PyFloat {
  return typeof v === 'number' || v instanceof PyFloat;
}

/** A Python `int` parameter: integral numbers and bools (bool is an int in Python), not floats. */
export function isInt(v: unknown): v is number | boolean {
  return typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v));
}

/** The number inside an int, float or bool. */
export function num(v: number | boolean | PyFloat): number {
  return asNumber(v) as number;
}

/** A float result: an integral value is boxed so it keeps printing as a float. */
export function float(n: number): number | PyFloat {
  return Number.isInteger(n) ? new PyFloat(n) : n;
}

export function isFloat(v: unknown): boolean {
  return v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v));
}

/** YAQL's `Iterable`: sequences, iterators, orderings and sets; not strings, not dicts. */
export function isIterable(v: unknown): v is Iterable<unknown> {
  return Array.isArray(v) || v instanceof YaqlIterator || v instanceof YaqlOrdering || v instanceof YaqlSet;
}

export function isMapping(v: unknown): v is Record<string, unknown> {
  return isPlainObject(v);
}

/** Python truthiness: iterators and regexes are always true, empty containers false. */
export function truthy(v: unknown): boolean {
  if (v instanceof YaqlSet) return v.size > 0;
  if (v instanceof YaqlIterator || v instanceof YaqlOrdering || v instanceof YaqlRegex) return true;
  return pyTruthy(v);
}

/** Python `==` on YAQL values: numbers across int/float/bool, deep on containers, a list never equals a tuple. */
export function equals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const x = asNumber(a);
  if (x !== undefined) {
    const y = asNumber(b);
    return y !== undefined && x === y;
  }
  if (a === null || a === undefined) return b === null || b === undefined;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || isList(a) !== isList(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equals(a[i], b[i])) return false;
    return true;
  }
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.hasOwn(b, k) && equals(a[k], b[k]));
  }
  if (a instanceof YaqlSet) return b instanceof YaqlSet && a.size === b.size && [...a.members.keys()].every((k) => b.members.has(k));
  return false;
}

/**
 * The identity by which sets and `distinct()` tell values apart. Tuples and (frozen) dicts are
 * hashable in YAQL; a Python list is not.
 */
export function hashKey(v: unknown): string {
  if (Array.isArray(v)) {
    if (isList(v)) throw typeError("unhashable type: 'list'");
    return `t:(${v.map(hashKey).join(',')})`;
  }
  if (isPlainObject(v)) {
    const keys = Object.keys(v).sort();
    return `d:{${keys.map((k) => `${JSON.stringify(k)}:${hashKey(v[k])}`).join(',')}}`;
  }
  if (v instanceof YaqlSet) return `f:{${[...v.members.keys()].sort().join(',')}}`;
  if (v instanceof PyFloat || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' || v === null || v === undefined) return pyHashKey(v);
  throw typeError(`unhashable type: '${typeof v}'`);
}

/**
 * The value as src/python's printers should see it: YAQL's tuples become tuples (Python writes
 * `('a', 1)`), lists stay lists, dict values are converted likewise. Used by `str()`, `format()`,
 * `join()` and error messages; values that print as themselves are returned unchanged.
 */
export function pythonView(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(pythonView);
    return isList(v) ? items : tuple(...items);
  }
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: pythonView(x), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}
