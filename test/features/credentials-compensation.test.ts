import assert from 'node:assert/strict';
import type mongoose from 'mongoose';
import {
  bearer,
  createCatalog,
  createIssuer,
  startTestApp,
  type IssuerFixture,
  type TestApp,
} from '../helpers/app.js';
import { assertProblem, assertStoreUnchanged } from '../helpers/problem.js';
import { testStoreTcp, uniqueDbName } from '../helpers/store.js';
import { insertCommandMarker, startLossyProxy, type LossyProxy } from '../helpers/tcp-proxy.js';
import { assertConsistent, readStoreState, untilSettled } from '../infra/store-consistency.js';

interface Setup {
  t: TestApp;
  issuer: IssuerFixture;
  db: mongoose.mongo.Db;
  body: { achievementId: string; learnerId: string; language: string };
}

const issueWith = ({ t, issuer, body }: Setup, idempotencyKey?: string) =>
  t.http
    .post('/api/v1/credentials')
    .set(...bearer(issuer.apiKey))
    .send({ ...body, ...(idempotencyKey ? { idempotencyKey } : {}) });

const credentialsOf = ({ db, issuer }: Setup) =>
  db.collection('credentials').countDocuments({ issuerId: issuer.id, status: { $ne: 'void' } });

/** An issuer with a credential issued already: its edition is frozen, its status list and list page exist. */
async function setUp(t: TestApp): Promise<Setup> {
  const issuer = await createIssuer(t);
  const body = { ...(await createCatalog(t, issuer)), language: 'lv' };
  const setup = { t, issuer, body, db: t.deps.store.connection.db as mongoose.mongo.Db };
  await issueWith(setup).expect(201);
  return setup;
}

describe('issuance compensation: a failure after the status index was taken gives back all it held', function () {
  this.timeout(120000);

  describe('signing fails: the issuer’s current key record is unusable', () => {
    let s: Setup;
    before(async () => (s = await setUp(await startTestApp('compensation_sign'))));
    after(() => s.t.close());

    it('stores nothing (no credential, no index, no claim, no list row, no audit), and the key issues once the record is usable again', async () => {
      const { t, issuer, db } = s;
      // a rotation forgets the cached keys: the next issuance reads (and decrypts) the new record
      await t.http
        .post(`/api/v1/issuers/${issuer.id}/keys/rotate`)
        .set(...bearer(issuer.apiKey))
        .expect(200);
      const keys = db.collection<{ _id: string; sealedPrivateKey: unknown }>('issuer_keys');
      const [current, retired] = await keys
        .find({ issuerId: issuer.id, type: 'Ed25519' })
        .sort({ createdAt: -1 })
        .toArray();
      assert.ok(current && retired);
      // a sealed key moved from another record does not open under this record's identity
      await keys.updateOne({ _id: current._id }, { $set: { sealedPrivateKey: retired.sealedPrivateKey } });
      const key = `sign-fails-${Date.now()}`;

      const res = await assertStoreUnchanged(t, () => issueWith(s, key));
      assertProblem(res, 500, 'secret-undecryptable');

      await keys.updateOne({ _id: current._id }, { $set: { sealedPrivateKey: current.sealedPrivateKey } });
      const before = await credentialsOf(s);
      const retried = await issueWith(s, key).expect(201);
      assert.equal(await credentialsOf(s), before + 1, 'the key was free: issued now, once');
      assert.equal((await issueWith(s, key).expect(200)).body.id, retried.body.id);
      assertConsistent(await readStoreState(db));
    });
  });

  describe('persisting fails: the credential’s insert never reaches the store', () => {
    let proxy: LossyProxy;
    let s: Setup;
    before(async () => {
      const store = await testStoreTcp();
      proxy = await startLossyProxy({ host: store.hostname, port: store.port });
      const mongoUri = `mongodb://127.0.0.1:${proxy.port}/${uniqueDbName('compensation_persist')}`;
      s = await setUp(await startTestApp('compensation_persist', { mongoUri }));
    });
    after(async () => {
      await s?.t.close();
      await proxy?.close();
    });

    it('503; no credential is stored, the key is free at once, and the index (left to the reclaimer: the insert went out) is given back', async () => {
      const { db } = s;
      const before = await credentialsOf(s);
      const entries = (await readStoreState(db)).entries.length;
      const key = `persist-fails-${Date.now()}`;
      const dropped = proxy.dropRequest(insertCommandMarker('credentials'));
      const res = await issueWith(s, key);
      await dropped;
      assertProblem(res, 503, 'service-unavailable');

      const state = await readStoreState(db);
      assert.equal(await credentialsOf(s), before, 'no credential stored');
      assert.equal(state.entries.length, entries + 1, 'its index is still claimed…');
      assert.equal(
        state.pending.length,
        1,
        '…and pending, for the reclaimer: only the store knew the outcome',
      );
      const claim = await db
        .collection('idempotency_keys')
        .findOne({ _id: `${s.issuer.id}:${key}` as never });
      assert.equal(claim, null, 'the claim was dropped: the key is free');

      const retried = await issueWith(s, key).expect(201);
      assert.notEqual(retried.body.id, state.pending[0]?.credentialId, 'a new attempt, under a new id');
      const settled = await untilSettled(db, 60000);
      assertConsistent(settled);
      assert.deepEqual(settled.voided, [state.pending[0]?.credentialId], 'the lost attempt’s id is void');
      assert.equal(settled.entries.length, entries + 1, 'the lost attempt’s index was given back');
      assert.equal(await credentialsOf(s), before + 1, 'one credential for the key');
      assert.equal((await issueWith(s, key).expect(200)).body.id, retried.body.id);
    });
  });
});
