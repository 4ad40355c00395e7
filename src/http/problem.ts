import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Logger } from '../infra/logger.js';
import { isDuplicateKeyError } from '../infra/mongo.js';
import { AppError, titleOf, type ErrorCode } from './errors.js';

export const PROBLEM_TYPE = 'application/problem+json';

/** RFC 9457 problem details with Tilts' `code`, `errors[]` and `requestId` extension members. */
export function sendProblem(req: Request, res: Response, error: AppError, publicUrl: string): void {
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res
    .status(error.status)
    .type(PROBLEM_TYPE)
    .send(
      JSON.stringify({
        type: `${publicUrl}/docs#problem-${error.code}`,
        title: titleOf(error.code),
        status: error.status,
        detail: error.message,
        instance: req.originalUrl.split('?')[0],
        code: error.code,
        errors: error.errors,
        requestId: res.locals.requestId,
      }),
    );
}

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/** Maps what libraries throw onto our codes; anything unknown becomes a 500 without internals. */
function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const bp = error as BodyParserError;
  if (bp?.type === 'entity.parse.failed')
    return new AppError('malformed-json', 'The request body is not valid JSON', [
      { pointer: '', detail: 'not valid JSON' },
    ]);
  if (bp?.type === 'entity.too.large')
    return new AppError('payload-too-large', `The request body exceeds the limit of ${bp.limit} bytes`, [
      { pointer: '', detail: 'body too large' },
    ]);
  if (bp?.type === 'encoding.unsupported' || bp?.type === 'charset.unsupported')
    return new AppError('unsupported-media-type', 'Unsupported body encoding or charset');
  if (bp?.status && bp.status >= 400 && bp.status < 500 && bp.type)
    return new AppError('invalid-request', 'The request body could not be read');
  const mongo = error as { code?: number; name?: string };
  if (isDuplicateKeyError(error))
    return new AppError('conflict', 'A record with the same unique value exists');
  if (
    mongo?.name === 'MongoServerSelectionError' ||
    mongo?.name === 'MongoNetworkError' ||
    mongo?.name === 'MongoNotConnectedError'
  ) {
    return new AppError('service-unavailable', 'The store is unavailable; try again shortly', [], {
      'Retry-After': '5',
    });
  }
  return undefined;
}

export function createProblemHandler(publicUrl: string, logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known = toAppError(error);
    if (known) {
      if (known.status >= 500)
        logger.error('request failed', { requestId: res.locals.requestId, code: known.code });
      sendProblem(req, res, known, publicUrl);
      return;
    }
    const err = error as Error;
    // the message may quote request values (personal data): log the error's name and frames only
    const frames = err?.stack?.split('\n').slice(1, 8).join('\n');
    logger.error('unhandled error', { requestId: res.locals.requestId, error: err?.name, frames });
    sendProblem(
      req,
      res,
      new AppError('internal-error' as ErrorCode, 'An internal error occurred; it has been logged'),
      publicUrl,
    );
  };
}
