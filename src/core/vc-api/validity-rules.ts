/**
 * Date rules: VC 2.0 §4.9 Validity Period (validFrom/validUntil) and VC 1.1 §4.6 Issuance Date /
 * §4.8 Expiration (issuanceDate/expirationDate).
 */
import type { JsonObject } from '../types.js';
import type { VcVersion } from './context-rules.js';
import type { IssueRequestIssue } from './issue-errors.js';
import { isDateTimeStamp, issueAt, pointerTo } from './values.js';

const V1_DATES = ['issuanceDate', 'expirationDate'] as const;
const V2_DATES = ['validFrom', 'validUntil'] as const;

function checkDateFormats(credential: JsonObject, base: string, version: VcVersion): IssueRequestIssue[] {
  const properties = version === '1.1' ? [...V1_DATES, ...V2_DATES] : V2_DATES;
  return properties.flatMap((property) =>
    credential[property] !== undefined && !isDateTimeStamp(credential[property])
      ? [
          issueAt(
            pointerTo(base, property),
            'invalid-date',
            `${property} must be an XML Schema dateTimeStamp with a timezone, e.g. 2025-01-31T12:00:00Z`,
          ),
        ]
      : [],
  );
}

function checkOrder(credential: JsonObject, base: string, start: string, end: string): IssueRequestIssue[] {
  const from = credential[start];
  const until = credential[end];
  if (!isDateTimeStamp(from) || !isDateTimeStamp(until)) return [];
  if (Date.parse(from) <= Date.parse(until)) return [];
  return [
    issueAt(pointerTo(base, end), 'invalid-validity-period', `${end} must not be earlier than ${start}`),
  ];
}

/**
 * VC 2.0 credentials carry validFrom/validUntil, "an [XMLSCHEMA11-2] dateTimeStamp string", and "If a
 * validUntil value also exists, the validFrom value MUST express a datetime that is temporally the same
 * or earlier". The VC 1.1 terms issuanceDate/expirationDate are not defined by the v2 context, so in a
 * 2.0 credential they are a version mix-up, not an extension. VC 1.1 credentials get the same format and
 * order checks on issuanceDate/expirationDate (and on validFrom/validUntil, which the v1 context defines).
 */
export function checkValidity(credential: JsonObject, base: string, version: VcVersion): IssueRequestIssue[] {
  const mixups =
    version === '2.0'
      ? V1_DATES.filter((p) => credential[p] !== undefined).map((p) =>
          issueAt(
            pointerTo(base, p),
            'version-mismatch',
            `${p} is VC 1.1; a VC 2.0 credential uses validFrom/validUntil`,
          ),
        )
      : [];
  return [
    ...mixups,
    ...checkDateFormats(credential, base, version),
    ...checkOrder(credential, base, 'validFrom', 'validUntil'),
    ...(version === '1.1' ? checkOrder(credential, base, 'issuanceDate', 'expirationDate') : []),
  ];
}
