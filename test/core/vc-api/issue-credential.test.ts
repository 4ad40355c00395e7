import assert from 'node:assert/strict';
import type { JsonObject } from '../../../src/core/types.js';
import {
  IssueRequestError,
  IssuerKeyError,
  issueCredential,
  issueFromRequest,
  validateIssueRequest,
} from '../../../src/core/vc-api/index.js';
import { OTHER_DID, TEST_ISSUER_DID, TEST_ISSUER_KEY, TEST_NOW } from '../../fixtures/vc-api/issuer.js';
import { VALID_CASES } from '../../fixtures/vc-api/valid-credentials.js';
import { testDocumentLoader, verifyIssued } from './support.js';

const documentLoader = testDocumentLoader();

async function assertSignatureFails(vc: JsonObject): Promise<void> {
  const result = await verifyIssued(vc);
  assert.equal(result.verified, false);
  assert.deepEqual(
    result.error?.errors?.map((e) => e.message),
    ['Invalid signature.'],
  );
}
const DI_V2 = 'https://w3id.org/security/data-integrity/v2';
const VM = `${TEST_ISSUER_DID}#${TEST_ISSUER_KEY.publicKeyMultibase}`;

async function issue(credential: JsonObject): Promise<JsonObject> {
  const { verifiableCredential } = await issueFromRequest(
    { credential },
    { key: TEST_ISSUER_KEY, now: TEST_NOW, documentLoader },
  );
  return verifiableCredential;
}

describe('core/vc-api issueCredential', () => {
  describe('signs every valid credential so that an independent verifier accepts it', () => {
    for (const { name, version, credential } of VALID_CASES) {
      it(name, async () => {
        const input = structuredClone(credential);
        const vc = await issue(credential);
        const result = await verifyIssued(vc);
        assert.equal(result.verified, true, String(result.error));
        const context = credential['@context'] as string[];
        assert.deepEqual(vc['@context'], version === '1.1' ? [...context, DI_V2] : context);
        assert.deepEqual(vc.credentialSubject, credential.credentialSubject);
        assert.deepEqual(credential, input, 'the input credential must not be mutated');
      });
    }
  });

  it('adds a DataIntegrityProof by the did:key for assertionMethod, created by the injected clock', async () => {
    const vc = await issue(VALID_CASES[0]!.credential);
    assert.equal(vc.issuer, TEST_ISSUER_DID);
    assert.deepEqual(vc.proof, {
      type: 'DataIntegrityProof',
      created: '2025-03-01T10:00:00Z',
      verificationMethod: VM,
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
      proofValue: (vc.proof as JsonObject).proofValue,
    });
    assert.match(String((vc.proof as JsonObject).proofValue), /^z[1-9A-HJ-NP-Za-km-z]{80,90}$/);
  });

  it('dates a VC 1.1 credential without issuanceDate from the injected clock, deterministically', async () => {
    const credential = {
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      type: ['VerifiableCredential'],
      credentialSubject: { id: OTHER_DID },
    };
    const first = await issue(credential);
    assert.equal(first.issuanceDate, '2025-03-01T10:00:00Z');
    assert.equal((await verifyIssued(first)).verified, true);
    assert.deepEqual(await issue(credential), first, 'same input, key and clock give the same credential');
  });

  it('keeps a VC 1.1 context that already lists the Data Integrity context', async () => {
    const context = ['https://www.w3.org/2018/credentials/v1', DI_V2];
    const vc = await issue({ ...VALID_CASES[5]!.credential, '@context': context });
    assert.deepEqual(vc['@context'], context);
  });

  describe('a changed issued credential no longer verifies', () => {
    const tamperings: Array<[string, (vc: JsonObject) => void]> = [
      ['subject claim', (vc) => ((vc.credentialSubject as JsonObject).name = 'Somebody else')],
      ['validUntil', (vc) => (vc.validUntil = '2099-01-01T00:00:00Z')],
      ['credential id', (vc) => (vc.id = 'https://tilts.example/credentials/1873')],
      ['issuer name', (vc) => ((vc.issuer as JsonObject).name = 'Other school')],
      ['proof created', (vc) => ((vc.proof as JsonObject).created = '2025-03-02T10:00:00Z')],
    ];
    for (const [what, tamper] of tamperings) {
      it(`after changing the ${what}`, async () => {
        const vc = await issue(VALID_CASES[3]!.credential);
        tamper(vc);
        await assertSignatureFails(vc);
      });
    }

    it('after changing a status entry', async () => {
      const vc = await issue(VALID_CASES[1]!.credential);
      ((vc.credentialStatus as JsonObject[])[1] as JsonObject).statusListIndex = '24';
      await assertSignatureFails(vc);
    });
  });

  it('refuses to sign for another issuer than the key', async () => {
    const { credential } = await validateIssueRequest(
      { credential: VALID_CASES[0]!.credential },
      { issuerDid: TEST_ISSUER_DID, documentLoader },
    );
    await assert.rejects(
      issueCredential({
        credential: { ...credential, issuer: OTHER_DID },
        key: TEST_ISSUER_KEY,
        now: TEST_NOW,
        documentLoader,
      }),
      (error: unknown) => error instanceof IssueRequestError && error.code === 'issuer-mismatch',
    );
  });

  it('reports a secret key that does not belong to the public key as an issuer key fault', async () => {
    const key = { ...TEST_ISSUER_KEY, publicKeyMultibase: OTHER_DID.slice('did:key:'.length) };
    await assert.rejects(
      issueFromRequest({ credential: VALID_CASES[0]!.credential }, { key, now: TEST_NOW, documentLoader }),
      (error: unknown) => error instanceof IssuerKeyError && error.code === 'invalid-issuer-key',
    );
  });

  it('passes the request options back with the signed credential', async () => {
    const credentialId = 'urn:uuid:ad5d541f-db7a-4bff-97e1-d403ce403767';
    const result = await issueFromRequest(
      { credential: VALID_CASES[0]!.credential, options: { credentialId } },
      { key: TEST_ISSUER_KEY, now: TEST_NOW, documentLoader },
    );
    assert.deepEqual(result.options, { credentialId });
    assert.equal(
      result.verifiableCredential.id,
      undefined,
      'credentialId is not written into the credential',
    );
  });
});
