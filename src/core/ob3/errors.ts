import { AppError, type ErrorCode } from '../../errors.js';

export type Ob3ErrorCode = Extract<
  ErrorCode,
  | 'language-not-available'
  | 'learner-did-required'
  | 'invalid-input'
  | 'unknown-vocabulary-key'
  | 'issuer-controller-mismatch'
  | 'invalid-key'
>;

export interface Ob3ErrorDetail {
  /** JSON pointer (RFC 6901) into the input the error is about */
  pointer: string;
  detail: string;
}

/**
 * Why a credential could not be built or signed. `code` is stable (mapped to an HTTP status by the
 * problem layer); `pointer` locates the first offending value, `errors` lists all of them.
 */
export class Ob3Error extends AppError {
  readonly pointer: string;
  declare readonly code: Ob3ErrorCode;
  constructor(code: Ob3ErrorCode, errors: Ob3ErrorDetail[]) {
    super(code, errors.map((e) => `${e.pointer || '/'}: ${e.detail}`).join('; ') || code, errors);
    this.pointer = errors[0]?.pointer ?? '';
  }
}

/** Shorthand for a single-detail error. */
export function ob3Error(code: Ob3ErrorCode, pointer: string, detail: string): Ob3Error {
  return new Ob3Error(code, [{ pointer, detail }]);
}
