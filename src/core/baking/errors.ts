import { AppError, type ErrorCode } from '../../errors.js';

export type BakingErrorCode = Extract<
  ErrorCode,
  | 'file-unsupported'
  | 'file-not-image'
  | 'image-unreadable'
  | 'image-too-large'
  | 'image-no-credential'
  | 'svg-no-credential'
  | 'pdf-unreadable'
  | 'pdf-no-credential'
  | 'qr-no-credential'
>;

/**
 * Why no credential could be read out of a file (a baked badge, a PDF, a picture of a QR code). Every
 * such problem is about the uploaded file, so its pointer is `/file`.
 */
export class BakingError extends AppError {
  declare readonly code: BakingErrorCode;
  constructor(code: BakingErrorCode, detail: string) {
    super(code, detail, [{ pointer: '/file', detail }]);
  }
}
