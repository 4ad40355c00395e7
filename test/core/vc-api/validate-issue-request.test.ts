import assert from 'node:assert/strict';
import {
  ISSUE_REQUEST_ERROR_CODES,
  IssueRequestError,
  validateIssueRequest,
} from '../../../src/core/vc-api/index.js';
import { INVALID_CASES } from '../../fixtures/vc-api/invalid-requests.js';
import { OTHER_DID, TEST_ISSUER_DID } from '../../fixtures/vc-api/issuer.js';
import { VALID_CASES } from '../../fixtures/vc-api/valid-credentials.js';
import { testDocumentLoader } from './support.js';

const context = { issuerDid: TEST_ISSUER_DID, documentLoader: testDocumentLoader() };

async function rejection(body: unknown): Promise<IssueRequestError> {
  try {
    await validateIssueRequest(body, context);
  } catch (error) {
    assert.ok(error instanceof IssueRequestError, `expected an IssueRequestError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the request to be refused');
}

describe('core/vc-api validateIssueRequest', () => {
  describe('refuses malformed requests with the pointer of the problem', () => {
    for (const { name, body, pointer, code } of INVALID_CASES) {
      it(`${name} → ${code} at "${pointer}"`, async () => {
        const error = await rejection(body);
        assert.equal(error.code, code, JSON.stringify(error.errors));
        assert.equal(error.errors[0]?.pointer, pointer, JSON.stringify(error.errors));
        assert.ok(error.errors.every((e) => ISSUE_REQUEST_ERROR_CODES.includes(e.code)));
      });
    }
  });

  it('covers every rule family with at least one malformed case', () => {
    const covered = new Set(INVALID_CASES.map((c) => c.code));
    assert.deepEqual(
      ISSUE_REQUEST_ERROR_CODES.filter((code) => !covered.has(code)),
      [],
    );
  });

  describe('accepts the valid credentials', () => {
    for (const { name, credential } of VALID_CASES) {
      it(name, async () => {
        const valid = await validateIssueRequest({ credential }, context);
        assert.deepEqual(valid.credential['@context'], credential['@context']);
        assert.deepEqual(valid.credential.credentialSubject, credential.credentialSubject);
      });
    }
  });

  it('sets an absent issuer to the service DID without touching the request', async () => {
    const credential = { ...VALID_CASES[0]!.credential };
    const before = structuredClone(credential);
    const valid = await validateIssueRequest({ credential }, context);
    assert.equal(valid.credential.issuer, TEST_ISSUER_DID);
    assert.deepEqual(credential, before);
  });

  it('returns the credentialId option and defaults to no options', async () => {
    const { credential } = VALID_CASES[0]!;
    const credentialId = 'urn:uuid:ad5d541f-db7a-4bff-97e1-d403ce403767';
    assert.deepEqual(
      (await validateIssueRequest({ credential, options: { credentialId } }, context)).options,
      {
        credentialId,
      },
    );
    assert.deepEqual((await validateIssueRequest({ credential }, context)).options, {});
  });

  it('lists every structural problem of a request, not only the first', async () => {
    const error = await rejection({
      credential: {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        issuer: OTHER_DID,
        validFrom: 'soon',
      },
      options: { foo: 1 },
    });
    assert.deepEqual(
      error.errors.map((e) => [e.pointer, e.code]),
      [
        ['/credential/type', 'missing-type'],
        ['/credential/issuer', 'issuer-mismatch'],
        ['/credential/credentialSubject', 'missing-credential-subject'],
        ['/credential/validFrom', 'invalid-date'],
        ['/options/foo', 'unknown-option'],
      ],
    );
    assert.match(error.message, /type/);
  });

  it('accepts terms left to the undefined-terms context under VC 2.0', async () => {
    const credential = {
      '@context': [
        'https://www.w3.org/ns/credentials/v2',
        'https://www.w3.org/ns/credentials/undefined-terms/v2',
      ],
      type: ['VerifiableCredential', 'ExampleDegreeCredential'],
      credentialSubject: { id: OTHER_DID, degree: { type: 'BachelorDegree', name: 'BSc' } },
    };
    await validateIssueRequest({ credential }, context);
  });
});

describe('core/vc-api validateIssueRequest — relatedResource (VC 2.0 §5.3)', () => {
  const V2 = 'https://www.w3.org/ns/credentials/v2';
  /** VC 2.0 §B.1: the published SHA2-256 and SHA2-384 digests of the base context */
  const SHA256_MULTIBASE = `u${Buffer.from('24a18c90e9856d526111f29376e302d970b2bd10182e33959995b0207d7043b9', 'hex').toString('base64url')}`;
  const SHA384_SRI = `sha384-${Buffer.from('35239c36999d2155312091af194a1edb61634d6ad789a5e5b19f2aebdd762dd9d1dcaada40eda7ef921c6b8c0ae107a0', 'hex').toString('base64')}`;
  const credentialWith = (relatedResource: unknown) => ({
    credential: { ...VALID_CASES[0]!.credential, relatedResource },
  });

  it('accepts the published digests of the base context, as SRI and as Multibase (raw or multihash)', async () => {
    const multihash = `u${Buffer.concat([Buffer.from([0x12, 0x20]), Buffer.from(SHA256_MULTIBASE.slice(1), 'base64url')]).toString('base64url')}`;
    for (const entry of [
      { id: V2, digestSRI: SHA384_SRI },
      { id: V2, digestMultibase: SHA256_MULTIBASE },
      { id: V2, digestMultibase: multihash, mediaType: 'application/ld+json' },
      { id: V2, digestSRI: SHA384_SRI, digestMultibase: SHA256_MULTIBASE },
    ]) {
      await validateIssueRequest(credentialWith([entry]), context);
    }
  });

  it('accepts a resource it cannot check (not one of its published contexts): unchecked, not refused', async () => {
    await validateIssueRequest(
      credentialWith([{ id: 'https://tilts.example/logo.png', digestSRI: SHA384_SRI }]),
      context,
    );
  });

  it('refuses a duplicate id among the related resources', async () => {
    const error = await rejection(
      credentialWith([
        { id: V2, digestSRI: SHA384_SRI },
        { id: V2, digestMultibase: SHA256_MULTIBASE },
      ]),
    );
    assert.equal(error.code, 'invalid-related-resource');
    assert.deepEqual(
      error.errors.map((e) => e.pointer),
      ['/credential/relatedResource/1/id'],
    );
  });

  it('refuses a digest of the base context that is not the published one, SRI or Multibase', async () => {
    const flip = (s: string) => `${s.slice(0, -2)}${s.endsWith('A') ? 'B' : 'A'}${s.slice(-1)}`;
    for (const [field, value] of [
      ['digestSRI', flip(SHA384_SRI)],
      ['digestMultibase', flip(SHA256_MULTIBASE)],
      ['digestSRI', `sha256-${Buffer.alloc(32).toString('base64')}`],
    ] as const) {
      const error = await rejection(credentialWith([{ id: V2, [field]: value }]));
      assert.equal(error.code, 'invalid-related-resource', field);
      assert.equal(error.errors[0]?.pointer, `/credential/relatedResource/0/${field}`);
    }
  });
});
