import type { Request, Response } from 'express';
import { paths } from '../../core/ob3/constants.js';
import { buildPublishedProfile, buildJwks } from '../../core/profile/issuer-profile.js';
import type { AchievementRecord } from '../../core/types.js';
import type { PageShell } from '../../http/html.js';
import type { RouteSpec } from '../../http/routes.js';
import { principalOf } from '../../http/auth.js';
import { callerOf, param, query } from '../../http/handler-helpers.js';
import type { Validator } from '../../http/validation.js';
import { PAGE_QUERY, readPaging } from '../shared/paging.js';
import { renderProfilePage } from './profile.page.js';
import type { IssuerInput, IssuersService } from './issuers.service.js';

const ID = { id: 'issuer id (uuid)' };

/** What the HTML profile page needs beyond the profile: the page shell and the issuer's achievements. */
export interface ProfileHtml {
  shells: (req: Request, res: Response) => PageShell;
  achievementsOf: (issuerId: string) => Promise<AchievementRecord[]>;
}

/** The answer to a creation: the only time the first API key is shown. */
const ISSUER_CREATED = {
  type: 'object',
  required: ['id', 'profileUrl', 'did', 'apiKey', 'issuer'],
  properties: {
    id: { type: 'string' },
    profileUrl: { type: 'string' },
    did: { type: 'string', description: 'the did:web OB 3.0 credentials are issued as' },
    didKey: { type: 'string', description: 'the did:key W3C VC-API credentials are issued as' },
    apiKey: { type: 'string' },
    apiKeyId: { type: 'string' },
    issuer: { $ref: 'issuer.json' },
  },
};

const createIssuer =
  (service: IssuersService, validator: Validator): RouteSpec['handler'] =>
  async (req, res) => {
    const input = validator.check<IssuerInput>('issuer-create.json', req.body);
    const { issuer, apiKey, apiKeyId, profileUrl, did, didKey } = await service.create(callerOf(res), input);
    res
      .status(201)
      .location(`/api/v1/issuers/${issuer.id}`)
      .json({ id: issuer.id, profileUrl, did, didKey, apiKey, apiKeyId, issuer });
  };

/** The platform admin's routes of all issuers: create one, list them. */
function issuerCollectionRoutes(service: IssuersService, validator: Validator): RouteSpec[] {
  return [
    {
      method: 'post',
      path: '/api/v1/issuers',
      operationId: 'createIssuer',
      tag: 'Issuers',
      auth: 'admin',
      body: 'issuer-create.json',
      summary: 'Create an issuer organisation',
      description:
        'Creates the issuer, its Ed25519 and P-256 signing keys and a first API key. The API key is shown only in this response.',
      responses: {
        201: {
          description: 'created',
          schema: ISSUER_CREATED,
        },
        409: { description: 'the slug is taken' },
      },
      handler: createIssuer(service, validator),
    },
    {
      method: 'get',
      path: '/api/v1/issuers',
      operationId: 'listIssuers',
      tag: 'Issuers',
      auth: 'admin',
      query: PAGE_QUERY,
      summary: 'List issuers (paged)',
      responses: { 200: { description: 'a page of issuers', schema: 'page.json' } },
      handler: async (req, res) => {
        res.json(await service.list(readPaging(query(req))));
      },
    },
  ];
}

/** One issuer's own record, for the admin or the issuer itself. */
function issuerRecordRoutes(service: IssuersService, validator: Validator): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/api/v1/issuers/{id}',
      operationId: 'getIssuer',
      tag: 'Issuers',
      auth: 'any',
      params: ID,
      summary: 'Read an issuer (admin, or the issuer itself)',
      responses: { 200: { description: 'the issuer', schema: 'issuer.json' } },
      handler: async (req, res) => {
        res.json(await service.get(principalOf(res), param(req, 'id')));
      },
    },
    {
      method: 'patch',
      path: '/api/v1/issuers/{id}',
      operationId: 'updateIssuer',
      tag: 'Issuers',
      auth: 'any',
      params: ID,
      body: 'issuer-update.json',
      summary: 'Change an issuer (admin, or the issuer itself; only the admin changes status)',
      responses: { 200: { description: 'the changed issuer', schema: 'issuer.json' } },
      handler: async (req, res) => {
        const changes = validator.check<Partial<IssuerInput>>('issuer-update.json', req.body);
        res.json(await service.update(callerOf(res), param(req, 'id'), changes));
      },
    },
  ];
}

function rotateKeysRoute(service: IssuersService): RouteSpec {
  return {
    method: 'post',
    path: '/api/v1/issuers/{id}/keys/rotate',
    operationId: 'rotateIssuerKeys',
    tag: 'Issuers',
    auth: 'any',
    params: ID,
    summary: 'Rotate the signing keys',
    description:
      'Makes new current Ed25519 and P-256 keys. The old keys stay published in the DID document and the profile as retired keys, so credentials they signed keep verifying. W3C VC-API credentials are issued as the did:key of the new Ed25519 key from now on (`didKey`).',
    responses: {
      200: {
        description: 'every published key, and the identifiers the issuer now signs as',
        schema: {
          type: 'object',
          properties: {
            keys: { type: 'array' },
            did: { type: 'string' },
            profileUrl: { type: 'string' },
            didKey: { type: 'string' },
          },
        },
      },
    },
    handler: async (req, res) => {
      res.json(await service.rotateKeys(callerOf(res), param(req, 'id')));
    },
  };
}

/** JSON-LD unless the client prefers HTML (a browser); `?format=json` forces JSON-LD. */
const sendProfile =
  (service: IssuersService, publicUrl: string, html: ProfileHtml): RouteSpec['handler'] =>
  async (req, res) => {
    const { issuer, keys } = await service.publicProfile(param(req, 'slug'));
    const profile = buildPublishedProfile(issuer, keys, publicUrl);
    res.vary('Accept').setHeader('Cache-Control', 'public, max-age=300');
    const wantsHtml =
      req.query.format !== 'json' &&
      req.accepts(['application/ld+json', 'application/json', 'text/html']) === 'text/html';
    if (wantsHtml) {
      const achievements = await html.achievementsOf(issuer.id);
      const achievementUrl = (id: string) => paths.achievement(publicUrl, id);
      const page = { issuer, keys, profile, achievements, achievementUrl };
      res.type('html').send(renderProfilePage(page, html.shells(req, res)));
    } else {
      res.type('application/ld+json').send(JSON.stringify(profile));
    }
  };

function profileRoute(service: IssuersService, publicUrl: string, html: ProfileHtml): RouteSpec {
  return {
    method: 'get',
    path: '/issuers/{slug}',
    operationId: 'getIssuerProfile',
    tag: 'Public',
    auth: 'public',
    params: { slug: 'issuer slug' },
    summary: "The issuer's Open Badges Profile",
    description:
      "JSON-LD (`application/ld+json`) by default; a readable HTML page when the client prefers `text/html`. `otherIdentifier` names the issuer's did:web and the did:key of its VC-API credentials. It is also the controller document of credentials issued before the did:web (every current and retired key in `assertionMethod`).",
    responses: {
      200: {
        description: 'the profile',
        contentTypes: ['application/ld+json', 'text/html'],
        schema: { type: 'object' },
      },
    },
    handler: sendProfile(service, publicUrl, html),
  };
}

function didDocumentRoute(service: IssuersService): RouteSpec {
  return {
    method: 'get',
    path: '/issuers/{slug}/did.json',
    operationId: 'getIssuerDidDocument',
    tag: 'Public',
    auth: 'public',
    params: { slug: 'issuer slug' },
    summary: "The DID document of the issuer's did:web",
    description:
      '`did:web:<host>:issuers:<slug>` resolves here (did:web §3.2). Every current and retired key (Ed25519 and P-256, as Multikey) is listed in `assertionMethod`.',
    responses: {
      200: {
        description: 'the DID document',
        contentTypes: ['application/did+ld+json'],
        schema: { type: 'object' },
      },
    },
    handler: async (req, res) => {
      const document = await service.didDocument(param(req, 'slug'));
      res.setHeader('Cache-Control', 'public, max-age=60');
      res.type('application/did+ld+json').send(JSON.stringify(document));
    },
  };
}

function jwksRoute(service: IssuersService, publicUrl: string): RouteSpec {
  return {
    method: 'get',
    path: '/issuers/{slug}/jwks',
    operationId: 'getIssuerJwks',
    tag: 'Public',
    auth: 'public',
    params: { slug: 'issuer slug' },
    summary: "JWKS of the issuer's P-256 (ES256) keys, current and retired",
    responses: {
      200: {
        description: 'RFC 7517 JWK Set',
        contentTypes: ['application/jwk-set+json'],
        schema: { type: 'object', properties: { keys: { type: 'array' } } },
      },
    },
    handler: async (req, res) => {
      const { issuer, keys } = await service.publicProfile(param(req, 'slug'));
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.type('application/jwk-set+json').send(JSON.stringify(buildJwks(issuer.slug, keys, publicUrl)));
    },
  };
}

export function issuerRoutes(
  service: IssuersService,
  validator: Validator,
  publicUrl: string,
  html: ProfileHtml,
): RouteSpec[] {
  return [
    ...issuerCollectionRoutes(service, validator),
    ...issuerRecordRoutes(service, validator),
    rotateKeysRoute(service),
    profileRoute(service, publicUrl, html),
    didDocumentRoute(service),
    jwksRoute(service, publicUrl),
  ];
}
