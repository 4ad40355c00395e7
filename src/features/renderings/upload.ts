import busboy from 'busboy';
import type { Request, Response } from 'express';
import { AppError } from '../../errors.js';
import type { UploadedFile } from './verify-file.service.js';

/** The largest file read (10 MB: a phone photo, any PDF certificate); a body over 32 MB is not read at all. */
export const UPLOAD_LIMITS = { fileBytes: 10 * 1024 * 1024, bodyBytes: 32 * 1024 * 1024 };

const tooLarge = (): AppError =>
  new AppError('payload-too-large', `The file exceeds the limit of ${UPLOAD_LIMITS.fileBytes} bytes`, [
    { pointer: '/file', detail: `larger than ${UPLOAD_LIMITS.fileBytes} bytes` },
  ]);

const missing = (): AppError =>
  new AppError('file-missing', 'Send the file in the multipart/form-data field "file"', [
    { pointer: '/file', detail: 'is required' },
  ]);

/**
 * Reads the one file of a multipart/form-data upload (field `file`) with busboy, within limits:
 * the file is kept up to `fileBytes` and the rest of the body is drained and dropped; a body that
 * declares or reaches `bodyBytes` is refused without being read.
 */
export function readUpload(req: Request, res: Response): Promise<UploadedFile> {
  if (!req.is('multipart/form-data'))
    throw new AppError('unsupported-media-type', 'Send the file as multipart/form-data in the field "file"');
  if (Number(req.get('content-length') ?? 0) > UPLOAD_LIMITS.bodyBytes) {
    res.setHeader('Connection', 'close');
    throw tooLarge();
  }
  return new Promise((resolve, reject) => {
    let file: UploadedFile | undefined;
    let truncated = false;
    let received = 0;
    const parser = busboy({
      headers: req.headers,
      limits: { fileSize: UPLOAD_LIMITS.fileBytes, files: 1, fields: 10, fieldSize: 4096, parts: 12 },
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file') return void stream.resume();
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => (truncated = true));
      stream.on('end', () => {
        file = { bytes: Buffer.concat(chunks), filename: info.filename ?? '', mimeType: info.mimeType ?? '' };
      });
    });
    parser.on('error', () =>
      reject(new AppError('invalid-request', 'The multipart/form-data body is malformed')),
    );
    parser.on('close', () => {
      if (truncated) reject(tooLarge());
      else if (!file || file.bytes.length === 0) reject(missing());
      else resolve(file);
    });
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > UPLOAD_LIMITS.bodyBytes) req.destroy();
    });
    req.pipe(parser);
  });
}
