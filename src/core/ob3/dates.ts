import { ob3Error } from './errors.js';

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2})))?$/;

/** Whether an ISO 8601 date or date-time with timezone names a real calendar day and time of day. */
function isCalendarValid(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const [year, month, day, hour = 0, minute = 0, second = 0, offsetHour = 0, offsetMinute = 0] = m
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part)));
  const date = new Date(Date.UTC(year ?? 0, (month ?? 0) - 1, day ?? 0));
  const sameDay =
    date.getUTCFullYear() === year && date.getUTCMonth() + 1 === month && date.getUTCDate() === day;
  return sameDay && hour < 24 && minute < 60 && second < 60 && offsetHour < 24 && offsetMinute < 60;
}

/**
 * A DateTimeZ (OB 3.0 §B.3 Derived Types: date-time with the timezone): ISO 8601 in UTC, whole
 * seconds, trailing `Z` — the form Data Integrity `created` uses too. A date alone means midnight UTC.
 */
export function toDateTimeZ(value: string | Date, pointer: string): string {
  if (typeof value === 'string' && !isCalendarValid(value)) {
    throw ob3Error('invalid-input', pointer, `"${value}" is not an ISO 8601 date-time with a timezone`);
  }
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw ob3Error('invalid-input', pointer, 'not a valid date');
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** Seconds since the epoch of a date-time (a JWT NumericDate, RFC 7519 §2). */
export function numericDate(value: string | Date): number {
  const time = (value instanceof Date ? value : new Date(value)).getTime();
  return Math.floor(time / 1000);
}
