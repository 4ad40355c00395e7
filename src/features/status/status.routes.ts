import type { RouteSpec } from '../../http/routes.js';
import { param } from '../../http/handler-helpers.js';
import type { StatusService } from './status.service.js';

const PARAMS = { listId: 'status list id' };

/** Answers 304 to a client holding the current list (its ETag); the list is cacheable for 60 s. */
const sendStatusList =
  (service: StatusService): RouteSpec['handler'] =>
  async (req, res) => {
    const { credential, etag } = await service.listCredential(param(req, 'listId'));
    res
      .setHeader('ETag', etag)
      .setHeader('Cache-Control', 'public, max-age=60, must-revalidate')
      .vary('Accept');
    if (req.get('if-none-match') === etag) {
      res.status(304).end();
      return;
    }
    const type =
      req.accepts(['application/vc+ld+json', 'application/ld+json', 'application/json']) ||
      'application/vc+ld+json';
    res.type(type).send(JSON.stringify(credential));
  };

export const statusRoutes = (service: StatusService): RouteSpec[] => [
  {
    method: 'get',
    path: '/status/{listId}',
    operationId: 'getStatusList',
    tag: 'Public',
    auth: 'public',
    params: PARAMS,
    summary: 'A signed BitstringStatusListCredential (revocation or suspension)',
    description:
      'W3C Bitstring Status List v1.0: VC 2.0, string `issuer`, GZIP + base64url `encodedList`, signed with eddsa-rdfc-2022. Re-signed whenever a bit changes; cacheable for 60 s, with an ETag.',
    responses: {
      200: {
        description: 'the list credential',
        contentTypes: ['application/vc+ld+json', 'application/json'],
        schema: { type: 'object' },
      },
      304: { description: 'not modified' },
    },
    handler: sendStatusList(service),
  },
  {
    method: 'post',
    path: '/status/{listId}/publish',
    operationId: 'publishStatusList',
    tag: 'Public',
    auth: 'public',
    params: PARAMS,
    summary: 'Publish the current state of a status list now',
    description:
      'Lists are re-signed on read whenever their bits change, so this only makes sure the signed list is current (W3C status-list test suites call it). Idempotent; does no work when nothing changed.',
    responses: { 204: { description: 'published' } },
    handler: async (req, res) => {
      await service.listCredential(param(req, 'listId'));
      res.status(204).end();
    },
  },
];
