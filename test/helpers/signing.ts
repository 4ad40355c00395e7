import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { createDocumentLoader } from '../../src/core/jsonld/document-loader.js';
import { packagedContexts } from '../../src/core/jsonld/contexts.js';
import { createIssuerKeys } from '../../src/features/issuers/issuer-keys.repository.js';
import { generateEd25519Key, generateP256Key } from '../../src/core/keys/index.js';
import { createSecretBox } from '../../src/infra/secret-box.js';
import type { IssuerFixture, TestApp } from './app.js';

/** The issuer's current signing keys, decrypted with the app's master key (as the service would). */
export function signingKeysOf(t: TestApp, issuerId: string) {
  const box = createSecretBox(Buffer.from(t.masterKey, 'base64url'));
  return createIssuerKeys(
    t.deps.store.connection,
    box,
    { ed25519: generateEd25519Key, p256: generateP256Key },
    () => new Date(),
  ).signing(issuerId);
}

function profileLoader(profile: Record<string, unknown>) {
  const methods = profile.verificationMethod as Array<Record<string, unknown>>;
  return createDocumentLoader({
    contexts: packagedContexts(),
    resolvers: [
      async (url) => {
        if (url === profile.id) return profile;
        const vm = methods.find((m) => m.id === url);
        return vm ? { '@context': 'https://w3id.org/security/multikey/v1', ...vm } : undefined;
      },
    ],
  });
}

/**
 * Signs a credential with the issuer's current Ed25519 key (decrypted from the store) and verifies it
 * against the profile the service publishes: true only when the stored key is usable and published.
 */
export async function signsAndVerifies(t: TestApp, issuer: IssuerFixture): Promise<boolean> {
  const { ed25519 } = await signingKeysOf(t, issuer.id);
  const profile = JSON.parse((await t.http.get(`/issuers/${issuer.slug}`).expect(200)).text);
  const key = await Ed25519Multikey.from({
    ...ed25519,
    id: `${issuer.profileUrl}#${ed25519.publicKeyMultibase}`,
    controller: issuer.profileUrl,
    type: 'Multikey',
    '@context': 'https://w3id.org/security/multikey/v1',
  });
  const documentLoader = profileLoader(profile);
  const credential = {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    type: ['VerifiableCredential'],
    issuer: issuer.profileUrl,
    credentialSubject: { id: 'did:example:learner' },
  };
  const signed = await vc.issue({
    credential,
    suite: new DataIntegrityProof({ signer: key.signer(), cryptosuite }),
    documentLoader,
  });
  const result = await vc.verifyCredential({
    credential: signed,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader,
  });
  return result.verified === true;
}
