import { AppError } from '../../errors.js';

export type KeyErrorCode = 'invalid-key';

/** A key that cannot be used: wrong type, wrong curve, or malformed encoding. */
export class KeyError extends AppError {
  declare readonly code: KeyErrorCode;
  constructor(code: KeyErrorCode, message: string) {
    super(code, message);
  }
}
