import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Request } from 'express';
import { AppError } from '../../errors.js';
import { uploadTooLarge } from './csv-reader.js';

/** A file being uploaded: its bytes as they arrive, and the form fields sent before it. */
export interface Upload {
  fields: Record<string, string>;
  bytes: AsyncIterable<Uint8Array>;
  fileName?: string;
  /** drains what was not read (a refused upload), so the request ends and the answer is read */
  discard(): void;
}

const MULTIPART_OVERHEAD = 64 * 1024;

const brokenOff = () =>
  new AppError('invalid-request', 'The upload could not be read to its end', [
    { pointer: '', detail: 'the request body broke off or is malformed' },
  ]);

/**
 * The stream's bytes. Stopping early leaves the stream open (the rest is drained, so the answer can
 * still be sent), and a stream that breaks off is a client problem, not ours.
 */
async function* bytesOf(stream: Readable): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream.iterator({ destroyOnReturn: false })) yield chunk as Uint8Array;
  } catch {
    throw brokenOff();
  } finally {
    stream.resume();
  }
}

/** Refuses an upload whose declared size is over the limit before reading any of it. */
function checkDeclaredSize(req: Request, maxBytes: number, overhead: number): void {
  const declared = Number(req.get('content-length') ?? 0);
  if (declared > maxBytes + overhead) throw uploadTooLarge(maxBytes);
}

/** A text/csv body: the body is the file. */
export function csvUpload(req: Request, maxBytes: number): Upload {
  checkDeclaredSize(req, maxBytes, 0);
  return { fields: {}, bytes: bytesOf(req), discard: () => req.resume() };
}

const wrongPart = (name: string) =>
  new AppError('invalid-request', `Send the CSV as the one form part named "file", not "${name}"`);

const noFilePart = () =>
  new AppError('invalid-request', 'The form has no file part named "file"', [
    { pointer: '/file', detail: 'is required' },
  ]);

function multipartParser(req: Request, maxBytes: number): busboy.Busboy {
  try {
    return busboy({
      headers: req.headers,
      limits: { files: 1, fields: 10, parts: 12, fieldSize: 1024, fileSize: maxBytes + 1 },
    });
  } catch {
    throw new AppError('invalid-request', 'The multipart body has no boundary');
  }
}

/**
 * Settles the upload from the parser's events: the first part named `file` resolves it with the fields
 * read so far; any other file part, a broken body or a form without the file rejects it.
 */
function settleFromParts(
  req: Request,
  parser: busboy.Busboy,
  resolve: (upload: Upload) => void,
  reject: (error: AppError) => void,
): void {
  const fields: Record<string, string> = {};
  let file: Readable | undefined;
  const fail = () => {
    file?.destroy(brokenOff());
    reject(brokenOff());
  };
  parser.on('field', (name, value) => (fields[name] = value));
  parser.on('file', (name, stream, info) => {
    if (name !== 'file' || file) {
      stream.resume();
      reject(wrongPart(name));
      return;
    }
    file = stream;
    const discard = () => stream.resume();
    resolve({ fields, bytes: bytesOf(stream), fileName: info.filename?.slice(0, 200), discard });
  });
  parser.on('error', fail);
  req.once('aborted', fail);
  parser.on('close', () => reject(noFilePart()));
}

/**
 * A multipart/form-data body with one file part named `file`; the form fields must come before it
 * (they are the job's settings, needed before the first row is read).
 */
export function multipartUpload(req: Request, maxBytes: number): Promise<Upload> {
  checkDeclaredSize(req, maxBytes, MULTIPART_OVERHEAD);
  return new Promise((resolve, reject) => {
    // a throw here (no boundary) rejects the promise, as the executor's own throws do
    const parser = multipartParser(req, maxBytes);
    settleFromParts(req, parser, resolve, reject);
    req.pipe(parser);
  });
}
