/**
 * `to_human_time_from_seconds` (`st2common/expressions/functions/time.py`): 12345 → `3h25m45s`.
 * StackStorm counts from 0001-01-01 and reads the day of the month, so past a month the day
 * count wraps; this keeps that behaviour so texts match.
 */
import { PythonError } from '../../python/errors.js';
import { pyRound } from '../../python/numbers.js';
import { formatFloat } from '../../python/repr.js';

export function toHumanTimeFromSeconds(seconds: unknown): string {
  if (typeof seconds !== 'number' && typeof seconds !== 'boolean') throw new PythonError('AssertionError', 'seconds must be a number');
  let secs = Number(seconds);
  if (secs === 0) return '0s';
  if (secs < 1) return `${formatFloat(secs)}\u03BCs`;
  if (!Number.isInteger(secs)) secs = pyRound(secs);
  const date = new Date(Date.UTC(2000, 0, 1));
  date.setUTCFullYear(1, 0, 1);
  const at = new Date(date.getTime() + secs * 1000);
  if (Number.isNaN(at.getTime())) throw new PythonError('OverflowError', 'date value out of range');
  const parts = [at.getUTCFullYear() - 1, at.getUTCDate() - 1, at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds()];
  const first = parts.findIndex((p) => p !== 0);
  if (first < 0) return '0s';
  const units = ['y', 'd', 'h', 'm', 's'];
  return parts.slice(first).map((p, i) => `${p}${units[first + i]}`).join('');
}
