/**
 * `basename` / `dirname` (Python's `posixpath`), and `use_none`, StackStorm's way of passing a
 * null through string rendering (the parameter caster turns the marker back into null).
 */
import { typeError } from '../../python/errors.js';
import { pyTypeName } from '../../python/values.js';

/** The text StackStorm's `use_none` puts in place of None. */
export const NONE_MAGIC_VALUE = '%*****__%NONE%__*****%';

function text(path: unknown): string {
  if (typeof path !== 'string') throw typeError(`expected str, bytes or os.PathLike object, not ${pyTypeName(path)}`);
  return path;
}

/** `posixpath.basename`: everything after the last `/`. */
export function basename(path: unknown): string {
  const p = text(path);
  return p.slice(p.lastIndexOf('/') + 1);
}

/** `posixpath.dirname`: everything before the last `/`, trailing slashes removed unless it is all slashes. */
export function dirname(path: unknown): string {
  const p = text(path);
  const head = p.slice(0, p.lastIndexOf('/') + 1);
  return head && !/^\/+$/.test(head) ? head.replace(/\/+$/, '') : head;
}

export function useNone(value: unknown): unknown {
  return value === null || value === undefined ? NONE_MAGIC_VALUE : value;
}
