/** Size bounds on what expression code may build, so one expression cannot exhaust memory. */
import { PythonError } from './errors.js';

/** Longest string or list repetition, padding or indentation may produce. */
export const MAX_BUILD_LENGTH = 10_000_000;

/** Refuses to build a string or list longer than MAX_BUILD_LENGTH. */
export function ensureSize(length: number): void {
  if (length > MAX_BUILD_LENGTH) throw new PythonError('MemoryError', `result of ${length} items is too large`);
}
