/**
 * Functions templates may call: filters, tests, globals and bound Python methods. Each carries
 * its parameter names so Jinja2 keyword arguments (`map(attribute='name')`,
 * `to_json_string(indent=2)`) bind the way Python binds them. The brand marks objects built
 * here, so JSON data can never pose as one.
 */
import { typeError } from '../../python/errors.js';

const BRAND: unique symbol = Symbol('template-function');

export interface TemplateFunction {
  readonly [BRAND]: true;
  readonly name: string;
  /** Parameter names in order; for a filter or test the first is the subject value. */
  readonly params: readonly string[];
  /**
   * Python `*args` / `**kwargs`: when set, `impl` receives the named parameters, then an array
   * of the extra positional arguments, then an object of the extra keyword arguments.
   */
  readonly rest: boolean;
  /** Receives Undefined values and lazy key-value lookups as they are (`default`, `decrypt_kv`, type tests). */
  readonly raw: boolean;
  /** The body; it has typed parameters, binding checks arity, the body checks types. */
  readonly impl: (...args: never[]) => unknown;
}

export interface TemplateFunctionOptions {
  rest?: boolean;
  raw?: boolean;
}

/** Declares a callable: `templateFunction('indent', ['s', 'width', 'first'], (s, width = 4, first = false) => ...)`. */
export function templateFunction(
  name: string,
  params: readonly string[],
  impl: (...args: never[]) => unknown,
  options: TemplateFunctionOptions = {},
): TemplateFunction {
  return Object.freeze({ [BRAND]: true as const, name, params, impl, rest: options.rest ?? false, raw: options.raw ?? false });
}

export function isTemplateFunction(v: unknown): v is TemplateFunction {
  return typeof v === 'object' && v !== null && BRAND in v;
}

/** Orders positional and keyword arguments into the call `impl` expects; TypeError as Python words it. */
export function bindArguments(fn: TemplateFunction, positional: readonly unknown[], keywords: ReadonlyMap<string, unknown>): unknown[] {
  const named = fn.params.length;
  if (positional.length > named && !fn.rest) {
    throw typeError(`${fn.name}() takes ${named} positional argument${named === 1 ? '' : 's'} but ${positional.length} were given`);
  }
  const args: unknown[] = positional.slice(0, named);
  const extra: Record<string, unknown> = {};
  for (const [key, value] of keywords) {
    const index = fn.params.indexOf(key);
    if (index >= 0) {
      if (index < positional.length) throw typeError(`${fn.name}() got multiple values for argument '${key}'`);
      while (args.length < index) args.push(undefined);
      args[index] = value;
    } else if (fn.rest) {
      Object.defineProperty(extra, key, { value, enumerable: true, writable: true, configurable: true });
    } else {
      throw typeError(`${fn.name}() got an unexpected keyword argument '${key}'`);
    }
  }
  if (!fn.rest) return args;
  while (args.length < named) args.push(undefined);
  return [...args, positional.slice(named), extra];
}

/** Calls a template function with Python argument binding. */
export function callTemplateFunction(fn: TemplateFunction, positional: readonly unknown[], keywords: ReadonlyMap<string, unknown> = new Map()): unknown {
  return (fn.impl as (...args: unknown[]) => unknown)(...bindArguments(fn, positional, keywords));
}
