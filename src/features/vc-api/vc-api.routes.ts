import type { DocumentLoader } from 'jsonld';
import { issueFromRequest, isIssueRequestError } from '../../core/vc-api/index.js';
import { issuerIdOf } from '../../http/auth.js';
import { AppError } from '../../http/errors.js';
import type { RouteSpec } from '../../http/routes.js';
import type { IssuerKeys } from '../issuers/issuer-keys.repository.js';

export interface VcApiDeps {
  keys: IssuerKeys;
  documentLoader: DocumentLoader;
  clock: () => Date;
}

/** W3C VC-API "issue credential": signs a caller-built VC 2.0 or 1.1 credential with the issuer's did:key. */
export function vcApiIssueRoutes({ keys, documentLoader, clock }: VcApiDeps): RouteSpec[] {
  return [
    {
      method: 'post',
      path: '/credentials/issue',
      operationId: 'vcApiIssueCredential',
      tag: 'VC-API',
      auth: 'issuer',
      body: 'vc-api-issue.json',
      summary: 'W3C VC-API: sign a caller-built credential',
      description:
        "Signs a VC 2.0 or VC 1.1 credential with eddsa-rdfc-2022 under the calling issuer's Ed25519 `did:key` (its current key). `@context` and `credentialSubject` are kept as given; VC 1.1 input gets the Data Integrity context appended. An absent `issuer` becomes the did:key; any other issuer id is refused.",
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
        const { ed25519 } = await keys.signing(issuerIdOf(res));
        try {
          const { verifiableCredential } = await issueFromRequest(req.body, {
            key: ed25519,
            now: clock(),
            documentLoader,
          });
          res.status(201).json({ verifiableCredential });
        } catch (error) {
          if (!isIssueRequestError(error)) throw error;
          throw new AppError(
            'invalid-request',
            error.message,
            error.errors.map(({ pointer, detail }) => ({ pointer, detail })),
          );
        }
      },
    },
  ];
}
