/**
 * Attribute and item lookup, the one path by which a template reads into a value — and so the
 * sandbox. A lookup sees only: own data of objects and arrays, characters of strings, the
 * whitelisted Python methods (`methods.ts`), and objects that answer `PY_GETATTR` themselves.
 * It never walks a prototype chain, never reads a property of a JavaScript function, and names
 * such as `constructor`, `__proto__` or `prototype` fail with TEMPLATE_UNSAFE.
 */
import { SquallError } from '../../errors/index.js';
import { PY_GETATTR, hasPyAttributes } from '../../python/protocol.js';
import { chars, isPlainObject, isTuple, pyTypeName } from '../../python/values.js';
import { isTemplateFunction } from './callables.js';
import { pythonMethod } from './methods.js';
import { JinjaUndefined } from './undefined.js';

/** Names that only ever lead into JavaScript internals. */
const FORBIDDEN = new Set(['constructor', 'prototype', '__proto__', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

/** True for names a template may never use as a variable, attribute or key (also Python's dunder names). */
export function isForbiddenName(name: unknown): boolean {
  return typeof name === 'string' && (FORBIDDEN.has(name) || name.startsWith('__'));
}

export function unsafe(what: string): SquallError {
  return new SquallError('TEMPLATE_UNSAFE', `Template tried to reach a forbidden attribute: ${what}`);
}

/** Objects template code may hold but not look into (macros and callables). */
export interface Opaque {
  readonly opaqueName: string;
}

function isOpaque(v: unknown): v is Opaque {
  return typeof v === 'object' && v !== null && 'opaqueName' in v && !isPlainObject(v);
}

/**
 * `obj.key` (`style` 'attr': a method before a dict key, as Python's getattr) or `obj[key]`
 * ('item': the key first). Returns the value or a JinjaUndefined saying what was missing.
 */
export function lookup(obj: unknown, key: unknown, style: 'attr' | 'item'): unknown {
  if (isForbiddenName(key)) throw unsafe(String(key));
  if (typeof obj === 'function') throw unsafe(`attribute ${JSON.stringify(String(key))} of a function`);
  if (obj === null || obj === undefined) return new JinjaUndefined(`'None' has no attribute ${quote(key)}`);
  if (hasPyAttributes(obj)) return obj[PY_GETATTR](key as string | number);
  if (isTemplateFunction(obj) || isOpaque(obj)) return new JinjaUndefined(`'function' object has no attribute ${quote(key)}`);
  if (typeof key === 'boolean') key = key ? 1 : 0;

  if (Array.isArray(obj)) {
    const kind = isTuple(obj) ? 'tuple' : 'list';
    if (typeof key === 'number') {
      const i = Number.isInteger(key) && key < 0 ? obj.length + key : key;
      return Number.isInteger(i) && i >= 0 && i < obj.length ? obj[i] : new JinjaUndefined(`${kind} object has no element ${key}`);
    }
    if (typeof key === 'string') {
      const method = pythonMethod(obj, key);
      if (method) return method;
      // Named fields of tuples made by filters (groupby's `grouper` and `list`).
      if (!/^\d+$/.test(key) && key !== 'length' && Object.hasOwn(obj, key)) return (obj as unknown as Record<string, unknown>)[key];
    }
    return new JinjaUndefined(`'${kind} object' has no attribute ${quote(key)}`);
  }

  if (typeof obj === 'string') {
    if (typeof key === 'number') {
      const cs = chars(obj);
      const i = Number.isInteger(key) && key < 0 ? cs.length + key : key;
      return Number.isInteger(i) && i >= 0 && i < cs.length ? cs[i] : new JinjaUndefined(`str object has no element ${key}`);
    }
    return (typeof key === 'string' && pythonMethod(obj, key)) || new JinjaUndefined(`'str object' has no attribute ${quote(key)}`);
  }

  if (isPlainObject(obj)) {
    const name = typeof key === 'number' ? String(key) : key;
    if (typeof name !== 'string') return new JinjaUndefined(`'dict object' has no attribute ${quote(key)}`);
    if (style === 'attr') {
      const method = pythonMethod(obj, name);
      if (method) return method;
    }
    if (Object.hasOwn(obj, name)) return obj[name];
    return pythonMethod(obj, name) ?? new JinjaUndefined(`'dict object' has no attribute ${quote(key)}`);
  }

  if (typeof obj === 'object' && typeof key === 'string') {
    // Other objects (class instances, dates): enumerable own data only, never accessors or methods.
    const desc = Object.getOwnPropertyDescriptor(obj, key);
    if (desc && desc.enumerable && 'value' in desc && typeof desc.value !== 'function') return desc.value;
  }
  return new JinjaUndefined(`'${pyTypeName(obj)} object' has no attribute ${quote(key)}`);
}

function quote(key: unknown): string {
  return typeof key === 'string' ? `'${key}'` : String(key);
}
