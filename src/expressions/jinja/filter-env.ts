/**
 * What built-in filters may ask of the environment they run in: Jinja2's attribute getter for
 * `attribute=` arguments, truthiness under the current Undefined policy, and calls to other
 * filters and tests by name (`map('upper')`, `select('equalto', 1)`).
 */
import { PythonError } from '../../python/errors.js';
import { PY_VALUE, isPyLazy } from '../../python/protocol.js';
import { pyTruthy } from '../../python/values.js';
import { lookup } from './access.js';
import { callTemplateFunction, type TemplateFunction } from './callables.js';
import { JinjaUndefined, isUndefined } from './undefined.js';

export interface FilterEnv {
  /** StrictUndefined in force. */
  readonly strict: boolean;
  /** `item[path]` for a dotted path (`'a.b'`, `'0'`); `dflt` replaces a missing value. */
  attribute(item: unknown, path: unknown, dflt?: unknown): unknown;
  truthy(v: unknown): boolean;
  callFilter(name: string, value: unknown, args: readonly unknown[]): unknown;
  callTest(name: string, value: unknown, args: readonly unknown[]): boolean;
  hasFilter(name: string): boolean;
  hasTest(name: string): boolean;
}

/** Tables the environment reads lazily, so filters can be built before the tables are complete. */
export interface FunctionTables {
  filters(): Readonly<Record<string, TemplateFunction>>;
  tests(): Readonly<Record<string, TemplateFunction>>;
}

export function createFilterEnv(strict: boolean, tables: FunctionTables): FilterEnv {
  const find = (table: Readonly<Record<string, TemplateFunction>>, kind: string, name: string): TemplateFunction => {
    const fn = Object.hasOwn(table, name) ? table[name] : undefined;
    if (!fn) throw new PythonError('TemplateRuntimeError', `No ${kind} named '${name}'.`);
    return fn;
  };
  const env: FilterEnv = {
    strict,
    attribute(item, path, dflt) {
      let value: unknown = item;
      const parts = typeof path === 'string' ? path.split('.') : [path];
      for (const part of parts) {
        if (isUndefined(value)) break;
        value = lookup(value, typeof part === 'string' && /^\d+$/.test(part) ? Number(part) : part, 'item');
      }
      if (isUndefined(value)) {
        if (dflt !== undefined) return dflt;
        if (value.failsWhen(strict)) throw value.error();
      }
      return value;
    },
    truthy(v) {
      if (isUndefined(v)) {
        if (v.failsWhen(strict)) throw v.error();
        return false;
      }
      return pyTruthy(isPyLazy(v) ? v[PY_VALUE]() : v);
    },
    callFilter(name, value, args) {
      return callTemplateFunction(find(tables.filters(), 'filter', name), [value, ...args]);
    },
    callTest(name, value, args) {
      return Boolean(callTemplateFunction(find(tables.tests(), 'test', name), [value, ...args]));
    },
    hasFilter: (name) => Object.hasOwn(tables.filters(), name),
    hasTest: (name) => Object.hasOwn(tables.tests(), name),
  };
  return env;
}

/** Jinja2's message for an aggregate over nothing, as an Undefined the caller may default. */
export function emptySequence(what: string): JinjaUndefined {
  return new JinjaUndefined(`No ${what} item, sequence was empty.`);
}
