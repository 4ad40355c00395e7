/**
 * Small value predicates shared by the issue-request rules: JSON shapes, URLs, XML Schema
 * dateTimeStamps and JSON pointers.
 */
import type { JsonObject, JsonValue } from '../types.js';
import type { IssueRequestErrorCode, IssueRequestIssue } from './issue-errors.js';

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON-LD "one or many": a single value or an array, always handed back as an array. */
export function asArray(value: JsonValue): JsonValue[] {
  return Array.isArray(value) ? value : [value];
}

/**
 * An absolute URL (VC 2.0 §4.4 Identifiers: "a single URL"): a scheme, a colon, then no whitespace,
 * and parseable by the WHATWG URL parser. Accepts https:, did:, urn: … ; refuses relative references
 * and things like "https ://example".
 */
export function isUrl(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * XML Schema 1.1 dateTimeStamp (a dateTime whose timezone is mandatory), as VC 2.0 §4.9 Validity
 * Period requires of validFrom/validUntil; used for VC 1.1 issuanceDate/expirationDate (§4.6 Issuance
 * Date, §4.8 Expiration) too, whose RFC 3339 form also carries an offset. Years are limited to four
 * digits, which every verifier can parse and compare.
 */
const DATE_TIME_STAMP =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T(?:([01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?|24:00:00(?:\.0+)?)(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isDateTimeStamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE_TIME_STAMP.exec(value);
  if (!match) return false;
  const [, year, month, day] = match;
  return Number(day) <= daysInMonth(Number(year), Number(month));
}

/** Seconds-precision UTC dateTimeStamp of an instant, the form Data Integrity uses for `created`. */
export function toDateTimeStamp(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Appends a reference token to a JSON pointer (RFC 6901 §3 escaping). */
export function pointerTo(base: string, token: string | number): string {
  return `${base}/${String(token).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

export function issueAt(pointer: string, code: IssueRequestErrorCode, detail: string): IssueRequestIssue {
  return { pointer, code, detail };
}
