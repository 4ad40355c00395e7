export type KeyErrorCode = 'invalid-key';

/** A key that cannot be used: wrong type, wrong curve, or malformed encoding. */
export class KeyError extends Error {
  override readonly name = 'KeyError';
  constructor(
    readonly code: KeyErrorCode,
    message: string,
  ) {
    super(message);
  }
}
