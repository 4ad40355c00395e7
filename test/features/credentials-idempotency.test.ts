import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import { createCredentialsRepository } from '../../src/features/credentials/credentials.repository.js';
import { createReclaimer } from '../../src/features/credentials/reclaimer.js';
import { createStatusRepository } from '../../src/features/status/status.repository.js';
import { createLeases } from '../../src/infra/leases.js';
import { createLogger } from '../../src/infra/logger.js';
import {
  bearer,
  createCatalog,
  createIssuer,
  startTestApp,
  type IssuerFixture,
  type TestApp,
} from '../helpers/app.js';
import { assertProblem } from '../helpers/problem.js';

interface Claim {
  _id: string;
  requestHash: string;
  credentialId: string;
  state: string;
  holder?: string;
  until?: Date;
}

const HOUR = 3_600_000;

describe('POST /api/v1/credentials — idempotency keys whose holder died, froze or is still at work', function () {
  this.timeout(90000);
  let t: TestApp;
  let issuer: IssuerFixture;
  let achievementId: string;
  let learnerId: string;
  let db: mongoose.mongo.Db;
  const claims = () => db.collection<Claim>('idempotency_keys');
  const body = (idempotencyKey: string) => ({ achievementId, learnerId, language: 'lv', idempotencyKey });
  const issue = (app: TestApp, key: string) =>
    app.http
      .post('/api/v1/credentials')
      .set(...bearer(issuer.apiKey))
      .send(body(key));
  const credentialsOfLearner = () =>
    db.collection('credentials').countDocuments({ issuerId: issuer.id, learnerId });

  before(async () => {
    t = await startTestApp('credentials_idempotency');
    issuer = await createIssuer(t);
    ({ achievementId, learnerId } = await createCatalog(t, issuer));
    db = t.deps.store.connection.db as mongoose.mongo.Db;
  });
  after(() => t.close());

  it('a key whose holder died before storing (claim pending for an hour) is taken over: the retry answers 201 at once', async () => {
    const key = `died-before-${Date.now()}`;
    const first = await issue(t, key).expect(201);
    const never = randomUUID();
    // the state a crash leaves: the claim names a credential id that was never stored, its lease long run out
    await claims().updateOne(
      { _id: `${issuer.id}:${key}` },
      { $set: { state: 'pending', credentialId: never, holder: 'dead', until: new Date(Date.now() - HOUR) } },
    );
    const count = await credentialsOfLearner();
    const retry = await issue(t, key).expect(201);
    assert.equal(retry.body.id, never, 'issued under the claim’s credential id');
    assert.notEqual(retry.body.id, first.body.id);
    assert.equal(await credentialsOfLearner(), count + 1);
    assert.equal((await claims().findOne({ _id: `${issuer.id}:${key}` }))?.state, 'done');
    await issue(t, key).expect(200);
    assert.equal(await credentialsOfLearner(), count + 1, 'and only once');
  });

  it('a key whose holder died after storing (claim still pending) replays the stored credential', async () => {
    const key = `died-after-${Date.now()}`;
    const first = await issue(t, key).expect(201);
    await claims().updateOne(
      { _id: `${issuer.id}:${key}` },
      { $set: { state: 'pending', holder: 'dead', until: new Date(Date.now() - HOUR) } },
    );
    const count = await credentialsOfLearner();
    const retry = await issue(t, key).expect(200);
    assert.equal(retry.body.id, first.body.id);
    assert.equal(await credentialsOfLearner(), count);
    assert.equal((await claims().findOne({ _id: `${issuer.id}:${key}` }))?.state, 'done');
  });

  it('a key whose holder is alive (lease renewed) is never taken from it: a second request answers 409 in progress with Retry-After', async () => {
    const key = `alive-${Date.now()}`;
    await issue(t, key).expect(201);
    const live = new Date(Date.now() + 60_000);
    await claims().updateOne(
      { _id: `${issuer.id}:${key}` },
      { $set: { state: 'pending', credentialId: randomUUID(), holder: 'alive', until: live } },
    );
    const count = await credentialsOfLearner();
    const res = await issue(t, key);
    assertProblem(res, 409, 'idempotency-key-in-progress', ['/idempotencyKey']);
    assert.equal(res.headers['retry-after'], '2');
    const claim = await claims().findOne({ _id: `${issuer.id}:${key}` });
    assert.equal(claim?.holder, 'alive', 'the claim still belongs to its holder');
    assert.equal(await credentialsOfLearner(), count, 'nothing issued');
  });

  it('the reclaimer frees the index of an issuance that died and voids its id, keeps one whose credential was stored, and leaves a live one alone', async () => {
    const conn = t.deps.store.connection;
    const clock = () => new Date();
    const status = createStatusRepository(conn, { clock });
    const repo = createCredentialsRepository(conn, clock);
    const reclaimer = createReclaimer({
      status,
      repo,
      withLease: createLeases(conn, { clock }),
      clock,
      logger: createLogger('silent'),
    });
    const pending = db.collection<{ _id: string; until: Date }>('status_pending');
    const entries = db.collection<{ _id: string }>('status_entries');
    // died after allocating: an index pending for a credential that was never stored
    const dead = randomUUID();
    const deadRef = await status.allocate(issuer.id, 'revocation', dead, 'did:web');
    // died after storing, before marking the index bound
    const stored = (await issue(t, `stored-${Date.now()}`).expect(201)).body;
    const [storedRef] = (await repo.get(stored.id))?.statusRefs ?? [];
    assert.ok(storedRef);
    await pending.insertOne({
      _id: `${storedRef.listId}:${storedRef.index}`,
      credentialId: stored.id,
      until: new Date(),
      createdAt: new Date(),
    } as never);
    // still at work
    const live = randomUUID();
    const liveRef = await status.allocate(issuer.id, 'revocation', live, 'did:web');
    const ids = (r: { listId: string; index: number }) => `${r.listId}:${r.index}`;
    const longAgo = new Date(Date.now() - HOUR);
    for (const ref of [deadRef, storedRef])
      await pending.updateOne({ _id: ids(ref) }, { $set: { until: longAgo } });

    await reclaimer.sweep();

    assert.equal(await entries.countDocuments({ _id: ids(deadRef) }), 0, 'the dead issuance’s index is free');
    assert.equal(
      await entries.countDocuments({ _id: ids(storedRef) }),
      1,
      'the stored credential keeps its index',
    );
    assert.equal(await entries.countDocuments({ _id: ids(liveRef) }), 1, 'the live issuance keeps its index');
    assert.deepEqual(
      (await pending.find().toArray()).map((p) => p._id),
      [ids(liveRef)],
    );
    assert.deepEqual(await repo.stored(dead), { kind: 'void' });
    assert.equal(
      await repo.insertOnce({
        _id: dead,
        issuerId: issuer.id,
        format: 'ob3-di',
        credential: {},
        status: 'active',
        statusHistory: [],
        statusRefs: [deadRef],
        createdAt: new Date(),
      }),
      false,
      'should the dead issuance wake up, it can no longer store its credential',
    );
    assert.equal((await repo.stored(stored.id)).kind, 'credential');
    await status.release(liveRef, live);
  });
});
