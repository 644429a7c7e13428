/**
 * StackStorm's `date_utils.parse(value)`: `dateutil.parser.parse(str(value))`, a naive result taken
 * as UTC. dateutil guesses at almost anything; this covers the forms timestamps really arrive in:
 * ISO 8601 (extended and basic, `T` or space, fractions, `Z`/`UTC`/`GMT`/`±hh[:mm]`), `2000/01/02 10:11`,
 * `12/31/2014`, RFC 2822 / HTTP dates, `Jul 1 2014 10:00` and `ctime()` output. Text dateutil would read
 * by filling in today's date (`"42"`, `"10:00"`) is refused, as is anything it refuses.
 */
import { PythonError } from './errors.js';
import { pythonStr } from './repr.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_RE = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const DAY_RE = '(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\\s+)?';
const TIME_RE = '(\\d{1,2})(?::(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?)?';
const TZ_RE = '\\s*(z|utc|gmt|[+-]\\d{2}(?::?\\d{2})?)?';

interface Parts {
  year: string;
  month: string | number;
  day: string;
  hour?: string | undefined;
  minute?: string | undefined;
  second?: string | undefined;
  fraction?: string | undefined;
  tz?: string | undefined;
}

type Reader = (m: RegExpExecArray) => Parts;

const monthOf = (name: string): number => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;

const FORMATS: [RegExp, Reader][] = [
  // 2000-01-01T00:00:00.123Z, 2000-01-01 00:00, 2000/01/02 10:11, 2000-1-2
  [
    new RegExp(`^(\\d{4})([-/])(\\d{1,2})\\2(\\d{1,2})(?:[t\\s]\\s*${TIME_RE})?${TZ_RE}$`, 'i'),
    (m) => ({ year: m[1]!, month: m[3]!, day: m[4]!, hour: m[5], minute: m[6], second: m[7], fraction: m[8], tz: m[9] }),
  ],
  // 20000101T000000Z
  [
    new RegExp(`^(\\d{4})(\\d{2})(\\d{2})(?:t(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:[.,](\\d+))?)?)?)?${TZ_RE}$`, 'i'),
    (m) => ({ year: m[1]!, month: m[2]!, day: m[3]!, hour: m[4], minute: m[5], second: m[6], fraction: m[7], tz: m[8] }),
  ],
  // 12/31/2014 [10:00]
  [
    new RegExp(`^(\\d{1,2})/(\\d{1,2})/(\\d{4})(?:\\s+${TIME_RE})?${TZ_RE}$`, 'i'),
    (m) => ({ year: m[3]!, month: m[1]!, day: m[2]!, hour: m[4], minute: m[5], second: m[6], fraction: m[7], tz: m[8] }),
  ],
  // Tue, 01 Jul 2014 00:01:01 GMT
  [
    new RegExp(`^${DAY_RE}(\\d{1,2})\\s+${MONTH_RE}\\s+(\\d{4})(?:\\s+${TIME_RE})?${TZ_RE}$`, 'i'),
    (m) => ({ year: m[3]!, month: monthOf(m[2]!), day: m[1]!, hour: m[4], minute: m[5], second: m[6], fraction: m[7], tz: m[8] }),
  ],
  // Jul 1 2014, July 1, 2014 10:00
  [
    new RegExp(`^${DAY_RE}${MONTH_RE}\\s+(\\d{1,2}),?\\s+(\\d{4})(?:\\s+${TIME_RE})?${TZ_RE}$`, 'i'),
    (m) => ({ year: m[3]!, month: monthOf(m[1]!), day: m[2]!, hour: m[4], minute: m[5], second: m[6], fraction: m[7], tz: m[8] }),
  ],
  // Tue Jul  1 00:01:01 2014
  [
    new RegExp(`^${DAY_RE}${MONTH_RE}\\s+(\\d{1,2})\\s+${TIME_RE}\\s+(\\d{4})${TZ_RE}$`, 'i'),
    (m) => ({ year: m[7]!, month: monthOf(m[1]!), day: m[2]!, hour: m[3], minute: m[4], second: m[5], fraction: m[6], tz: m[8] }),
  ],
];

function tzOffsetSeconds(tz: string | undefined): number {
  if (!tz || /^(z|utc|gmt)$/i.test(tz)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(tz)!;
  const seconds = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60;
  return m[1] === '-' ? -seconds : seconds;
}

function toEpochSeconds(p: Parts, text: string): number {
  const year = Number(p.year);
  const month = Number(p.month);
  const day = Number(p.day);
  const hour = Number(p.hour ?? 0);
  const minute = Number(p.minute ?? 0);
  const second = Number(p.second ?? 0);
  if (month < 1 || month > 12) throw new PythonError('ParserError', `month must be in 1..12: ${text}`);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) throw new PythonError('ParserError', `day is out of range for month: ${text}`);
  if (hour > 23) throw new PythonError('ParserError', `hour must be in 0..23: ${text}`);
  if (minute > 59) throw new PythonError('ParserError', `minute must be in 0..59: ${text}`);
  if (second > 59) throw new PythonError('ParserError', `second must be in 0..59: ${text}`);
  // Python datetimes keep microseconds: digits past the sixth are dropped, not rounded.
  const micros = Number((p.fraction ?? '').slice(0, 6).padEnd(6, '0'));
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC maps years 0..99 to 1900..1999; Python does not.
  const fixed = year < 100 ? new Date(ms).setUTCFullYear(year) : ms;
  return fixed / 1000 + micros / 1e6 - tzOffsetSeconds(p.tz);
}

/**
 * Seconds since the epoch (with microseconds) of `str(value)` read as a date, UTC unless it says
 * otherwise. Throws `ParserError: Unknown string format: <text>` as dateutil does.
 */
export function parsePythonDate(value: unknown): number {
  const text = pythonStr(value);
  const trimmed = text.trim();
  for (const [re, read] of FORMATS) {
    const m = re.exec(trimmed);
    if (m) return toEpochSeconds(read(m), text);
  }
  throw new PythonError('ParserError', `Unknown string format: ${text}`);
}
