import assert from 'node:assert/strict';
import {
  bearer,
  createCatalog,
  createIssuer,
  startTestApp,
  type IssuerFixture,
  type TestApp,
} from '../helpers/app.js';
import { assertProblem } from '../helpers/problem.js';

/** The collections of credentials, their status and their locks: every read or write there goes by `_id`. */
const WATCHED = [
  'credentials',
  'idempotency_keys',
  'status_lists',
  'status_heads',
  'status_entries',
  'status_pending',
  'leases',
];
const FILTERED =
  /^(find|findOne|findOneAndUpdate|findOneAndDelete|updateOne|updateMany|deleteOne|deleteMany|countDocuments|replaceOne)$/;

interface Op {
  collection: string;
  method: string;
  filter: unknown;
}

describe('credentials on FerretDB: every lookup on the issue, status-change and get paths is by _id alone', () => {
  let t: TestApp;
  let issuer: IssuerFixture;
  let other: IssuerFixture;
  let achievementId: string;
  let learnerId: string;
  const ops: Op[] = [];

  /** Runs `work` and answers the filtered operations it sent to the watched collections. */
  const watch = async (work: () => Promise<unknown>): Promise<Op[]> => {
    ops.length = 0;
    await work();
    return ops.filter((op) => WATCHED.includes(op.collection) && FILTERED.test(op.method));
  };
  /**
   * A lease holder renews and gives back its lease by `{_id, token}` (a compare-and-set on MongoDB, one
   * round trip on FerretDB): allowed on `leases` alone, which holds only live leases and rare marks, so
   * FerretDB's scan there is bounded by the work in flight, not by the credentials stored.
   */
  const leaseHolder = (op: Op, keys: string[]) =>
    op.collection === 'leases' && keys.length === 2 && keys.includes('_id') && keys.includes('token');
  const notById = (seen: Op[]) =>
    seen.filter((op) => {
      const keys = Object.keys((op.filter ?? {}) as object);
      if (leaseHolder(op, keys)) return false;
      return (
        keys.length !== 1 || keys[0] !== '_id' || typeof (op.filter as { _id: unknown })._id !== 'string'
      );
    });

  before(async () => {
    t = await startTestApp('credentials_store_paths');
    issuer = await createIssuer(t);
    other = await createIssuer(t);
    ({ achievementId, learnerId } = await createCatalog(t, issuer));
    t.deps.store.connection.set('debug', (collection: string, method: string, ...args: unknown[]) => {
      if (method !== 'bulkWrite') return void ops.push({ collection, method, filter: args[0] });
      // a bulk write is one round trip of many statements: each one's filter is checked
      for (const statement of args[0] as Array<Record<string, { filter?: unknown }>>)
        for (const [kind, { filter }] of Object.entries(statement))
          if (filter !== undefined) ops.push({ collection, method: kind, filter });
    });
  });
  after(() => t.close());

  const issue = (idempotencyKey?: string) =>
    t.http
      .post('/api/v1/credentials')
      .set(...bearer(issuer.apiKey))
      .send({ achievementId, learnerId, language: 'lv', ...(idempotencyKey ? { idempotencyKey } : {}) })
      .expect(201);

  it('issuing (with and without an idempotency key) looks up only by _id', async () => {
    const seen = await watch(async () => {
      await issue();
      await issue(`paths-${Date.now()}`);
    });
    assert.ok(seen.length > 0, 'the watch sees the store traffic');
    assert.ok(
      seen.some((op) => op.collection === 'status_pending' && op.method === 'deleteOne'),
      'the pending marks go in a bulk write, whose statements the watch sees',
    );
    assert.deepEqual(notById(seen), []);
  });

  it('GET by id (issuer API and public), revoke, suspend, reinstate and the status list look up only by _id', async () => {
    const a = (await issue()).body;
    const b = (await issue()).body;
    const seen = await watch(async () => {
      await t.http
        .get(`/api/v1/credentials/${a.id}`)
        .set(...bearer(issuer.apiKey))
        .expect(200);
      await t.http.get(`/credentials/${a.id}.json`).expect(200);
      await t.http.get(`/credentials/${a.id}`).expect(200);
      await t.http
        .post(`/api/v1/credentials/${a.id}/revoke`)
        .set(...bearer(issuer.apiKey))
        .expect(200);
      await t.http
        .post(`/api/v1/credentials/${b.id}/suspend`)
        .set(...bearer(issuer.apiKey))
        .expect(200);
      await t.http
        .post(`/api/v1/credentials/${b.id}/reinstate`)
        .set(...bearer(issuer.apiKey))
        .expect(200);
      await t.http.get(new URL(a.credential.credentialStatus.statusListCredential).pathname).expect(200);
    });
    assert.ok(seen.some((op) => op.collection === 'credentials' && op.method === 'updateOne'));
    assert.ok(seen.some((op) => op.collection === 'leases'));
    assert.deepEqual(notById(seen), []);
  });

  it("another issuer's credential answers 404 exactly like a missing one (GET and every status change)", async () => {
    const mine = (await issue()).body;
    const missing = '00000000-0000-4000-8000-000000000000';
    const strip = (body: Record<string, unknown>) => ({ ...body, instance: undefined, requestId: undefined });
    const ask = async (id: string, action?: string) => {
      const res = action
        ? await t.http.post(`/api/v1/credentials/${id}/${action}`).set(...bearer(other.apiKey))
        : await t.http.get(`/api/v1/credentials/${id}`).set(...bearer(other.apiKey));
      assertProblem(res, 404, 'not-found');
      return strip(res.body);
    };
    for (const action of [undefined, 'revoke', 'suspend', 'reinstate'])
      assert.deepEqual(await ask(mine.id, action), await ask(missing, action), `${action ?? 'GET'}`);
    const still = await t.http
      .get(`/api/v1/credentials/${mine.id}`)
      .set(...bearer(issuer.apiKey))
      .expect(200);
    assert.equal(still.body.status, 'active', 'and the credential is untouched');
  });
});
