/**
 * The one error model, below every layer (core, features, http and infra all import it): one base
 * class with a stable kebab-case `code`, and one table that gives every code its HTTP status. Core
 * error classes extend {@link AppError} with a narrower code type, so a code thrown anywhere reaches
 * the client unchanged; the problem layer maps only what libraries throw.
 */

/** One entry of a problem's `errors` list: a JSON pointer into the request and what is wrong there. */
export interface FieldError {
  pointer: string;
  detail: string;
  /** the rule that failed, where a request can break several (VC-API issue requests) */
  code?: ErrorCode;
}

/** Every stable error code and its HTTP status: the one table. */
export const ERROR_STATUS = {
  // the request as a whole
  'malformed-json': 400,
  'malformed-path': 400,
  'json-too-deep': 400,
  'invalid-request': 400,
  'unsupported-media-type': 415,
  'payload-too-large': 413,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  conflict: 409,
  'idempotency-key-reused': 409,
  'idempotency-key-in-progress': 409,
  'status-change-refused': 409,
  'too-many-requests': 429,
  // issuance jobs: whole-file problems of an upload, and the job's own lifecycle
  'csv-invalid': 400,
  'csv-not-utf8': 400,
  'csv-unknown-column': 400,
  'too-many-rows': 413,
  'no-rows-to-issue': 422,
  'duplicate-row': 409,
  'issuance-job-finished': 409,
  // what the request asks for cannot be done with these records
  'unprocessable-entity': 422,
  'credential-invalid': 422,
  'language-not-available': 422,
  'learner-did-required': 422,
  'invalid-input': 422,
  'unknown-vocabulary-key': 422,
  // European Digital Credentials (features/edc)
  'edc-invalid': 422,
  'seal-certificate-invalid': 422,
  // VC-API issue requests (core/vc-api): one code per rule family
  'invalid-request-body': 400,
  'unknown-field': 400,
  'missing-credential': 400,
  'invalid-options': 400,
  'unknown-option': 400,
  'unsupported-option': 400,
  'missing-context': 400,
  'invalid-context': 400,
  'unknown-context': 400,
  'missing-type': 400,
  'invalid-type': 400,
  'invalid-id': 400,
  'invalid-issuer': 400,
  'issuer-mismatch': 400,
  'missing-credential-subject': 400,
  'invalid-credential-subject': 400,
  'invalid-name': 400,
  'invalid-description': 400,
  'invalid-date': 400,
  'invalid-validity-period': 400,
  'version-mismatch': 400,
  'proof-not-allowed': 400,
  'invalid-property': 400,
  'invalid-credential-schema': 400,
  'invalid-status-entry': 400,
  'invalid-related-resource': 400,
  'undefined-term': 400,
  'invalid-json-ld': 400,
  // POST /api/v1/verify/file: the uploaded file (pointer /file)
  'file-missing': 400,
  'file-unsupported': 415,
  'file-not-image': 422,
  'image-unreadable': 422,
  'image-too-large': 413,
  'image-no-credential': 422,
  'svg-no-credential': 422,
  'pdf-unreadable': 422,
  'pdf-no-credential': 422,
  'qr-no-credential': 422,
  'qr-link-elsewhere': 422,
  // someone else's document could not be used (remote fetches, status lists read from elsewhere)
  'remote-url-refused': 502,
  'remote-host-refused': 502,
  'remote-dns-failed': 502,
  'remote-timeout': 504,
  'remote-too-large': 502,
  'remote-too-many-redirects': 502,
  'remote-http-error': 502,
  'remote-invalid-json': 502,
  'remote-fetch-failed': 502,
  'remote-fetch-budget-exhausted': 502,
  'status-list-malformed': 502,
  'status-list-too-small': 502,
  'status-index-out-of-range': 502,
  // the service cannot answer now ("could not check" is never "not genuine")
  'service-unavailable': 503,
  'store-timeout': 503,
  // our own fault: logged, never detailed to the client
  'invalid-key': 500,
  'invalid-issuer-key': 500,
  'issuer-controller-mismatch': 500,
  'document-not-found': 500,
  'secret-undecryptable': 500,
  'internal-error': 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

const TITLES: Partial<Record<ErrorCode, string>> = {
  'malformed-json': 'Malformed JSON',
  'malformed-path': 'Malformed path',
  'json-too-deep': 'JSON nested too deeply',
  'payload-too-large': 'Request body too large',
  'learner-did-required': 'Learner DID required',
  'invalid-json-ld': 'Invalid JSON-LD',
  'edc-invalid': 'Invalid European Digital Credential',
  'remote-dns-failed': 'Remote DNS failed',
  'remote-http-error': 'Remote HTTP error',
  'remote-invalid-json': 'Remote invalid JSON',
  'remote-url-refused': 'Remote URL refused',
  'csv-invalid': 'Invalid CSV file',
  'csv-not-utf8': 'CSV file not UTF-8',
  'csv-unknown-column': 'Unknown CSV column',
  'svg-no-credential': 'SVG without a baked credential',
  'pdf-unreadable': 'PDF unreadable',
  'pdf-no-credential': 'PDF without an attached credential',
  'qr-no-credential': 'QR code without a credential',
  'qr-link-elsewhere': 'QR code links elsewhere',
};

/** The RFC 9457 `title` of a code: the same for every occurrence of the problem type. */
export function titleOf(code: ErrorCode): string {
  const words = code.replace(/-/g, ' ');
  return TITLES[code] ?? words.charAt(0).toUpperCase() + words.slice(1);
}

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value);

/** The one application error: a stable code, a human detail, and field errors with pointers. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    detail: string,
    readonly errors: FieldError[] = [],
    readonly headers: Record<string, string> = {},
    options?: { cause?: unknown },
  ) {
    super(detail, options);
    this.name = new.target.name;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  get title(): string {
    return titleOf(this.code);
  }

  /** 5xx: our side failed (or could not check); the detail may name internals and is not shown. */
  get internal(): boolean {
    return this.status >= 500 && this.code !== 'service-unavailable' && this.code !== 'store-timeout';
  }
}

export const notFound = (what: string): AppError => new AppError('not-found', `${what} not found`);

export const invalid = (pointer: string, detail: string, code: ErrorCode = 'invalid-request'): AppError =>
  new AppError(code, detail, [{ pointer, detail }]);
