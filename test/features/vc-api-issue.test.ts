import assert from 'node:assert/strict';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { packagedContexts } from '../../src/core/jsonld/contexts.js';
import { createDocumentLoader } from '../../src/core/jsonld/document-loader.js';
import { resolveDidKey } from '../../src/core/did/did-key.js';
import {
  bearer,
  createIssuer,
  snapshot,
  startTestApp,
  type IssuerFixture,
  type TestApp,
} from '../helpers/app.js';
import { TEST_ISSUER_DID } from '../fixtures/vc-api/issuer.js';
import { titleOf } from '../../src/errors.js';
import { INVALID_CASES } from '../fixtures/vc-api/invalid-requests.js';
import { VALID_CASES } from '../fixtures/vc-api/valid-credentials.js';
import { proofComparisons } from '../helpers/plain-proof.js';

const didKeyLoader = createDocumentLoader({
  contexts: packagedContexts(),
  resolvers: [async (url) => resolveDidKey(url)],
});

/** The fixtures name a fixed test did:key; over HTTP the issuer is the calling issuer's own did:key. */
const asIssuer = <T>(value: T, did: string): T =>
  JSON.parse(JSON.stringify(value).split(TEST_ISSUER_DID).join(did)) as T;

describe('POST /credentials/issue (W3C VC-API)', () => {
  let t: TestApp;
  let issuer: IssuerFixture;
  let did: string;
  before(async () => {
    t = await startTestApp('vc_api_issue');
    issuer = await createIssuer(t);
    const probe = await t.http
      .post('/credentials/issue')
      .set(...bearer(issuer.apiKey))
      .send({
        credential: {
          '@context': ['https://www.w3.org/ns/credentials/v2'],
          type: ['VerifiableCredential'],
          credentialSubject: { id: 'did:example:x' },
        },
      })
      .expect(201);
    did = probe.body.verifiableCredential.issuer;
    assert.match(did, /^did:key:z6Mk/);
  });
  after(() => t.close());

  it("signs with the issuer's current Ed25519 key as did:key", async () => {
    const profile = JSON.parse((await t.http.get(`/issuers/${issuer.slug}`)).text);
    assert.ok(
      profile.verificationMethod.some(
        (m: { publicKeyMultibase: string }) => `did:key:${m.publicKeyMultibase}` === did,
      ),
    );
  });

  for (const c of VALID_CASES) {
    it(`valid: ${c.name} → 201 with a proof that verifies, @context and credentialSubject as given`, async () => {
      const body = { credential: asIssuer(c.credential, did) as Record<string, unknown> };
      const res = await t.http
        .post('/credentials/issue')
        .set(...bearer(issuer.apiKey))
        .send(body)
        .expect(201);
      const signed = res.body.verifiableCredential;
      assert.deepEqual(signed.credentialSubject, body.credential.credentialSubject);
      const context = body.credential['@context'] as string[];
      assert.deepEqual(signed['@context'].slice(0, context.length), context);
      const result = await vc.verifyCredential({
        credential: signed,
        suite: new DataIntegrityProof({ cryptosuite }),
        documentLoader: didKeyLoader,
        checkStatus: async () => ({ verified: true }),
      });
      assert.equal(result.verified, true, JSON.stringify(result.error?.errors?.[0]?.message ?? result.error));
    });
  }

  for (const c of INVALID_CASES) {
    it(`malformed: ${c.name} → 400 at ${c.pointer || '/'}, nothing stored`, async () => {
      const before = await snapshot(t);
      const res = await t.http
        .post('/credentials/issue')
        .set(...bearer(issuer.apiKey))
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(asIssuer(c.body, did)))
        .expect(400);
      assert.equal(res.body.code, c.code, 'the core rule code reaches the client unchanged');
      assert.equal(res.body.title, titleOf(c.code));
      assert.ok(
        res.body.errors.some((e: { pointer: string }) => e.pointer === c.pointer),
        `${c.pointer} not in ${JSON.stringify(res.body.errors)}`,
      );
      assert.equal(await snapshot(t), before);
    });
  }

  it('signs credentials using the W3C examples context (kept in contexts/), and they verify', async () => {
    const credential = {
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
      type: ['VerifiableCredential', 'ExampleAlumniCredential'],
      credentialSubject: { id: 'did:example:1', alumniOf: 'Example University' },
    };
    const res = await t.http
      .post('/credentials/issue')
      .set(...bearer(issuer.apiKey))
      .send({ credential })
      .expect(201);
    const verified = await t.http
      .post('/credentials/verify')
      .send({ verifiableCredential: res.body.verifiableCredential });
    assert.equal(verified.status, 200, JSON.stringify(verified.body.checks));
  });

  it('signs through the credentials feature’s signer (keys imported once, not per request): each proof is the one plain vc.issue() makes', async () => {
    const { compared, differing } = proofComparisons;
    for (const version of [
      ['https://www.w3.org/ns/credentials/v2'],
      ['https://www.w3.org/2018/credentials/v1'],
      ['https://www.w3.org/ns/credentials/v2'],
    ])
      await t.http
        .post('/credentials/issue')
        .set(...bearer(issuer.apiKey))
        .send({
          credential: {
            '@context': version,
            type: ['VerifiableCredential'],
            credentialSubject: { id: 'did:example:learner' },
          },
        })
        .expect(201);
    // the service's signer hands every Data Integrity proof it makes to the comparison (status lists too)
    assert.ok(proofComparisons.compared >= compared + 3, `${proofComparisons.compared - compared} compared`);
    assert.equal(proofComparisons.differing.length, differing.length);
  });

  it('refuses requests without an issuer API key', async () => {
    await t.http.post('/credentials/issue').send({ credential: {} }).expect(401);
  });
});
