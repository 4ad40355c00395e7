import assert from 'node:assert/strict';
import * as vcLib from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import type { DocumentLoader } from 'jsonld';
import { resolveDidKey } from '../../src/core/did/did-key.js';
import { packagedContexts } from '../../src/core/jsonld/contexts.js';
import { createDocumentLoader } from '../../src/core/jsonld/document-loader.js';
import { checkJsonSchema } from '../../src/core/ob3/validate.js';
import { decodeList, getBit } from '../../src/core/status/index.js';
import { VALID_CASES } from '../fixtures/vc-api/valid-credentials.js';
import { ob3Schema } from '../helpers/published.js';
import {
  bearer,
  createCatalog,
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

/** An outside verifier that knows only did:key (computed locally) and the packaged contexts. */
const didKeyLoader = createDocumentLoader({
  contexts: packagedContexts(),
  resolvers: [async (url) => resolveDidKey(url)],
});

const verifyDataIntegrity = (credential: unknown, documentLoader: DocumentLoader) =>
  vcLib.verifyCredential({ credential, suite: new DataIntegrityProof({ cryptosuite }), documentLoader });

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
  const listPath = (entry: Entry) => entry.statusListCredential.slice(t.config.publicUrl.length);
  const issueOb = async () => {
    const { achievementId, learnerId } = await createCatalog(t, issuer);
    const res = await t.http
      .post('/api/v1/credentials')
      .set(...bearer(issuer.apiKey))
      .send({ achievementId, learnerId, language: 'lv' })
      .expect(201);
    return res.body.credential as Record<string, unknown>;
  };
  const bit = async (entry: Entry) => {
    const path = listPath(entry);
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

  it('issues the lists of VC-API credentials as the did:key that signed them, so their verifiers resolve the key', async () => {
    const vc = await issue(v2());
    assert.match(vc.issuer, /^did:key:z6Mk/);
    for (const entry of vc.credentialStatus as Entry[]) {
      const list = JSON.parse((await t.http.get(listPath(entry)).expect(200)).text);
      assert.equal(list.issuer, vc.issuer);
      assert.equal(list.proof.verificationMethod, `${vc.issuer}#${vc.issuer.slice('did:key:'.length)}`);
      const result = await verifyDataIntegrity(list, didKeyLoader);
      assert.equal(result.verified, true, JSON.stringify(result.error));
    }
    const ob = await issueOb();
    const obList = new URL((ob.credentialStatus as Entry).statusListCredential).pathname;
    assert.notEqual(
      obList,
      listPath((vc.credentialStatus as Entry[])[0] as Entry),
      'did:web lists are separate',
    );
  });

  it('gives an OpenBadgeCredential exactly one status entry (revocation, as an object), valid against the OB 3.0 schema', async () => {
    const badge = VALID_CASES.find((c) => c.name === 'VC 2.0 Open Badges 3.0 credential');
    assert.ok(badge);
    const credential = {
      ...structuredClone(badge.credential),
      issuer: undefined,
      id: `urn:uuid:${crypto.randomUUID()}`,
    };
    const vc = await issue(JSON.parse(JSON.stringify(credential)));
    const entry = vc.credentialStatus as Entry;
    assert.equal(Array.isArray(entry), false);
    assert.equal(entry.statusPurpose, 'revocation');
    const schemaErrors = checkJsonSchema(vc, ob3Schema()).filter((e) =>
      e.pointer.startsWith('/credentialStatus'),
    );
    assert.deepEqual(schemaErrors, []);
    // the record keeps the signed credential as text, and its id beside it
    const stored = await t.deps.store.connection.collection('credentials').findOne({ vcId: vc.id });
    assert.equal(stored?.statusRefs.length, 1, 'one index claimed, none leaked');
    await update(vc.id, { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }).expect(200);
    assert.equal(await bit(entry), true);
    assert.equal((await verify(vc)).checks.find((c: { id: string }) => c.id === 'status').code, 'revoked');
  });

  it("after a key rotation, new credentials use the new did:key's lists and old lists stay signed by the old did:key", async () => {
    const own = await createIssuer(t);
    const issueOwn = async () =>
      (
        await t.http
          .post('/credentials/issue')
          .set(...bearer(own.apiKey))
          .send({ credential: v2() })
          .expect(201)
      ).body.verifiableCredential;
    const before = await issueOwn();
    const rotated = await t.http
      .post(`/api/v1/issuers/${own.id}/keys/rotate`)
      .set(...bearer(own.apiKey))
      .expect(200);
    const after = await issueOwn();
    assert.equal(after.issuer, rotated.body.didKey);
    assert.notEqual(after.issuer, before.issuer);
    const [oldRevocation] = before.credentialStatus as Entry[];
    assert.notEqual(
      (after.credentialStatus as Entry[])[0]?.statusListCredential,
      oldRevocation?.statusListCredential,
    );
    await t.http
      .post('/credentials/status')
      .set(...bearer(own.apiKey))
      .send({
        credentialId: before.id,
        credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' },
      })
      .expect(200);
    const list = JSON.parse((await t.http.get(listPath(oldRevocation as Entry)).expect(200)).text);
    assert.equal(list.issuer, before.issuer, 're-signed as the retired key’s did:key');
    assert.equal((await verifyDataIntegrity(list, didKeyLoader)).verified, true);
    assert.equal(
      (await verify(before)).checks.find((c: { id: string }) => c.id === 'status').code,
      'revoked',
    );
    assert.equal((await verify(after)).verified, true);
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
