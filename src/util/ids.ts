import { randomBytes } from 'node:crypto';

let counter = 0;

/**
 * Sortable unique ids: 12 hex digits of milliseconds, 4 of a process-local counter, 8 random.
 * Sorting ids sorts records by creation time, like MongoDB ObjectIds in StackStorm.
 */
export function newId(now: number = Date.now()): string {
  counter = (counter + 1) & 0xffff;
  return now.toString(16).padStart(12, '0') + counter.toString(16).padStart(4, '0') + randomBytes(4).toString('hex');
}
