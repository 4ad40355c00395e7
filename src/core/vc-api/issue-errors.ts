/**
 * Errors of the VC-API issuer core (`POST /credentials/issue`). Every problem in a request is reported
 * as a JSON pointer into the request body plus a stable kebab-case code; the route maps
 * {@link IssueRequestError} to HTTP 400 (RFC 9457 problem details with `errors[{pointer, detail}]`).
 */

import { AppError, type ErrorCode } from '../../errors.js';

/** Stable codes, one per rule family; clients may switch on them (each in the one table, src/errors.ts). */
export const ISSUE_REQUEST_ERROR_CODES = [
  'invalid-request-body',
  'unknown-field',
  'missing-credential',
  'invalid-options',
  'unknown-option',
  'unsupported-option',
  'missing-context',
  'invalid-context',
  'unknown-context',
  'missing-type',
  'invalid-type',
  'invalid-id',
  'invalid-issuer',
  'issuer-mismatch',
  'missing-credential-subject',
  'invalid-credential-subject',
  'invalid-name',
  'invalid-description',
  'invalid-date',
  'invalid-validity-period',
  'version-mismatch',
  'proof-not-allowed',
  'invalid-property',
  'invalid-credential-schema',
  'invalid-status-entry',
  'invalid-related-resource',
  'undefined-term',
  'invalid-json-ld',
] as const satisfies readonly ErrorCode[];

export type IssueRequestErrorCode = (typeof ISSUE_REQUEST_ERROR_CODES)[number];

/** One problem: where (RFC 6901 pointer into the request body), what (code) and why (detail). */
export interface IssueRequestIssue {
  pointer: string;
  code: IssueRequestErrorCode;
  detail: string;
}

/**
 * The request cannot be issued as sent. `code` is the code of the first (most fundamental) issue;
 * `errors` lists every issue found, so a caller can fix them all in one round trip.
 */
export class IssueRequestError extends AppError {
  declare readonly code: IssueRequestErrorCode;
  declare readonly errors: IssueRequestIssue[];

  constructor(errors: readonly IssueRequestIssue[]) {
    const [first] = errors;
    if (!first) throw new TypeError('IssueRequestError needs at least one issue');
    super(first.code, `invalid issue request: ${first.detail} (at ${first.pointer || '/'})`, [...errors]);
  }
}

export function isIssueRequestError(error: unknown): error is IssueRequestError {
  return error instanceof IssueRequestError;
}

/**
 * The issuer's own key material is unusable (a configuration fault, not a client error: the route
 * should let it become a 500).
 */
export class IssuerKeyError extends AppError {
  constructor(detail: string) {
    super('invalid-issuer-key', detail);
  }
}
