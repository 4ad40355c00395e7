import type { RouteSpec } from '../../http/routes.js';
import { principalOf } from '../../http/auth.js';
import { callerOf, param } from '../../http/handler-helpers.js';
import type { Validator } from '../../http/validation.js';
import type { IssuersService } from '../issuers/issuers.service.js';

const PARAMS = { id: 'issuer id (uuid)' };

function createApiKeyRoute(service: IssuersService, validator: Validator): RouteSpec {
  return {
    method: 'post',
    path: '/api/v1/issuers/{id}/api-keys',
    operationId: 'createApiKey',
    tag: 'API keys',
    auth: 'admin',
    params: PARAMS,
    body: 'api-key-create.json',
    summary: 'Create an API key for an issuer (shown once)',
    responses: {
      201: {
        description: 'the key; `apiKey` is never shown again',
        schema: {
          type: 'object',
          required: ['apiKey', 'key'],
          properties: { apiKey: { type: 'string' }, key: { $ref: 'api-key.json' } },
        },
      },
    },
    handler: async (req, res) => {
      const { label } = validator.check<{ label?: string }>('api-key-create.json', req.body);
      const { apiKey, info } = await service.createApiKey(callerOf(res), param(req, 'id'), label);
      res.status(201).json({ apiKey, key: info });
    },
  };
}

/** The issuer's keys: listed (never the secret), or one revoked. */
function apiKeyListRoutes(service: IssuersService): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/api/v1/issuers/{id}/api-keys',
      operationId: 'listApiKeys',
      tag: 'API keys',
      auth: 'admin',
      params: PARAMS,
      summary: "List an issuer's API keys (prefixes only)",
      responses: {
        200: {
          description: 'the keys',
          schema: {
            type: 'object',
            properties: { items: { type: 'array', items: { $ref: 'api-key.json' } } },
          },
        },
      },
      handler: async (req, res) => {
        res.json({ items: await service.listApiKeys(principalOf(res), param(req, 'id')) });
      },
    },
    {
      method: 'delete',
      path: '/api/v1/issuers/{id}/api-keys/{keyId}',
      operationId: 'revokeApiKey',
      tag: 'API keys',
      auth: 'admin',
      params: { ...PARAMS, keyId: 'API key id (uuid)' },
      summary: 'Revoke an API key',
      responses: { 200: { description: 'the revoked key', schema: 'api-key.json' } },
      handler: async (req, res) => {
        res.json(await service.revokeApiKey(callerOf(res), param(req, 'id'), param(req, 'keyId')));
      },
    },
  ];
}

export function apiKeyRoutes(service: IssuersService, validator: Validator): RouteSpec[] {
  return [createApiKeyRoute(service, validator), ...apiKeyListRoutes(service)];
}
