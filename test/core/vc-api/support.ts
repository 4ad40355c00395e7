/** Shared test wiring for the VC-API issuer core: the closed loader and a verifier. */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { verifyCredential, type VerifyResult } from '@digitalbazaar/vc';
import type { DocumentLoader } from 'jsonld';
import { resolveDidKey } from '../../../src/core/did/did-key.js';
import { packagedContexts } from '../../../src/core/jsonld/contexts.js';
import { createDocumentLoader } from '../../../src/core/jsonld/document-loader.js';
import type { JsonObject } from '../../../src/core/types.js';
import { TEST_NOW } from '../../fixtures/vc-api/issuer.js';

/** Packaged contexts plus local did:key resolution; nothing is ever fetched. */
export function testDocumentLoader(): DocumentLoader {
  return createDocumentLoader({
    contexts: packagedContexts(),
    resolvers: [async (url) => resolveDidKey(url)],
  });
}

/**
 * Verifies with @digitalbazaar/vc as an independent verifier would: proof, issuer = verification-method
 * controller, dates against the test clock. Status is not this unit's concern, so a status check that
 * accepts every entry stands in.
 */
export async function verifyIssued(credential: JsonObject): Promise<VerifyResult> {
  return verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader: testDocumentLoader(),
    now: TEST_NOW,
    checkStatus: async () => ({ verified: true }),
  });
}
