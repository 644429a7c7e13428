/**
 * `str` methods called on values of unknown type, raising what Python raises when the receiver
 * or the argument is not a string (`None.lower()` is an AttributeError).
 */
import { PythonError, typeError } from './errors.js';
import { pyTypeName } from './values.js';

/** `v.lower()`. */
export function pyLower(v: unknown): string {
  if (typeof v !== 'string') throw new PythonError('AttributeError', `'${pyTypeName(v)}' object has no attribute 'lower'`);
  return v.toLowerCase();
}

/** `value.startswith(prefix)` / `value.endswith(suffix)`. */
export function pyAffix(value: unknown, affix: unknown, method: 'startswith' | 'endswith'): boolean {
  if (typeof value !== 'string') throw new PythonError('AttributeError', `'${pyTypeName(value)}' object has no attribute '${method}'`);
  if (typeof affix !== 'string') throw typeError(`${method} first arg must be str or a tuple of str, not ${pyTypeName(affix)}`);
  return method === 'startswith' ? value.startsWith(affix) : value.endsWith(affix);
}
