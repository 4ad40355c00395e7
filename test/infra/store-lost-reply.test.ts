import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import {
  bearer,
  createCatalog,
  createIssuer,
  startTestApp,
  type IssuerFixture,
  type TestApp,
} from '../helpers/app.js';
import { assertProblem } from '../helpers/problem.js';
import { testStoreTcp, uniqueDbName } from '../helpers/store.js';
import { insertCommandMarker, startLossyProxy, type LossyProxy } from '../helpers/tcp-proxy.js';
import { assertConsistent, readStoreState, untilSettled } from './store-consistency.js';

describe('a credential stored though the store answer was lost: the key replays it and its index stays its own', function () {
  this.timeout(120000);
  let proxy: LossyProxy;
  let t: TestApp;
  let issuer: IssuerFixture;
  let body: { achievementId: string; learnerId: string; language: string };
  let db: mongoose.mongo.Db;
  const issue = (idempotencyKey: string) =>
    t.http
      .post('/api/v1/credentials')
      .set(...bearer(issuer.apiKey))
      .send({ ...body, idempotencyKey });

  before(async () => {
    const store = await testStoreTcp();
    proxy = await startLossyProxy({ host: store.hostname, port: store.port });
    t = await startTestApp('lost_reply', {
      mongoUri: `mongodb://127.0.0.1:${proxy.port}/${uniqueDbName('lost_reply')}`,
    });
    issuer = await createIssuer(t);
    body = { ...(await createCatalog(t, issuer)), language: 'lv' };
    db = t.deps.store.connection.db as mongoose.mongo.Db;
  });
  after(async () => {
    await t?.close();
    await proxy?.close();
  });

  it('503 for the lost answer; the index is kept pending (not freed), the retry replays the stored credential, and the reclaimer binds the index within a minute', async () => {
    const key = `lost-reply-${Date.now()}`;
    const lost = proxy.loseReplyTo(insertCommandMarker('credentials'));
    const first = await issue(key);
    await lost;
    assertProblem(first, 503, 'service-unavailable');

    const state = await readStoreState(db);
    const mine = state.credentials.filter((c) => c.issuerId === issuer.id);
    assert.equal(mine.length, 1, 'the store did store the credential');
    const [stored] = mine;
    const [ref] = stored?.statusRefs ?? [];
    assert.ok(stored && ref);
    const entry = state.entries.find((e) => e._id === `${ref.listId}:${ref.index}`);
    assert.equal(entry?.credentialId, stored._id, 'its status index was not given back');
    assert.deepEqual(
      state.pending.map((p) => p.credentialId),
      [stored._id],
      'left pending, for the reclaimer to look at',
    );
    const claim = await db.collection('idempotency_keys').findOne({ _id: `${issuer.id}:${key}` as never });
    assert.equal(claim?.state, 'done', 'the key replays the credential the store holds');

    const retried = await issue(key).expect(200);
    assert.equal(retried.body.id, stored._id);
    assert.equal(
      await db.collection('credentials').countDocuments({ issuerId: issuer.id }),
      1,
      'one credential for the key',
    );

    // nothing else is pending: only the pass the lost write asked for settles it within the minute
    const settled = await untilSettled(db, 60000);
    assertConsistent(settled);
    assert.ok(settled.entries.some((e) => e.credentialId === stored._id));
    await t.http
      .post(`/api/v1/credentials/${stored._id}/revoke`)
      .set(...bearer(issuer.apiKey))
      .expect(200);
  });

  it('an index claim whose answer was lost stays visible to the reclaimer, which frees it: no index is left without a credential', async () => {
    const learners = await db.collection('learners').countDocuments();
    const lost = proxy.loseReplyTo(insertCommandMarker('status_entries'));
    const res = await t.http
      .post('/api/v1/credentials')
      .set(...bearer(issuer.apiKey))
      .send(body);
    await lost;
    assertProblem(res, 503, 'service-unavailable');
    const state = await readStoreState(db);
    const orphans = state.entries.filter((e) => !state.credentials.some((c) => c._id === e.credentialId));
    assert.equal(orphans.length, 1, 'the store did write the entry');
    const [orphan] = orphans;
    assert.ok(orphan);
    assert.ok(
      state.pending.some((p) => p._id === orphan._id),
      'its pending mark was kept, so the reclaimer can see it',
    );
    const settled = await untilSettled(db, 60000);
    assertConsistent(settled);
    assert.ok(!settled.entries.some((e) => e._id === orphan._id), 'freed');
    assert.equal(await db.collection('learners').countDocuments(), learners, 'nothing else stored');
  });

  it('VC-API: 503 for the lost answer; both indexes stay claimed for the stored credential and the reclaimer binds them', async () => {
    const credential = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: `urn:uuid:${randomUUID()}`,
      type: ['VerifiableCredential'],
      credentialSubject: { id: 'did:example:learner' },
    };
    const lost = proxy.loseReplyTo(insertCommandMarker('credentials'));
    const res = await t.http
      .post('/credentials/issue')
      .set(...bearer(issuer.apiKey))
      .send({ credential });
    await lost;
    assertProblem(res, 503, 'service-unavailable');

    const stored = await db.collection('credentials').findOne({ vcId: credential.id });
    assert.ok(stored, 'the store did store the credential');
    const refs = (stored.statusRefs as Array<{ listId: string; index: number }>).map(
      (r) => `${r.listId}:${r.index}`,
    );
    assert.equal(refs.length, 2, 'revocation and suspension');
    const state = await readStoreState(db);
    for (const ref of refs) {
      assert.equal(state.entries.find((e) => e._id === ref)?.credentialId, stored._id, `${ref} kept`);
      assert.ok(
        state.pending.some((p) => p._id === ref),
        `${ref} left pending for the reclaimer`,
      );
    }
    const settled = await untilSettled(db, 60000);
    assertConsistent(settled);
    for (const ref of refs)
      assert.ok(
        settled.entries.some((e) => e._id === ref),
        `${ref} bound`,
      );
  });
});
