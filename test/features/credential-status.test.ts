import assert from 'node:assert/strict';
import { decodeList, getBit } from '../../src/core/status/index.js';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {
  bearer,
  createCatalog,
  createIssuer,
  snapshot,
  startTestApp,
  type IssuerFixture,
  type TestApp,
} from '../helpers/app.js';
import { publishedLoader } from '../helpers/published.js';

describe('credential status: revoke, suspend, reinstate and the status list', () => {
  let t: TestApp;
  let issuer: IssuerFixture;
  let other: IssuerFixture;
  let achievementId: string;
  let learnerId: string;

  const issue = async () =>
    (
      await t.http
        .post('/api/v1/credentials')
        .set(...bearer(issuer.apiKey))
        .send({ achievementId, learnerId, language: 'lv' })
        .expect(201)
    ).body;
  const act = (id: string, action: string, body?: object, key = issuer.apiKey) => {
    const req = t.http.post(`/api/v1/credentials/${id}/${action}`).set(...bearer(key));
    return body ? req.send(body) : req;
  };
  /** Dereferences the list URL inside the credential and reads the credential's bit. */
  const bitOf = async (credential: {
    credentialStatus: { statusListCredential: string; statusListIndex: string };
  }) => {
    const { statusListCredential, statusListIndex } = credential.credentialStatus;
    const res = await t.http.get(statusListCredential.slice(t.config.publicUrl.length)).expect(200);
    const list = JSON.parse(res.text);
    return { list, bit: getBit(decodeList(list.credentialSubject.encodedList), Number(statusListIndex)) };
  };

  before(async () => {
    t = await startTestApp('credential_status');
    issuer = await createIssuer(t);
    other = await createIssuer(t);
    ({ achievementId, learnerId } = await createCatalog(t, issuer));
  });
  after(() => t.close());

  it('every issued credential has one BitstringStatusListEntry for revocation pointing at PUBLIC_URL/status/{listId}', async () => {
    const { credential } = await issue();
    const entry = credential.credentialStatus;
    assert.equal(Array.isArray(entry), false);
    assert.equal(entry.type, 'BitstringStatusListEntry');
    assert.equal(entry.statusPurpose, 'revocation');
    assert.match(entry.statusListCredential, new RegExp(`^${t.config.publicUrl}/status/[0-9a-f-]{36}$`));
    assert.equal(entry.id, `${entry.statusListCredential}#${entry.statusListIndex}`);
    assert.match(entry.statusListIndex, /^\d+$/);
  });

  it('serves the list as a signed VC 2.0 BitstringStatusListCredential that verifies on its own, with caching headers', async () => {
    const { credential } = await issue();
    const path = credential.credentialStatus.statusListCredential.slice(t.config.publicUrl.length);
    const res = await t.http.get(path).expect(200);
    assert.match(String(res.headers['cache-control']), /max-age=\d+/);
    assert.ok(res.headers.etag);
    await t.http.get(path).set('If-None-Match', String(res.headers.etag)).expect(304);
    const list = JSON.parse(res.text);
    assert.deepEqual(list.type, ['VerifiableCredential', 'BitstringStatusListCredential']);
    assert.equal(typeof list.issuer, 'string');
    assert.equal(list.issuer, issuer.did, "the list's issuer is its credentials' issuer");
    assert.equal(list.issuer, credential.issuer.id);
    assert.equal(list.proof.verificationMethod.startsWith(`${issuer.did}#z6Mk`), true);
    assert.equal(list.credentialSubject.statusPurpose, 'revocation');
    assert.match(list.credentialSubject.encodedList, /^u[A-Za-z0-9_-]+$/);
    assert.ok(decodeList(list.credentialSubject.encodedList).length * 8 >= 131072);
    const result = await vc.verifyCredential({
      credential: list,
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader: publishedLoader(t),
    });
    assert.equal(result.verified, true, JSON.stringify(result.error));
  });

  it('revoking sets exactly its bit; the list is re-signed; revocation is final', async () => {
    const a = await issue();
    const b = await issue();
    assert.equal((await bitOf(a.credential)).bit, false);
    const revoked = await act(a.id, 'revoke', { reason: 'Eksāmens anulēts' }).expect(200);
    assert.equal(revoked.body.status, 'revoked');
    assert.equal(revoked.body.statusHistory[0].reason, 'Eksāmens anulēts');
    assert.equal((await bitOf(a.credential)).bit, true);
    if (
      a.credential.credentialStatus.statusListCredential ===
      b.credential.credentialStatus.statusListCredential
    ) {
      assert.equal((await bitOf(b.credential)).bit, false, 'only the revoked credential has its bit set');
    }
    for (const action of ['reinstate', 'suspend', 'revoke']) {
      const before = await snapshot(t);
      const res = await act(a.id, action).expect(409);
      assert.equal(res.body.code, 'status-change-refused');
      assert.equal(await snapshot(t), before);
    }
  });

  it('suspend and reinstate are recorded (OB 3.0 credentials carry no suspension entry); the revocation bit stays clear', async () => {
    const c = await issue();
    assert.equal((await act(c.id, 'suspend').expect(200)).body.status, 'suspended');
    assert.equal((await bitOf(c.credential)).bit, false);
    await act(c.id, 'suspend').expect(409);
    assert.equal((await act(c.id, 'reinstate').expect(200)).body.status, 'active');
    assert.equal((await act(c.id, 'suspend').expect(200)).body.status, 'suspended');
    assert.equal((await act(c.id, 'revoke').expect(200)).body.status, 'revoked');
    assert.equal((await bitOf(c.credential)).bit, true);
    const audit = await t.http
      .get('/api/v1/audit?pageSize=100')
      .set(...bearer(issuer.apiKey))
      .expect(200);
    const actions = audit.body.items
      .filter((e: { targetId: string }) => e.targetId === c.id)
      .map((e: { action: string }) => e.action);
    assert.deepEqual(actions, [
      'credential.issued',
      'credential.suspended',
      'credential.reinstated',
      'credential.suspended',
      'credential.revoked',
    ]);
  });

  it('concurrent conflicting changes to one credential: one revoke wins, at most one suspend, and the bits agree', async () => {
    const c = await issue();
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) => act(c.id, i % 2 ? 'suspend' : 'revoke')),
    );
    const ok = (action: string) =>
      answers.filter((r, i) => r.status === 200 && (i % 2 ? 'suspend' : 'revoke') === action).length;
    assert.equal(ok('revoke'), 1);
    assert.ok(ok('suspend') <= 1);
    assert.ok(answers.every((r) => r.status === 200 || r.status === 409));
    const record = await t.http
      .get(`/api/v1/credentials/${c.id}`)
      .set(...bearer(issuer.apiKey))
      .expect(200);
    assert.equal(record.body.status, 'revoked');
    assert.equal(record.body.statusHistory.length, 1 + ok('suspend'));
    assert.equal((await bitOf(c.credential)).bit, true);
  });

  it("another issuer cannot change a credential's status (404), and nothing changes", async () => {
    const c = await issue();
    const before = await snapshot(t);
    await act(c.id, 'revoke', {}, other.apiKey).expect(404);
    assert.equal(await snapshot(t), before);
    await act(c.id, 'revoke', { reason: 'x', extra: 1 }).expect(400);
    assert.equal(await snapshot(t), before);
  });
});
