import type { Request, Response } from 'express';
import type { RouteSpec } from '../../http/routes.js';
import type { CredentialDoc } from './credential.model.js';
import { issuerIdOf } from '../../http/auth.js';
import { AppError, invalid } from '../../errors.js';
import { actorOf, param, query } from '../../http/handler-helpers.js';
import type { Validator } from '../../http/validation.js';
import { PAGE_QUERY, readPaging } from '../shared/paging.js';
import type { CredentialFilter } from './credentials.repository.js';
import type { CredentialsService } from './credentials.service.js';
import type { IssueInput } from './issue/plan.js';
import type { StatusAction } from './status-changes.js';

const LIST_QUERY = [
  ...PAGE_QUERY,
  {
    name: 'learnerId',
    description: 'only credentials of this learner',
    schema: { type: 'string', format: 'uuid' },
  },
  {
    name: 'achievementId',
    description: 'only credentials of this achievement',
    schema: { type: 'string', format: 'uuid' },
  },
  {
    name: 'from',
    description: 'awarded on or after (ISO date-time)',
    schema: { type: 'string', format: 'date-time' },
  },
  {
    name: 'to',
    description: 'awarded on or before (ISO date-time)',
    schema: { type: 'string', format: 'date-time' },
  },
  {
    name: 'status',
    description: 'active, revoked or suspended',
    schema: { enum: ['active', 'revoked', 'suspended'] },
  },
];

function readDate(q: Record<string, unknown>, name: string): Date | undefined {
  if (q[name] === undefined) return undefined;
  const date = new Date(String(q[name]));
  if (Number.isNaN(date.getTime())) throw invalid(`/query/${name}`, `${name} must be an ISO date-time`);
  return date;
}

function readFilter(q: Record<string, unknown>): CredentialFilter {
  const status = q.status === undefined ? undefined : String(q.status);
  if (status && !['active', 'revoked', 'suspended'].includes(status))
    throw invalid('/query/status', 'must be active, revoked or suspended');
  return {
    learnerId: q.learnerId === undefined ? undefined : String(q.learnerId),
    achievementId: q.achievementId === undefined ? undefined : String(q.achievementId),
    from: readDate(q, 'from'),
    to: readDate(q, 'to'),
    status,
  };
}

function issueCredentialRoute(service: CredentialsService, validator: Validator): RouteSpec {
  return {
    method: 'post',
    path: '/api/v1/credentials',
    operationId: 'issueCredential',
    tag: 'Credentials',
    auth: 'issuer',
    body: 'credential-issue.json',
    summary: 'Issue a signed Open Badges 3.0 micro-credential',
    description:
      'Builds the OpenBadgeCredential from the achievement, the learner and the award, validates it (official OB 3.0 schema, JSON-LD safe mode, EU elements), signs it (eddsa-rdfc-2022, or ES256 VC-JWT) and stores it. The same idempotencyKey returns the same credential (200).',
    responses: {
      201: { description: 'issued', schema: { type: 'object', required: ['id', 'credential', 'links'] } },
      200: {
        description: 'replayed: the credential issued earlier with this idempotencyKey',
        schema: { type: 'object' },
      },
      409: { description: 'idempotencyKey reused with a different request' },
      422: {
        description:
          'unknown or archived achievement/learner, missing language edition, JWT without learner DID',
      },
    },
    handler: async (req, res) => {
      const input = validator.check<IssueInput>('credential-issue.json', req.body);
      const { view, replayed } = await service.issue(actorOf(res), input);
      res
        .status(replayed ? 200 : 201)
        .location(view.links.self as string)
        .json(view);
    },
  };
}

function listCredentialsRoute(service: CredentialsService): RouteSpec {
  return {
    method: 'get',
    path: '/api/v1/credentials',
    operationId: 'listCredentials',
    tag: 'Credentials',
    auth: 'issuer',
    query: LIST_QUERY,
    summary: "List the issuer's credentials (paged, filterable)",
    description:
      'In the order they were issued (oldest first). Filters combine; `from`/`to` bound the awarded date, inclusive.',
    responses: {
      200: { description: 'a page of credentials (without the documents)', schema: 'page.json' },
    },
    handler: async (req, res) => {
      const q = query(req);
      res.json(await service.list(issuerIdOf(res), readFilter(q), readPaging(q, LIST_QUERY)));
    },
  };
}

function getCredentialRoute(service: CredentialsService): RouteSpec {
  return {
    method: 'get',
    path: '/api/v1/credentials/{id}',
    operationId: 'getCredential',
    tag: 'Credentials',
    auth: 'issuer',
    params: { id: 'credential id (uuid)' },
    summary: 'Read one of the issuer’s credentials with its status',
    responses: { 200: { description: 'the credential record', schema: { type: 'object' } } },
    handler: async (req, res) => {
      res.json(await service.get(issuerIdOf(res), param(req, 'id')));
    },
  };
}

export function credentialRoutes(service: CredentialsService, validator: Validator): RouteSpec[] {
  return [
    issueCredentialRoute(service, validator),
    listCredentialsRoute(service),
    getCredentialRoute(service),
  ];
}

const STATUS_ACTIONS: Array<{ action: StatusAction; summary: string; description: string }> = [
  {
    action: 'revoke',
    summary: 'Revoke a credential (final)',
    description: 'Sets its bit in the revocation status list. A revoked credential can never be reinstated.',
  },
  {
    action: 'suspend',
    summary: 'Suspend a credential',
    description:
      "Open Badges 3.0 credentials carry only a revocation entry (the OB 3.0 schema allows one credentialStatus), so other verifiers see only revocation; Tilts' verifier and pages show the suspension from its records. Credentials signed through the VC-API also carry a suspension entry, whose bit is set.",
  },
  {
    action: 'reinstate',
    summary: 'Reinstate a suspended credential',
    description: 'Clears the suspension. Revoked credentials cannot be reinstated (409).',
  },
];

export function credentialStatusRoutes(service: CredentialsService, validator: Validator): RouteSpec[] {
  return STATUS_ACTIONS.map(({ action, summary, description }) => ({
    method: 'post',
    path: `/api/v1/credentials/{id}/${action}`,
    operationId: `${action}Credential`,
    tag: 'Credentials',
    auth: 'issuer',
    params: { id: 'credential id (uuid)' },
    body: 'credential-status-change.json',
    bodyOptional: true,
    summary,
    description,
    responses: {
      200: { description: 'the credential with its new status', schema: { type: 'object' } },
      409: { description: 'the change is not allowed from the current status' },
    },
    handler: async (req, res) => {
      const { reason } = validator.check<{ reason?: string }>('credential-status-change.json', req.body);
      res.json(await service.changeStatus(actorOf(res), param(req, 'id'), action, reason));
    },
  }));
}

/** The HTML page of a credential, rendered by the pages feature (a "not found" page without a doc). */
export type CredentialHtml = (req: Request, res: Response, doc: CredentialDoc | undefined) => Promise<void>;

/** JSON for programs (also without an Accept header); HTML only when the client prefers it. */
const CREDENTIAL_TYPES = [
  'application/vc+ld+json',
  'application/vc+jwt',
  'application/ld+json',
  'application/json',
];

/** The path parameter of every public credential route (one object, as the routes always shared it). */
const PUBLIC_PARAMS = { id: 'credential id (uuid)' };

/** Public credentials are immutable but for their status, which lives in the status list: a short cache. */
const cachePublicly = (res: Response) => res.setHeader('Cache-Control', 'public, max-age=300');

/** Asked for the JWT of a Data Integrity credential: there is none to give (404). */
const notAJwt = () => new AppError('not-found', 'This credential is not a VC-JWT');

function publicJsonRoute(service: CredentialsService): RouteSpec {
  return {
    method: 'get',
    path: '/credentials/{id}.json',
    operationId: 'getPublicCredentialJson',
    tag: 'Public',
    auth: 'public',
    params: PUBLIC_PARAMS,
    summary: 'The credential as JSON (for a VC-JWT, the credential it carries)',
    responses: { 200: { description: 'the credential', schema: { type: 'object' } } },
    handler: async (req, res) => {
      const doc = await service.getPublic(param(req, 'id'));
      cachePublicly(res);
      res.type('application/json').send(JSON.stringify(doc.credential));
    },
  };
}

function publicJwtRoute(service: CredentialsService): RouteSpec {
  return {
    method: 'get',
    path: '/credentials/{id}.jwt',
    operationId: 'getPublicCredentialJwt',
    tag: 'Public',
    auth: 'public',
    params: PUBLIC_PARAMS,
    summary: 'The compact VC-JWT, for credentials issued as ob3-jwt',
    responses: {
      200: {
        description: 'the compact JWT',
        contentTypes: ['application/vc+jwt'],
        schema: { type: 'string' },
      },
    },
    handler: async (req, res) => {
      const doc = await service.getPublic(param(req, 'id'));
      if (!doc.jwt) throw notAJwt();
      cachePublicly(res);
      res.type('application/vc+jwt').send(doc.jwt);
    },
  };
}

/**
 * The credential id as issued, negotiated: the HTML page for browsers, else the credential in its
 * own format. An id ending in `.json` or `.jwt` names the format itself (as the route's description
 * promises), so it never gets the page.
 */
const sendPublicCredential =
  (service: CredentialsService, html?: CredentialHtml) =>
  async (req: Request, res: Response): Promise<void> => {
    const [, id = '', suffix] = /^(.+?)(?:\.(json|jwt))?$/.exec(param(req, 'id')) ?? [];
    res.vary('Accept');
    if (!suffix && html && req.accepts([...CREDENTIAL_TYPES, 'text/html']) === 'text/html')
      return html(req, res, await service.findPublic(id));
    const doc = await service.getPublic(id);
    cachePublicly(res);
    if (suffix === 'jwt' && !doc.jwt) throw notAJwt();
    if (doc.jwt && suffix !== 'json') res.type('application/vc+jwt').send(doc.jwt);
    else
      res
        .type(suffix === 'json' ? 'application/json' : 'application/vc+ld+json')
        .send(JSON.stringify(doc.credential));
  };

function publicCredentialRoute(service: CredentialsService, html?: CredentialHtml): RouteSpec {
  return {
    method: 'get',
    path: '/credentials/{id}',
    operationId: 'getPublicCredential',
    tag: 'Public',
    auth: 'public',
    params: PUBLIC_PARAMS,
    summary: 'The credential, as issued',
    description:
      'A Data Integrity credential as `application/vc+ld+json`; a VC-JWT as `application/vc+jwt`; the credential page (its verification result, what it certifies, downloads and sharing) when the client prefers `text/html`. The id may end in `.json` (the JSON credential; for a VC-JWT, the credential it carries) or `.jwt` (the compact JWT).',
    responses: {
      200: {
        description: 'the credential',
        contentTypes: ['application/vc+ld+json', 'application/vc+jwt', 'text/html'],
        schema: { type: 'object' },
      },
      404: { description: 'no such credential (an HTML page for browsers)' },
      429: { description: 'the page verifies the credential: too many requests from this address' },
    },
    handler: sendPublicCredential(service, html),
  };
}

/** The public, dereferenceable credential id and its plain renderings. */
export function publicCredentialRoutes(service: CredentialsService, html?: CredentialHtml): RouteSpec[] {
  return [publicJsonRoute(service), publicJwtRoute(service), publicCredentialRoute(service, html)];
}
