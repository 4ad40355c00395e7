import assert from 'node:assert/strict';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { checkSafeExpansion } from '../../src/core/jsonld/safe-expand.js';
import { checkJsonSchema } from '../../src/core/ob3/validate.js';
import {
  bearer,
  createCatalog,
  createIssuer,
  startTestApp,
  type IssuerFixture,
  type TestApp,
} from '../helpers/app.js';
import { ob3Schema, publishedLoader, publishedStatusCheck } from '../helpers/published.js';

const verifyDi = async (t: TestApp, credential: unknown) =>
  vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader: publishedLoader(t),
    checkStatus: publishedStatusCheck(t),
  });

describe('POST /api/v1/credentials', () => {
  let t: TestApp;
  let issuer: IssuerFixture;
  let achievementId: string;
  let learnerId: string;
  const issue = (body: Record<string, unknown>, key = issuer.apiKey) =>
    t.http
      .post('/api/v1/credentials')
      .set(...bearer(key))
      .send(body);

  before(async () => {
    t = await startTestApp('credentials');
    issuer = await createIssuer(t);
    ({ achievementId, learnerId } = await createCatalog(t, issuer));
  });
  after(() => t.close());

  for (const language of ['lv', 'en']) {
    it(`issues a ${language} credential that passes the purl schema and safe-mode expansion and verifies from the published profile`, async () => {
      const res = await issue({ achievementId, learnerId, language, result: { value: '8' } }).expect(201);
      const { credential } = res.body;
      assert.equal(credential.id, `${t.config.publicUrl}/credentials/${res.body.id}`);
      assert.equal(credential.credentialSubject.achievement.inLanguage, language);
      assert.deepEqual(checkJsonSchema(credential, ob3Schema()), []);
      assert.deepEqual(await checkSafeExpansion(credential, publishedLoader(t)), []);
      assert.equal(credential.issuer.id, issuer.did);
      assert.equal(credential.credentialSubject.achievement.creator.id, issuer.did);
      assert.equal(credential.proof.verificationMethod.startsWith(`${issuer.did}#z6Mk`), true);
      const result = await verifyDi(t, credential);
      assert.equal(result.verified, true, JSON.stringify(result.error));
      const stored = await t.http.get(`/credentials/${res.body.id}`).expect(200);
      assert.match(String(stored.headers['content-type']), /^application\/vc\+ld\+json/);
      assert.deepEqual(JSON.parse(stored.text), credential);
    });
  }

  it('issues a VC-JWT that verifies with jose against the published JWKS, with claims matching the credential', async () => {
    const res = await issue({ achievementId, learnerId, language: 'lv', format: 'ob3-jwt' }).expect(201);
    const jwks = createLocalJWKSet(
      JSON.parse((await t.http.get(`/issuers/${issuer.slug}/jwks`).expect(200)).text),
    );
    const { payload, protectedHeader } = await jwtVerify(res.body.jwt, jwks);
    assert.equal(protectedHeader.alg, 'ES256');
    const credential = res.body.credential;
    assert.equal(payload.iss, credential.issuer.id);
    assert.equal(payload.jti, credential.id);
    assert.equal(payload.sub, credential.credentialSubject.id);
    assert.equal(payload.nbf, Math.floor(Date.parse(credential.validFrom) / 1000));
    const served = await t.http.get(`/credentials/${res.body.id}`).expect(200);
    assert.match(String(served.headers['content-type']), /^application\/vc\+jwt/);
    assert.equal(served.text, res.body.jwt);
    assert.deepEqual(decodeJwt(served.text).credentialSubject, credential.credentialSubject);
  });

  it('after key rotation, old credentials still verify and new ones use the new key', async () => {
    const own = await createIssuer(t);
    const { achievementId: a, learnerId: l } = await createCatalog(t, own);
    const before = (await issue({ achievementId: a, learnerId: l, language: 'lv' }, own.apiKey).expect(201))
      .body.credential;
    await t.http
      .post(`/api/v1/issuers/${own.id}/keys/rotate`)
      .set(...bearer(own.apiKey))
      .expect(200);
    const after = (await issue({ achievementId: a, learnerId: l, language: 'lv' }, own.apiKey).expect(201))
      .body.credential;
    assert.notEqual(after.proof.verificationMethod, before.proof.verificationMethod);
    assert.equal((await verifyDi(t, before)).verified, true);
    assert.equal((await verifyDi(t, after)).verified, true);
  });

  it('creates exactly one credential for 50 concurrent requests with one idempotency key', async () => {
    const body = { achievementId, learnerId, language: 'lv', idempotencyKey: `retry-${Date.now()}` };
    const stored = () =>
      t.deps.store.connection.collection('credentials').countDocuments({ issuerId: issuer.id, learnerId });
    const listed = async () =>
      (
        await t.http
          .get(`/api/v1/credentials?pageSize=1&learnerId=${learnerId}`)
          .set(...bearer(issuer.apiKey))
          .expect(200)
      ).body.total as number;
    const [storedBefore, listedBefore] = [await stored(), await listed()];
    const answers = await Promise.all(Array.from({ length: 50 }, () => issue(body)));
    const ids = new Set(answers.map((r) => r.body.id));
    assert.deepEqual(
      answers
        .map((r) => r.status)
        .sort()
        .filter((s, i, all) => all.indexOf(s) === i),
      [200, 201],
    );
    assert.equal(answers.filter((r) => r.status === 201).length, 1);
    assert.equal(ids.size, 1);
    assert.equal(
      await stored(),
      storedBefore + 1,
      'the store holds exactly one more credential of this learner',
    );
    assert.equal(await listed(), listedBefore + 1, 'and the issuer API lists exactly one more');
    const reused = await issue({ ...body, language: 'en' }).expect(409);
    assert.equal(reused.body.code, 'idempotency-key-reused');
    assert.equal(reused.body.errors[0].pointer, '/idempotencyKey');
    assert.equal(await stored(), storedBefore + 1);
  });
});
