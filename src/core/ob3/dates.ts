import { ob3Error } from './errors.js';

/**
 * A DateTimeZ (OB 3.0 §B.3 Derived Types: date-time with the timezone): ISO 8601 in UTC, whole
 * seconds, trailing `Z` — the form Data Integrity `created` uses too.
 */
export function toDateTimeZ(value: string | Date, pointer: string): string {
  const date = value instanceof Date ? value : new Date(value);
  const time = date.getTime();
  if (typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(value)) {
    throw ob3Error('invalid-input', pointer, `"${value}" is not an ISO 8601 date-time with a timezone`);
  }
  if (Number.isNaN(time)) throw ob3Error('invalid-input', pointer, 'not a valid date');
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** Seconds since the epoch of a date-time (a JWT NumericDate, RFC 7519 §2). */
export function numericDate(value: string | Date): number {
  const time = (value instanceof Date ? value : new Date(value)).getTime();
  return Math.floor(time / 1000);
}
