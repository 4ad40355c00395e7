import assert from 'node:assert/strict';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { generateEd25519Key } from '../../src/core/keys/index.js';
import { signDataIntegrity } from '../../src/core/ob3/sign.js';
import { bearer, startTestApp, type TestApp } from '../helpers/app.js';
import { publishedLoader, publishedStatusCheck } from '../helpers/published.js';
import { signingKeysOf } from '../helpers/signing.js';
import {
  assertFails,
  assertReport,
  contextLoader,
  fakeRemote,
  setUpIssuing,
  signWithKey,
  unsecured,
  verifyCredential,
  type Doc,
  type Issuing,
} from '../helpers/verify.js';

/**
 * Credentials issued before issuers had a did:web name the https URL of the issuer's Profile as
 * `issuer.id` and as the controller of their verification method, and point at status lists issued as
 * that URL (list records without an `identity`). They are rebuilt here in exactly that layout: the
 * credential as the service issues it now, with the Profile URL in place of the did:web, signed with
 * the issuer's key under `<profile URL>#<key>`, stored as the record; its list record without identity.
 */
describe('credentials issued under the previous identity (issuer.id = the https Profile URL)', () => {
  const remote = fakeRemote();
  let t: TestApp;
  let s: Issuing;
  let id: string;
  let legacy: Doc;
  let listPath: string;

  const outsideVerify = (credential: Doc) =>
    vc.verifyCredential({
      credential,
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader: publishedLoader(t),
      checkStatus: publishedStatusCheck(t),
    });
  const list = async () => JSON.parse((await t.http.get(listPath).expect(200)).text) as Doc;

  before(async () => {
    t = await startTestApp('legacy_identity', {
      env: { REMOTE_FETCH: 'true', REMOTE_FETCH_ALLOW_PRIVATE: 'false' },
      remoteFetch: remote.remoteFetch,
      dnsLookup: remote.dnsLookup,
    });
    s = await setUpIssuing(t);
    const issued = await s.issue();
    id = issued.id;
    const layout = JSON.parse(
      JSON.stringify(unsecured(issued.credential)).split(s.issuer.did).join(s.issuer.profileUrl),
    );
    const { ed25519 } = await signingKeysOf(t, s.issuer.id);
    legacy = await signDataIntegrity(layout, {
      key: { controller: s.issuer.profileUrl, ...ed25519 },
      created: new Date(),
      documentLoader: contextLoader,
    });
    const db = t.deps.store.connection;
    await db.collection('credentials').updateOne({ _id: id as never }, { $set: { credential: legacy } });
    const entry = legacy.credentialStatus as { statusListCredential: string };
    listPath = entry.statusListCredential.slice(t.config.publicUrl.length);
    const listId = listPath.split('/').at(-1);
    await db
      .collection('status_lists')
      .updateOne({ _id: listId as never }, { $unset: { identity: '', signed: '' } });
  });
  beforeEach(() => remote.reset());
  afterEach(function () {
    if (this.currentTest?.state !== 'passed') return;
    assert.deepEqual(remote.fetches, [], 'our own credentials need no network');
  });
  after(() => t.close());

  it('has the previous layout: issuer, creator and verification method under the Profile URL', () => {
    const issuer = legacy.issuer as Doc;
    assert.equal(issuer.id, s.issuer.profileUrl);
    const subject = legacy.credentialSubject as { achievement: { creator: Doc } };
    assert.equal(subject.achievement.creator.id, s.issuer.profileUrl);
    const proof = legacy.proof as Doc;
    assert.match(String(proof.verificationMethod), new RegExp(`^${s.issuer.profileUrl}#z6Mk`));
    assert.equal(JSON.stringify(legacy).includes('did:web:'), false);
  });

  it('verifies through POST /credentials/verify and through an outside verifier reading the published Profile', async () => {
    const report = assertReport(await verifyCredential(t, legacy), true);
    assert.equal(report.summary.issuerId, s.issuer.profileUrl);
    const outside = await outsideVerify(legacy);
    assert.equal(outside.verified, true, JSON.stringify(outside.error));
  });

  it('its status list (a record without identity) is still issued and signed as the Profile URL', async () => {
    const signed = await list();
    assert.equal(signed.issuer, s.issuer.profileUrl);
    assert.match(
      String((signed.proof as Doc).verificationMethod),
      new RegExp(`^${s.issuer.profileUrl}#z6Mk`),
    );
    const result = await vc.verifyCredential({
      credential: signed,
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader: publishedLoader(t),
    });
    assert.equal(result.verified, true, JSON.stringify(result.error));
  });

  it('a key the Profile does not list, under the Profile URL, is not trusted (key-not-authorized)', async () => {
    const key = await generateEd25519Key();
    const forged = await signWithKey(legacy, key, `${s.issuer.profileUrl}#${key.publicKeyMultibase}`);
    assertFails(await verifyCredential(t, forged), 'proof', 'key-not-authorized');
  });

  it('keeps verifying after a key rotation (the retired key stays in the Profile)', async () => {
    await t.http
      .post(`/api/v1/issuers/${s.issuer.id}/keys/rotate`)
      .set(...bearer(s.issuer.apiKey))
      .expect(200);
    assertReport(await verifyCredential(t, legacy), true);
    assert.equal((await outsideVerify(legacy)).verified, true);
  });

  it("a suspension shows from the issuer's records; a revocation from the list, re-signed as the Profile URL", async () => {
    assert.equal((await s.act(id, 'suspend')).status, 200);
    assert.equal(
      assertFails(await verifyCredential(t, legacy), 'status', 'suspended').summary.status,
      'suspended',
    );
    assert.equal((await s.act(id, 'reinstate')).status, 200);
    assertReport(await verifyCredential(t, legacy), true);
    assert.equal((await s.act(id, 'revoke')).status, 200);
    assertFails(await verifyCredential(t, legacy), 'status', 'revoked');
    const signed = await list();
    assert.equal(signed.issuer, s.issuer.profileUrl, 'the re-signed list keeps its identity');
    const outside = await outsideVerify(legacy);
    assert.equal(outside.verified, false, 'an outside verifier reads the revocation from the list');
  });
});
