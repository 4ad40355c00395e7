import type { ErrorRequestHandler, Request, Response } from 'express';
import { AppError } from '../errors.js';
import type { Logger } from '../infra/logger.js';
import type { PageInstead } from './html.js';
import { isDuplicateKeyError, isStoreUnavailable } from '../infra/mongo.js';

export const PROBLEM_TYPE = 'application/problem+json';

/**
 * RFC 9457 problem details with Tilts' `code`, `errors[]` and `requestId` extension members. A 503
 * (the service cannot answer now) asked for by a browser gets `pageInstead`, a page in its language.
 */
export function sendProblem(
  req: Request,
  res: Response,
  error: AppError,
  publicUrl: string,
  pageInstead?: PageInstead,
): void {
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  if (error.status === 503 && pageInstead?.(req, res)) return;
  res
    .status(error.status)
    .type(PROBLEM_TYPE)
    .send(
      JSON.stringify({
        type: `${publicUrl}/docs#problem-${error.code}`,
        title: error.title,
        status: error.status,
        detail: error.message,
        instance: safeInstance(req),
        code: error.code,
        errors: error.errors,
        requestId: res.locals.requestId,
      }),
    );
}

/** The request path as sent (still percent-encoded, so a malformed path cannot break the answer). */
const safeInstance = (req: Request): string => (req.originalUrl.split('?')[0] ?? '').slice(0, 2048);

interface LibraryError {
  name?: string;
  type?: string;
  status?: number;
  limit?: number;
}

const unavailable = () =>
  new AppError('service-unavailable', 'The store is unavailable; try again shortly', [], {
    'Retry-After': '5',
  });

/**
 * The one mapping of what libraries throw (body parser, router, store driver) onto our codes. Our
 * own errors (every core error class extends AppError) pass through unchanged; anything else is
 * unknown: undefined, and the caller answers a logged 500.
 */
export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const e = error as LibraryError | null | undefined;
  if (e?.type === 'entity.parse.failed')
    return new AppError('malformed-json', 'The request body is not valid JSON', [
      { pointer: '', detail: 'not valid JSON' },
    ]);
  if (e?.type === 'entity.too.large')
    return new AppError('payload-too-large', `The request body exceeds the limit of ${e.limit} bytes`, [
      { pointer: '', detail: 'body too large' },
    ]);
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported')
    return new AppError('unsupported-media-type', 'Unsupported body encoding or charset');
  if (e?.status && e.status >= 400 && e.status < 500 && e.type)
    return new AppError('invalid-request', 'The request body could not be read');
  if (error instanceof URIError)
    return new AppError('malformed-path', 'The request path is not valid percent-encoded UTF-8', [
      { pointer: '', detail: 'malformed percent-encoding in the path' },
    ]);
  if (isDuplicateKeyError(error))
    return new AppError('conflict', 'A record with the same unique value exists');
  if (isStoreUnavailable(error)) return unavailable();
  return undefined;
}

export function createProblemHandler(
  publicUrl: string,
  logger: Logger,
  pageInstead?: PageInstead,
): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const requestId = res.locals.requestId as string | undefined;
    const known = toAppError(error);
    if (known && !known.internal) {
      if (known.status >= 500) logger.error('request failed', { requestId, code: known.code });
      sendProblem(req, res, known, publicUrl, pageInstead);
      return;
    }
    const err = error as Error;
    // the message may quote request values (personal data) or internals: log the name, code and frames only
    const frames = err?.stack?.split('\n').slice(1, 8).join('\n');
    logger.error('unhandled error', { requestId, error: err?.name, code: known?.code, frames });
    if (res.headersSent) return void res.destroy();
    sendProblem(
      req,
      res,
      new AppError(known?.code ?? 'internal-error', 'An internal error occurred; it has been logged'),
      publicUrl,
    );
  };
}
