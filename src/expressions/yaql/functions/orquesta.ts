/**
 * The functions Orquesta and StackStorm add to YAQL: `ctx()` (the workflow context, when the
 * caller does not supply its own), `json()`, `zip()` (Python's zip_longest with `pad => x`) and
 * StackStorm's template functions (`regex_match`, `to_json_string`, `version_compare`, ...),
 * the same table Jinja uses as filters. Named arguments are written in YAQL's camelCase
 * (`to_json_string(x, sortKeys => true)`), as YAQL converts Python parameter names.
 */
import { PythonError, typeError } from '../../../python/errors.js';
import { chars, pyTypeName } from '../../../python/values.js';
import { callTemplateFunction, type TemplateFunction } from '../../jinja/callables.js';
import { ST2_FUNCTIONS } from '../../filters/index.js';
import { fromJsonString } from '../../filters/data.js';
import { pyText, toOutput } from '../output.js';
import { isIterable, isMapping, truthy } from '../values.js';
import { arity, type FunctionTable, type YaqlFunction } from './spec.js';

/** The items Python's `zip` walks for one argument: elements, characters, dict keys. */
function zipItems(v: unknown): unknown[] {
  if (v === null || v === undefined) return [];
  if (typeof v === 'string') return chars(v);
  if (isMapping(v)) return Object.keys(v);
  if (isIterable(v)) return [...v];
  throw typeError(`'${pyTypeName(v)}' object is not iterable`);
}

/** `snake_case` as YAQL's CamelCaseConvention writes parameter names: `sortKeys`. */
function camel(name: string): string {
  return name.replace(/(?!^)_(\w)/g, (_m, c: string) => c.toUpperCase());
}

function st2(fn: TemplateFunction): YaqlFunction {
  return {
    form: 'function',
    params: fn.params.map(camel),
    impl: (args, _named, env) => callTemplateFunction(fn, args.map((a) => (a === undefined ? undefined : toOutput(a, env)))),
  };
}

const ORQUESTA: FunctionTable = {
  ctx: { form: 'function', params: ['key'], impl: (args, _named, env) => {
    arity(args, 0, 1);
    const key = args[0];
    if (!truthy(key)) return env.context;
    if (typeof key !== 'string' || !Object.hasOwn(env.context, key)) throw new PythonError('VariableUndefinedError', `The variable "${pyText(key)}" is undefined.`);
    return env.context[key];
  } },
  // Orquesta passes a dict through, but YAQL's dicts are frozen copies that fail its check.
  json: { form: 'function', params: ['s'], impl: (args) => {
    arity(args, 1);
    const s = args[0];
    if (typeof s !== 'string') throw typeError('Given object is not typeof string.');
    return fromJsonString(s);
  } },
  zip: { form: 'function', namedRest: true, impl: (args, named) => {
    const lists = args.map(zipItems);
    if (lists.length === 1) return args[0] ?? [];
    const pad = Object.hasOwn(named, 'pad') ? named['pad'] : null;
    const rows = Math.max(0, ...lists.map((l) => l.length));
    return Array.from({ length: rows }, (_, i) => lists.map((l) => (i < l.length ? l[i] : pad)));
  } },
};

/** Orquesta's own functions plus StackStorm's, by name. */
export const ORQUESTA_FUNCTIONS: FunctionTable = {
  ...Object.fromEntries(Object.entries(ST2_FUNCTIONS).map(([name, fn]) => [name, st2(fn)])),
  ...ORQUESTA,
};
