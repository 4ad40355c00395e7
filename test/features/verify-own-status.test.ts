import assert from 'node:assert/strict';
import {
  bearer,
  createCatalog,
  createIssuer,
  startTestApp,
  type IssuerFixture,
  type TestApp,
} from '../helpers/app.js';
import { assertStoreUnchanged } from '../helpers/problem.js';
import { verifyCredential } from '../helpers/verify.js';

type Doc = Record<string, unknown>;

describe('POST /credentials/verify — our own status lists', () => {
  let t: TestApp;
  let issuer: IssuerFixture;
  let achievementId: string;
  let learnerId: string;

  const issue = async (): Promise<Doc> =>
    (
      await t.http
        .post('/api/v1/credentials')
        .set(...bearer(issuer.apiKey))
        .send({ achievementId, learnerId, language: 'lv' })
        .expect(201)
    ).body.credential;
  const lists = () => t.deps.store.connection.collection('status_lists');
  const listIdOf = (credential: Doc) =>
    String((credential.credentialStatus as Doc).statusListCredential)
      .split('/')
      .pop() as string;
  const statusCheck = (body: {
    checks: Array<{ id: string; valid: boolean; code?: string; detail: string }>;
  }) => body.checks.find((c) => c.id === 'status');

  before(async () => {
    t = await startTestApp('verify_own_status');
    issuer = await createIssuer(t);
    ({ achievementId, learnerId } = await createCatalog(t, issuer));
  });
  after(() => t.close());

  it('reads a list never signed yet from the store and writes nothing', async () => {
    const credential = await issue();
    const list = await lists().findOne({ _id: listIdOf(credential) as never });
    assert.ok(list);
    const res = await assertStoreUnchanged(t, () => verifyCredential(t, credential));
    assert.equal(res.status, 200, res.text);
    assert.equal(statusCheck(res.body)?.valid, true);
  });

  it('re-signs a list when a bit changes, so neither GET nor verify signs or writes', async () => {
    const credential = await issue();
    const other = await issue();
    const id = String(credential.id).split('/').pop();
    await t.http
      .post(`/api/v1/credentials/${id}/revoke`)
      .set(...bearer(issuer.apiKey))
      .send({ reason: 'test' })
      .expect(200);
    const stored = await lists().findOne({ _id: listIdOf(credential) as never });
    assert.equal(stored?.signed?.version, stored?.version);
    const url = String((credential.credentialStatus as Doc).statusListCredential);
    const served = await assertStoreUnchanged(t, () => t.http.get(url.slice(t.config.publicUrl.length)));
    assert.equal(served.status, 200);
    assert.deepEqual(JSON.parse(served.text), stored?.signed?.credential);
    const revoked = await assertStoreUnchanged(t, () => verifyCredential(t, credential));
    assert.equal(revoked.status, 400);
    assert.equal(statusCheck(revoked.body)?.code, 'revoked');
    assert.equal(listIdOf(other), listIdOf(credential));
    const active = await assertStoreUnchanged(t, () => verifyCredential(t, other));
    assert.equal(statusCheck(active.body)?.valid, true, active.text);
  });

  it('trusts a list as our store holds it: its proof is not verified again on every verify', async () => {
    const credential = await issue();
    const other = await issue();
    const listId = listIdOf(credential);
    assert.equal(listIdOf(other), listId);
    // revoking the other credential changes a bit: the list is signed and kept
    await t.http
      .post(`/api/v1/credentials/${String(other.id).split('/').pop()}/revoke`)
      .set(...bearer(issuer.apiKey))
      .send({ reason: 'test' })
      .expect(200);
    const stored = await lists().findOne({ _id: listId as never });
    assert.equal(stored?.signed?.version, stored?.version);
    // a stored list whose proof no longer verifies: a verifier that re-verified it would say "unknown"
    await lists().updateOne(
      { _id: listId as never },
      { $set: { 'signed.credential.proof.proofValue': 'z1111' } },
    );
    const res = await verifyCredential(t, credential);
    assert.equal(res.status, 200, res.text);
    assert.equal(statusCheck(res.body)?.valid, true, res.text);
  });
});
