import type { RequestHandler, Response } from 'express';
import { AppError } from '../errors.js';
import type { Logger } from '../infra/logger.js';
import type { PageInstead } from './html.js';
import { sendProblem } from './problem.js';

/**
 * By when every request is answered. The store's own timeouts (infra/mongo.ts) answer a dead or frozen
 * store sooner; this also leaves room for a verification that fetches a few remote documents (5 s each).
 */
export const REQUEST_DEADLINE_MS = 15_000;

/**
 * Every request is answered within `ms`: when the work has not answered by then (a frozen store, a
 * stuck dependency), the client gets 503 problem+json with Retry-After (a browser: `pageInstead`), and whatever the handler or
 * the problem handler writes later goes nowhere. The work itself runs on: an issuance it finishes is
 * stored, and a retry with the same idempotency key replays it.
 */
export function requestDeadline(
  ms: number,
  publicUrl: string,
  logger: Logger,
  pageInstead?: PageInstead,
): RequestHandler {
  return (req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      logger.warn('request deadline passed', { requestId: res.locals.requestId, ms });
      sendProblem(
        req,
        res,
        new AppError('service-unavailable', 'The service could not answer in time; try again shortly', [], {
          'Retry-After': '5',
        }),
        publicUrl,
        pageInstead,
      );
      silence(res);
    }, ms);
    timer.unref();
    res.once('close', () => clearTimeout(timer));
    next();
  };
}

/** After the deadline's answer, the late answer of the handler is dropped instead of failing. */
function silence(res: Response): void {
  const drop = function (this: Response) {
    return this;
  };
  Object.assign(res, { setHeader: drop, writeHead: drop, write: () => true, end: drop });
}
