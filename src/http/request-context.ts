import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../infra/logger.js';

const SAFE_ID = /^[A-Za-z0-9._:-]{8,100}$/;

/**
 * Gives every request an id (the caller's X-Request-Id when it is sane) and logs one line when the
 * response is done: method, route pattern, status, duration — no bodies, no query strings, no names.
 */
export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      logger.info('request', {
        requestId,
        method: req.method,
        route: route ? `${req.baseUrl}${route}` : undefined,
        path: route ? undefined : req.path.slice(0, 200),
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
      });
    });
    next();
  };
}
