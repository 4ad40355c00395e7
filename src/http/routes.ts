import type { Express, RequestHandler } from 'express';
import { requireAuth, type Authenticate, type AuthRequirement } from './auth.js';
import { AppError } from '../errors.js';
import { createQueryCheck, type JsonSchema } from './validation.js';

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
  /** a 4xx answered with `schema` for one outcome and with problem+json for a malformed request */
  orProblem?: boolean;
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
  /** a multipart/form-data upload of one file in this field (read by the handler) */
  upload?: { field: string; description: string };
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

/** The methods each path answers (HEAD wherever GET is), for 405 answers and their Allow header. */
function allowedMethods(routes: RouteSpec[]): Map<string, string[]> {
  const allowed = new Map<string, Set<string>>();
  for (const { path, method } of routes) {
    const methods = allowed.get(expressPath(path)) ?? new Set<string>();
    methods.add(method.toUpperCase());
    if (method === 'get') methods.add('HEAD');
    allowed.set(expressPath(path), methods);
  }
  return new Map([...allowed].map(([path, methods]) => [path, [...methods].sort()]));
}

/**
 * Mounts every route, then answers any other method on a known path (TRACE included) with 405 and
 * an Allow header (RFC 9110 §15.5.6) instead of a misleading 404. OPTIONS falls through to express.
 */
export function mountRoutes(
  app: Express,
  routes: RouteSpec[],
  authenticate: Authenticate,
  schemas: JsonSchema[] = [],
): void {
  for (const route of routes) {
    const chain: RequestHandler[] = [];
    if (route.auth !== 'public') chain.push(requireAuth(route.auth, authenticate));
    if (route.body) chain.push(jsonBody(route.bodyOptional === true, Object.keys(route.bodyMedia ?? {})));
    // routes that declare their query parameters take only those (pages ignore stray parameters)
    if (route.query) {
      const checkQuery = createQueryCheck(route.query, schemas);
      chain.push((req, _res, next) => {
        checkQuery(req.query as Record<string, unknown>);
        next();
      });
    }
    chain.push(...(route.before ?? []), route.handler);
    app[route.method](expressPath(route.path), ...chain);
  }
  // a literal path (/credentials/verify) answers before a template that also matches it (/credentials/:id)
  const params = (path: string) => path.split('/').filter((s) => s.startsWith(':')).length;
  const byLiteralness = [...allowedMethods(routes)].sort(([a], [b]) => params(a) - params(b));
  for (const [path, methods] of byLiteralness) {
    app.route(path).all((req, _res, next) => {
      if (req.method === 'OPTIONS') return next();
      throw new AppError('method-not-allowed', `${req.method} is not allowed here`, [], {
        Allow: methods.join(', '),
      });
    });
  }
}
