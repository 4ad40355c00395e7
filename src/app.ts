import express, { type Express, type RequestHandler } from 'express';
import { MAX_JSON_DEPTH, tooDeepAt } from './core/json-depth.js';
import type { Deps } from './deps.js';
import { AppError } from './errors.js';
import { createProblemHandler } from './http/problem.js';
import { requestContext } from './http/request-context.js';
import { REQUEST_DEADLINE_MS, requestDeadline } from './http/request-deadline.js';
import { mountRoutes } from './http/routes.js';

/** JSON bodies nested deeper than {@link MAX_JSON_DEPTH} are refused here, once, before any handler walks them. */
const refuseDeepJson: RequestHandler = (req, _res, next) => {
  const pointer = tooDeepAt(req.body);
  if (pointer === undefined) return next();
  const detail = `nested deeper than ${MAX_JSON_DEPTH} levels`;
  next(new AppError('json-too-deep', `The request body is ${detail}`, [{ pointer, detail }]));
};

/** Builds the express app from its dependencies; no I/O happens here. */
export function createApp(
  deps: Pick<Deps, 'config' | 'logger' | 'routes' | 'authenticate'> & Partial<Pick<Deps, 'validator'>>,
  { requestDeadlineMs = REQUEST_DEADLINE_MS }: { requestDeadlineMs?: number } = {},
): Express {
  const { config, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('json spaces', 0);
  app.use(requestContext(logger));
  app.use(requestDeadline(requestDeadlineMs, config.publicUrl, logger));
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });
  app.use(
    express.json({
      limit: config.bodyLimitBytes,
      type: ['application/json', 'application/*+json'],
      strict: true,
    }),
  );
  app.use(refuseDeepJson);
  mountRoutes(app, deps.routes, deps.authenticate, deps.validator?.schemas());
  app.use((req, _res, next) => next(new AppError('not-found', `No route for ${req.method} ${req.path}`)));
  app.use(createProblemHandler(config.publicUrl, logger));
  return app;
}
