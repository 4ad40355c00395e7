import type { RouteSpec } from '../../http/routes.js';
import { actorOf } from '../../http/handler-helpers.js';
import type { Validator } from '../../http/validation.js';
import type { StatusUpdate, VcApiService } from './vc-api.service.js';

function issueRoute(service: VcApiService): RouteSpec {
  return {
    method: 'post',
    path: '/credentials/issue',
    operationId: 'vcApiIssueCredential',
    tag: 'VC-API',
    auth: 'issuer',
    body: 'vc-api-issue.json',
    summary: 'W3C VC-API: sign a caller-built credential',
    description:
      "Signs a VC 2.0 or VC 1.1 credential with eddsa-rdfc-2022 under the calling issuer's Ed25519 `did:key` (its current key). `@context` and `credentialSubject` are kept as given; VC 1.1 input gets the Data Integrity context appended. An absent `issuer` becomes the did:key; any other issuer id is refused. A VC 2.0 credential without `credentialStatus` gets two BitstringStatusListEntry entries (revocation, suspension).",
    responses: {
      201: {
        description: 'signed',
        schema: {
          type: 'object',
          required: ['verifiableCredential'],
          properties: { verifiableCredential: { type: 'object' } },
        },
      },
    },
    handler: async (req, res) => {
      res.status(201).json({ verifiableCredential: await service.issue(actorOf(res), req.body) });
    },
  };
}

function updateStatusRoute(service: VcApiService, validator: Validator): RouteSpec {
  return {
    method: 'post',
    path: '/credentials/status',
    operationId: 'vcApiUpdateStatus',
    tag: 'VC-API',
    auth: 'issuer',
    body: 'vc-api-status.json',
    summary: 'W3C VC-API: update the status of an issued credential',
    description:
      'Sets the bit of the given status purpose (revocation or suspension) for one of the issuer’s credentials, by its `id` or Tilts id; `status: false` clears a suspension. Revocation is final.',
    responses: {
      200: { description: 'the credential record with its new status', schema: { type: 'object' } },
      404: { description: 'no credential of this issuer has that id' },
      409: { description: 'revocation cannot be undone' },
    },
    handler: async (req, res) => {
      const body = validator.check<{
        credentialId: string;
        credentialStatus: StatusUpdate['credentialStatus'][number] | StatusUpdate['credentialStatus'];
      }>('vc-api-status.json', req.body);
      const credentialStatus = [body.credentialStatus].flat();
      res.json(
        await service.updateStatus(actorOf(res), { credentialId: body.credentialId, credentialStatus }),
      );
    },
  };
}

/** W3C VC-API issuer routes: issue a caller-built credential, update its status. */
export function vcApiRoutes(service: VcApiService, validator: Validator): RouteSpec[] {
  return [issueRoute(service), updateStatusRoute(service, validator)];
}
