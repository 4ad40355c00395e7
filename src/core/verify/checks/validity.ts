import type { Check } from '../types.js';
import { isVc1, type JsonRecord } from '../util.js';
import { fail, pass, type CheckContext } from './check-context.js';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

interface Bound {
  at: number;
  label: string;
}

/** An XSD dateTime in ms; a value without a time zone is read as UTC, so the result never depends on the host. */
function parseDate(value: unknown): number | undefined {
  if (typeof value !== 'string' || !DATE_TIME.test(value)) return undefined;
  return Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`);
}

function bound(credential: JsonRecord, property: string): Bound | undefined | 'invalid' {
  const value = credential[property];
  if (value === undefined) return undefined;
  const at = parseDate(value);
  return at === undefined ? 'invalid' : { at, label: `${property} ${String(value)}` };
}

function jwtBound(claims: JsonRecord | undefined, claim: 'nbf' | 'exp'): Bound | undefined {
  const value = claims?.[claim];
  return typeof value === 'number'
    ? { at: value * 1000, label: `JWT ${claim} ${new Date(value * 1000).toISOString()}` }
    : undefined;
}

function tighter(a: Bound | undefined, b: Bound | undefined, later: boolean): Bound | undefined {
  if (!a || !b) return a ?? b;
  return (later ? a.at >= b.at : a.at <= b.at) ? a : b;
}

/**
 * The `validity` check (VC 2.0 §4.9 "Validity Period"; VC 1.1 "Issuance Date" / "Expiration";
 * OB 3.0 "OpenBadgeCredential Verification" step 4): not before validFrom, not after validUntil, as
 * of the injected clock. A VC-JWT's nbf / exp bound it too.
 */
export function checkValidity({ credential, jwt, deps, now }: CheckContext): Check {
  const v1 = isVc1(credential);
  const from = bound(credential, v1 ? 'issuanceDate' : 'validFrom');
  const until = bound(credential, v1 ? 'expirationDate' : 'validUntil');
  if (from === 'invalid' || until === 'invalid')
    return fail('validity', 'date-invalid', 'a validity date is not an XSD dateTime');
  if (v1 && !from) return fail('validity', 'date-invalid', 'a VC 1.1 credential needs an issuanceDate');
  const start = tighter(from, jwtBound(jwt?.payload, 'nbf'), true);
  const end = tighter(until, jwtBound(jwt?.payload, 'exp'), false);
  if (start && end && start.at > end.at)
    return fail('validity', 'date-invalid', `${start.label} is after ${end.label}`);
  const skew = (deps.maxClockSkewSeconds ?? 0) * 1000;
  const at = now.getTime();
  if (start && at + skew < start.at)
    return fail('validity', 'not-yet-valid', `not valid before ${start.label}`);
  if (end && at - skew > end.at) return fail('validity', 'expired', `expired: ${end.label}`);
  return pass('validity', `valid as of ${now.toISOString()}`);
}
