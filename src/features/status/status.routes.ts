import type { RouteSpec } from '../../http/routes.js';
import { param } from '../../http/handler-helpers.js';
import type { StatusService } from './status.service.js';

export const statusRoutes = (service: StatusService): RouteSpec[] => [
  {
    method: 'get',
    path: '/status/{listId}',
    operationId: 'getStatusList',
    tag: 'Public',
    auth: 'public',
    params: { listId: 'status list id' },
    summary: 'A signed BitstringStatusListCredential (revocation or suspension)',
    description:
      'W3C Bitstring Status List v1.0: VC 2.0, GZIP + base64url `encodedList`, signed with eddsa-rdfc-2022. Regenerated when a bit changes; cacheable for 60 s, with an ETag.',
    responses: {
      200: {
        description: 'the list credential',
        contentTypes: ['application/vc+ld+json', 'application/json'],
        schema: { type: 'object' },
      },
      304: { description: 'not modified' },
    },
    handler: async (req, res) => {
      const { credential, version } = await service.listCredential(param(req, 'listId'));
      const etag = `"${param(req, 'listId')}-${version}"`;
      res.setHeader('ETag', etag).setHeader('Cache-Control', 'public, max-age=60, must-revalidate');
      if (req.get('if-none-match') === etag) {
        res.status(304).end();
        return;
      }
      const type =
        req.accepts(['application/vc+ld+json', 'application/ld+json', 'application/json']) ||
        'application/vc+ld+json';
      res.type(type).send(JSON.stringify(credential));
    },
  },
];
