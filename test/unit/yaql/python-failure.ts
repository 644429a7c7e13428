import { PythonError } from '../../../src/python/errors.js';

/** The PythonError `run` throws; any other outcome fails the test. */
export function pythonFailure(run: () => unknown, what: string): PythonError {
  try {
    run();
  } catch (err) {
    if (err instanceof PythonError) return err;
    throw err;
  }
  throw new Error(`${what} did not fail`);
}
