import type { ValidateFunction } from 'ajv';
import { SquallError, errorMessage, type ErrorDetail } from '../../errors/index.js';
import type { ParameterSpec } from '../../model/index.js';
import { ajvDetails, createAjv } from '../../util/ajv.js';
import { buildParameterSchema } from './json-schema.js';

/** What is wrong with the keys a caller supplied, before any value is looked at. */
export interface SuppliedKeyProblems {
  /** One detail per key that is not a parameter of the action. */
  unknown: ErrorDetail[];
  /** Names of immutable parameters the caller tried to set. */
  immutable: string[];
}

/** Finds supplied keys that are not parameters, and immutable parameters the caller tried to set. */
export function checkSuppliedKeys(specs: Record<string, ParameterSpec>, supplied: Record<string, unknown>): SuppliedKeyProblems {
  const unknown: ErrorDetail[] = [];
  const immutable: string[] = [];
  for (const [name, value] of Object.entries(supplied)) {
    if (value === undefined) continue;
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (!spec) unknown.push({ field: name, message: 'is not a parameter of this action' });
    else if (spec.immutable === true) immutable.push(name);
  }
  return { unknown, immutable };
}

/**
 * Validates final (rendered and cast) values against the merged specs: required parameters,
 * types, enums and every nested keyword. Returns one detail per problem, fields dotted
 * (`count`, `options.retries`).
 *
 * `null` stands for "no value" on a parameter that is optional or whose default is null (st2's
 * nullable defaults, and what `use_none` produces), so those nulls are not type-checked; a null
 * for a required parameter without a null default is reported as missing.
 */
export function validateValues(specs: Record<string, ParameterSpec>, values: Record<string, unknown>): ErrorDetail[] {
  const validate = compiledValidator(specs);
  const checked: Record<string, unknown> = {};
  const nullAllowed = new Set<string>();
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === null) {
      // Dropped either way: a null where a value is needed then shows up as "is required".
      const spec = specs[name];
      if (value === null && spec && (spec.required !== true || spec.default === null)) nullAllowed.add(name);
      continue;
    }
    checked[name] = value;
  }
  if (validate(checked)) return [];
  return ajvDetails(validate.errors).filter((d) => !(d.message === 'is required' && d.field !== undefined && nullAllowed.has(d.field)));
}

/**
 * Validates a request all at once: unknown keys and immutable keys among `suppliedKeys` (default:
 * the keys of `values`), then required/type/enum problems in `values`. Throws PARAMETER_IMMUTABLE
 * when immutable overrides are the only problem, otherwise PARAMETERS_INVALID with every detail.
 */
export function validateRequest(
  specs: Record<string, ParameterSpec>,
  values: Record<string, unknown>,
  suppliedKeys: Iterable<string> = Object.keys(values),
): void {
  const supplied = Object.fromEntries([...suppliedKeys].map((k) => [k, values[k] ?? null]));
  const keys = checkSuppliedKeys(specs, supplied);
  const known = Object.fromEntries(Object.entries(values).filter(([k]) => Object.hasOwn(specs, k)));
  const error = parametersError([...keys.unknown, ...validateValues(specs, known)], keys.immutable);
  if (error) throw error;
}

/**
 * The one error for a request's problems, or undefined when there are none. Immutable overrides
 * alone give PARAMETER_IMMUTABLE with StackStorm's wording; anything else gives PARAMETERS_INVALID
 * listing every problem, the immutable ones included.
 */
export function parametersError(details: readonly ErrorDetail[], immutable: readonly string[]): SquallError | undefined {
  const immutableDetails = immutable.map((name) => ({ field: name, message: 'is immutable and cannot be overridden' }));
  if (details.length === 0 && immutable.length === 0) return undefined;
  if (details.length === 0) {
    return new SquallError('PARAMETER_IMMUTABLE', `Override of immutable parameter(s) ${immutable.join(', ')} is unsupported`, { details: immutableDetails });
  }
  const all = [...details, ...immutableDetails];
  const summary = all.map((d) => `${d.field ?? '(root)'} ${d.message}`).join('; ');
  return new SquallError('PARAMETERS_INVALID', `Action parameters are invalid: ${summary}`, { details: all });
}

/**
 * The validator for a set of merged specs, compiled on first use. Keyed by the specs object's
 * identity: mergeParameterSpecs returns the same frozen object for the same action, so each
 * action's schema is compiled once; a reload builds new specs and the old entries are collected.
 */
export function compiledValidator(specs: Record<string, ParameterSpec>): ValidateFunction {
  const cached = validators.get(specs);
  if (cached) return cached;
  const schema = buildParameterSchema(specs);
  let validate: ValidateFunction;
  try {
    validate = ajv().compile(schema);
  } catch (err) {
    throw new SquallError('SCHEMA_INVALID', `Action parameter schema cannot be compiled: ${errorMessage(err)}`, {
      details: [{ field: 'parameters', message: errorMessage(err) }],
      cause: err,
    });
  }
  // ajv keeps every compiled schema in a Map keyed by the schema object; the compiled function does
  // not need that entry, and dropping it lets reloaded actions' schemas be collected.
  ajv().removeSchema(schema);
  validators.set(specs, validate);
  return validate;
}

const validators = new WeakMap<object, ValidateFunction>();
let sharedAjv: ReturnType<typeof createAjv> | undefined;

// One ajv instance for every parameter schema: compiling is the expensive part, and the instance
// holds no request state. Schemas carry no $id, so they never clash inside it.
function ajv(): ReturnType<typeof createAjv> {
  sharedAjv ??= createAjv();
  return sharedAjv;
}
