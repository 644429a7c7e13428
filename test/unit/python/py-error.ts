import { PythonError } from '../../../src/python/errors.js';

/** The message of the PythonError `fn` throws (`TypeError: ...`), undefined when it returns. */
export function pyError(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof PythonError ? err.message : `not a PythonError: ${String(err)}`;
  }
  return undefined;
}
