import { describe, expect, it } from 'vitest';
import { parsePythonDate } from '../../../src/python/date.js';
import { pyError } from './py-error.js';

// Every expectation below was answered by CPython 3.11 with dateutil 2.9.

describe('dates (dateutil)', () => {
  const at = (iso: string) => Date.parse(iso) / 1000;
  it.each([
    ['2014-07-01T00:01:01.000000', at('2014-07-01T00:01:01Z')],
    ['2000-01-01 00:00:00', at('2000-01-01T00:00:00Z')],
    ['2000-01-01T00:00:00+02:00', at('1999-12-31T22:00:00Z')],
    ['2000-01-01T00:00:00-05', at('2000-01-01T05:00:00Z')],
    ['20000101T000000', at('2000-01-01T00:00:00Z')],
    ['2000/01/02 10:11', at('2000-01-02T10:11:00Z')],
    ['Tue, 01 Jul 2014 00:01:01 GMT', at('2014-07-01T00:01:01Z')],
    ['July 1, 2014 10:00', at('2014-07-01T10:00:00Z')],
    ['Tue Jul  1 00:01:01 2014', at('2014-07-01T00:01:01Z')],
    ['12/31/2014', at('2014-12-31T00:00:00Z')],
  ])('%j', (text, seconds) => {
    expect(parsePythonDate(text)).toBeCloseTo(seconds, 6);
  });

  it('keeps microseconds and refuses what dateutil refuses', () => {
    expect(parsePythonDate('2000-01-01T00:00:00.123456789Z')).toBeCloseTo(at('2000-01-01T00:00:00Z') + 0.123456, 6);
    expect(pyError(() => parsePythonDate(null))).toBe('ParserError: Unknown string format: None');
    expect(pyError(() => parsePythonDate('not a date'))).toBe('ParserError: Unknown string format: not a date');
    expect(pyError(() => parsePythonDate('2000-02-30'))).toBe('ParserError: day is out of range for month: 2000-02-30');
  });
});
