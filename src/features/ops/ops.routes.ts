import type { Request, Response } from 'express';
import type { PageShell } from '../../http/html.js';
import type { RouteSpec } from '../../http/routes.js';
import { AppError } from '../../errors.js';
import { renderDocsPage } from './docs.page.js';

export interface OpsDeps {
  /** true when the store answers */
  ready: () => Promise<boolean>;
  openapi: () => Record<string, unknown>;
  shells: (req: Request, res: Response) => PageShell;
}

/** Liveness and readiness, for orchestrators and load balancers. */
function probeRoutes(ready: OpsDeps['ready']): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/healthz',
      operationId: 'healthz',
      tag: 'Operations',
      auth: 'public',
      summary: 'Liveness: the process serves requests',
      responses: {
        200: { description: 'alive', schema: { type: 'object', properties: { status: { const: 'ok' } } } },
      },
      handler: (_req, res) => {
        res.setHeader('Cache-Control', 'no-store').json({ status: 'ok' });
      },
    },
    {
      method: 'get',
      path: '/readyz',
      operationId: 'readyz',
      tag: 'Operations',
      auth: 'public',
      summary: 'Readiness: the store answers',
      responses: {
        200: { description: 'ready', schema: { type: 'object', properties: { status: { const: 'ready' } } } },
        503: { description: 'the store does not answer' },
      },
      handler: async (_req, res) => {
        res.setHeader('Cache-Control', 'no-store');
        if (!(await ready()))
          throw new AppError('service-unavailable', 'The store does not answer', [], { 'Retry-After': '5' });
        res.json({ status: 'ready' });
      },
    },
  ];
}

/** The API's description, as OpenAPI and as a page. */
function docRoutes(openapi: OpsDeps['openapi'], shells: OpsDeps['shells']): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/openapi.json',
      operationId: 'openapi',
      tag: 'Operations',
      auth: 'public',
      summary: 'This API as OpenAPI 3.1',
      responses: { 200: { description: 'the OpenAPI document', schema: { type: 'object' } } },
      handler: (_req, res) => {
        res.json(openapi());
      },
    },
    {
      method: 'get',
      path: '/docs',
      operationId: 'docs',
      tag: 'Operations',
      auth: 'public',
      summary: 'The API reference (Swagger UI over /openapi.json, with working "try it out")',
      responses: { 200: { description: 'HTML', contentTypes: ['text/html'], schema: { type: 'string' } } },
      handler: (req, res) => {
        res.setHeader('Cache-Control', 'public, max-age=300');
        res.type('html').send(renderDocsPage(shells(req, res)));
      },
    },
  ];
}

export function opsRoutes({ ready, openapi, shells }: OpsDeps): RouteSpec[] {
  return [...probeRoutes(ready), ...docRoutes(openapi, shells)];
}
