/** One entry of a problem's `errors` list: a JSON pointer into the request and what is wrong there. */
export interface FieldError {
  pointer: string;
  detail: string;
}

/** Stable error codes and their HTTP status: the one table that maps codes to statuses. */
export const ERROR_STATUS = {
  'malformed-json': 400,
  'invalid-request': 400,
  'unsupported-media-type': 415,
  'payload-too-large': 413,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  conflict: 409,
  'unprocessable-entity': 422,
  'credential-invalid': 422,
  'language-not-available': 422,
  'learner-did-required': 422,
  'status-change-refused': 409,
  'too-many-requests': 429,
  'service-unavailable': 503,
  'internal-error': 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

const TITLES: Record<ErrorCode, string> = {
  'malformed-json': 'Malformed JSON',
  'invalid-request': 'Invalid request',
  'unsupported-media-type': 'Unsupported media type',
  'payload-too-large': 'Request body too large',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  'not-found': 'Not found',
  'method-not-allowed': 'Method not allowed',
  conflict: 'Conflict',
  'unprocessable-entity': 'Unprocessable entity',
  'credential-invalid': 'Credential invalid',
  'language-not-available': 'Language not available',
  'learner-did-required': 'Learner DID required',
  'status-change-refused': 'Status change refused',
  'too-many-requests': 'Too many requests',
  'service-unavailable': 'Service unavailable',
  'internal-error': 'Internal error',
};

export function titleOf(code: ErrorCode): string {
  return TITLES[code];
}

/** The one application error: a stable code, a human detail, and field errors with pointers. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    detail: string,
    readonly errors: FieldError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string): AppError => new AppError('not-found', `${what} not found`);

export const invalid = (pointer: string, detail: string, code: ErrorCode = 'invalid-request'): AppError =>
  new AppError(code, detail, [{ pointer, detail }]);

/** The value, or undefined when the work failed with 404; every other failure (a store outage) propagates. */
export async function unlessNotFound<T>(work: Promise<T>): Promise<T | undefined> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AppError && error.code === 'not-found') return undefined;
    throw error;
  }
}
