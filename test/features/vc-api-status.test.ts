import assert from 'node:assert/strict';
import { decodeList, getBit } from '../../src/core/status/index.js';
import {
  bearer,
  createIssuer,
  snapshot,
  startTestApp,
  type IssuerFixture,
  type TestApp,
} from '../helpers/app.js';

interface Entry {
  statusPurpose: string;
  statusListCredential: string;
  statusListIndex: string;
}

describe('VC-API credential status (POST /credentials/status)', () => {
  let t: TestApp;
  let issuer: IssuerFixture;
  let other: IssuerFixture;

  const issue = async (credential: Record<string, unknown>) =>
    (
      await t.http
        .post('/credentials/issue')
        .set(...bearer(issuer.apiKey))
        .send({ credential })
        .expect(201)
    ).body.verifiableCredential;
  const v2 = () => ({
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential'],
    credentialSubject: { id: 'did:example:learner' },
  });
  const bit = async (entry: Entry) => {
    const path = entry.statusListCredential.slice(t.config.publicUrl.length);
    await t.http.post(`${path}/publish`).expect(204);
    const list = JSON.parse((await t.http.get(path).expect(200)).text);
    assert.equal(list.credentialSubject.statusPurpose, entry.statusPurpose);
    return getBit(decodeList(list.credentialSubject.encodedList), Number(entry.statusListIndex));
  };
  const update = (credentialId: string, credentialStatus: unknown, key = issuer.apiKey) =>
    t.http
      .post('/credentials/status')
      .set(...bearer(key))
      .send({ credentialId, credentialStatus });
  const verify = async (credential: unknown) =>
    (await t.http.post('/credentials/verify').send({ verifiableCredential: credential })).body;

  before(async () => {
    t = await startTestApp('vc_api_status');
    issuer = await createIssuer(t);
    other = await createIssuer(t);
  });
  after(() => t.close());

  it('adds a revocation and a suspension BitstringStatusListEntry to VC 2.0 credentials, both dereferenceable', async () => {
    const vc = await issue(v2());
    const entries = vc.credentialStatus as Entry[];
    assert.deepEqual(
      entries.map((e) => e.statusPurpose),
      ['revocation', 'suspension'],
    );
    for (const entry of entries) assert.equal(await bit(entry), false);
    assert.equal((await verify(vc)).verified, true);
  });

  it('keeps a VC 1.1 credential without status entries (the v1 context does not define them)', async () => {
    const vc = await issue({
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      type: ['VerifiableCredential'],
      issuanceDate: '2026-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:learner' },
    });
    assert.equal(vc.credentialStatus, undefined);
  });

  it('suspends, reinstates and revokes through the status purpose bits, and the verifier sees each', async () => {
    const vc = await issue(v2());
    const [revocation, suspension] = vc.credentialStatus as Entry[];
    await update(vc.id, { type: 'BitstringStatusListEntry', statusPurpose: 'suspension' }).expect(200);
    assert.equal(await bit(suspension as Entry), true);
    const suspended = await verify(vc);
    assert.equal(suspended.verified, false);
    assert.equal(suspended.checks.find((c: { id: string }) => c.id === 'status').code, 'suspended');
    await update(vc.id, [
      { type: 'BitstringStatusListEntry', statusPurpose: 'suspension', status: false },
    ]).expect(200);
    assert.equal(await bit(suspension as Entry), false);
    assert.equal((await verify(vc)).verified, true);
    const revoked = await update(vc.id, {
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
    }).expect(200);
    assert.equal(revoked.body.status, 'revoked');
    assert.equal(await bit(revocation as Entry), true);
    assert.equal((await verify(vc)).checks.find((c: { id: string }) => c.id === 'status').code, 'revoked');
    const before = await snapshot(t);
    await update(vc.id, {
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      status: false,
    }).expect(409);
    assert.equal(await snapshot(t), before);
  });

  it("refuses unknown credentials, other issuers' credentials and malformed updates, changing nothing", async () => {
    const vc = await issue(v2());
    const before = await snapshot(t);
    await update('urn:uuid:00000000-0000-4000-8000-000000000000', {
      type: 'BitstringStatusListEntry',
    }).expect(404);
    await update(vc.id, { type: 'BitstringStatusListEntry' }, other.apiKey).expect(404);
    await update(vc.id, { type: 'StatusList2021Entry' }).expect(400);
    await update(vc.id, { type: 'BitstringStatusListEntry', statusPurpose: 'message' }).expect(400);
    await t.http
      .post('/credentials/status')
      .send({ credentialId: vc.id, credentialStatus: { type: 'BitstringStatusListEntry' } })
      .expect(401);
    assert.equal(await snapshot(t), before);
  });
});
