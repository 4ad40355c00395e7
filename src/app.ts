import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { MAX_JSON_DEPTH, tooDeepAt } from './core/json-depth.js';
import type { Deps } from './deps.js';
import { AppError } from './errors.js';
import { outagePage } from './http/html.js';
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

/**
 * Security headers on every answer. The CSP is strict: everything a page uses comes from this origin
 * (no inline script or style, no CDN); images may also be data: URIs (logos, badge images); only our
 * own origin may frame nothing. Other sites may still embed our images (badges, QR codes).
 */
const securityHeaders = (): RequestHandler =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    strictTransportSecurity: { maxAge: 15552000, includeSubDomains: false },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });

/** Builds the express app from its dependencies; no I/O happens here. */
export function createApp(
  deps: Pick<Deps, 'config' | 'logger' | 'routes' | 'authenticate'> &
    Partial<Pick<Deps, 'validator' | 'shells'>>,
  { requestDeadlineMs = REQUEST_DEADLINE_MS }: { requestDeadlineMs?: number } = {},
): Express {
  const { config, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('json spaces', 0);
  app.use(requestContext(logger));
  // a browser gets a page in its language, not problem+json, while the service cannot answer
  const outage = deps.shells ? outagePage(deps.shells) : undefined;
  app.use(requestDeadline(requestDeadlineMs, config.publicUrl, logger, outage));
  // helmet: the CSP and the other security headers (nosniff, no-referrer, X-Frame-Options DENY, …)
  app.use(securityHeaders());
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
  app.use(createProblemHandler(config.publicUrl, logger, outage));
  return app;
}
