import type { Express, RequestHandler } from 'express';
import { requireAuth, type Authenticate, type AuthRequirement } from './auth.js';
import { AppError } from '../errors.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface QueryParam {
  name: string;
  description: string;
  schema: Record<string, unknown>;
}

export interface ResponseSpec {
  description: string;
  /** schema id in schemas/, or an inline JSON Schema */
  schema?: string | Record<string, unknown>;
  /** default application/json (problem+json for 4xx/5xx) */
  contentTypes?: string[];
}

/** A request media type besides JSON that a handler reads itself (e.g. a CSV upload). */
export interface MediaSpec {
  /** schema id in schemas/, or an inline JSON Schema (with a description of the body) */
  schema: string | Record<string, unknown>;
  /** OpenAPI encoding of multipart parts */
  encoding?: Record<string, unknown>;
}

/**
 * One route, declared once: express mounts it and /openapi.json describes it from the same object,
 * so the reference cannot drift from what the service serves.
 */
export interface RouteSpec {
  method: HttpMethod;
  /** OpenAPI path template, e.g. /api/v1/issuers/{id} */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  auth: AuthRequirement;
  /** request body schema id in schemas/ (application/json) */
  body?: string;
  /** the body may be left out entirely (treated as {}); default false */
  bodyOptional?: boolean;
  /** media types accepted besides application/json; the handler reads such bodies itself */
  bodyMedia?: Record<string, MediaSpec>;
  query?: QueryParam[];
  /** path parameter descriptions */
  params?: Record<string, string>;
  responses: Record<number, ResponseSpec>;
  /** middleware run before the handler, after authentication (e.g. rate limits) */
  before?: RequestHandler[];
  handler: RequestHandler;
}

/** /api/v1/issuers/{id} → /api/v1/issuers/:id */
export const expressPath = (path: string): string => path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');

const jsonBody =
  (optional: boolean, others: string[]): RequestHandler =>
  (req, _res, next) => {
    const length = Number(req.get('content-length') ?? 0);
    const hasBody = length > 0 || req.get('transfer-encoding') !== undefined;
    const mediaType = (req.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (mediaType && others.includes(mediaType)) return next();
    if (hasBody && !req.is('application/json') && !req.is('application/*+json')) {
      const types = ['application/json', ...others].join(' or ');
      throw new AppError('unsupported-media-type', `Send the request body as ${types}`);
    }
    if (req.body === undefined && optional) req.body = {};
    if (req.body === undefined)
      throw new AppError('invalid-request', 'A JSON request body is required', [
        { pointer: '', detail: 'is required' },
      ]);
    next();
  };

export function mountRoutes(app: Express, routes: RouteSpec[], authenticate: Authenticate): void {
  for (const route of routes) {
    const chain: RequestHandler[] = [];
    if (route.auth !== 'public') chain.push(requireAuth(route.auth, authenticate));
    if (route.body) chain.push(jsonBody(route.bodyOptional === true, Object.keys(route.bodyMedia ?? {})));
    chain.push(...(route.before ?? []), route.handler);
    app[route.method](expressPath(route.path), ...chain);
  }
}
