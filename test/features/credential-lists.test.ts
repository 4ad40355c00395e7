import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import { createLogger } from '../../src/infra/logger.js';
import { connectStore, type Store } from '../../src/infra/mongo.js';
import type { CredentialDoc, CredentialState } from '../../src/features/credentials/credential.model.js';
import { PAGE_ROWS } from '../../src/features/credentials/credential-list.model.js';
import { createCredentialLists } from '../../src/features/credentials/credential-lists.js';
import { createLeases, LeaseLostError, type WithLease } from '../../src/infra/leases.js';
import {
  createCredentialsRepository,
  type CredentialFilter,
  type CredentialsRepository,
} from '../../src/features/credentials/credentials.repository.js';
import { bearer, createCatalog, createIssuer, startTestApp, type TestApp } from '../helpers/app.js';
import { testMongoUri } from '../helpers/store.js';
import { until } from '../helpers/wait.js';

const ISSUER = `issuer-${randomUUID()}`;
const OTHER = `issuer-${randomUUID()}`;
const LEARNERS = Array.from({ length: 7 }, (_, i) => `learner-${i}`);
const ACHIEVEMENTS = Array.from({ length: 5 }, (_, i) => `achievement-${i}`);
const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);

/** A credential as the repository stores it; every fourth has no awarded date (VC-API credentials). */
function credential(issuerId: string, i: number): CredentialDoc {
  const id = randomUUID();
  return {
    _id: id,
    issuerId,
    format: i % 4 === 3 ? 'vc-di' : 'ob3-di',
    ...(i % 4 === 3
      ? {}
      : {
          achievementId: ACHIEVEMENTS[(i * 7) % ACHIEVEMENTS.length],
          learnerId: LEARNERS[(i * 3) % LEARNERS.length],
          language: i % 2 ? 'en' : 'lv',
          awardedDate: new Date(START + ((i * 37) % 400) * DAY),
        }),
    credential: { id: `urn:uuid:${id}`, n: i },
    status: 'active',
    statusHistory: [],
    statusRefs: [],
    createdAt: new Date(START + 500 * DAY + i * 1000),
  };
}

/** The plain computation the list must agree with. */
const expected = (docs: Map<string, CredentialDoc>, issuerId: string, f: CredentialFilter) =>
  [...docs.values()].filter(
    (d) =>
      d.issuerId === issuerId &&
      (!f.learnerId || d.learnerId === f.learnerId) &&
      (!f.achievementId || d.achievementId === f.achievementId) &&
      (!f.status || d.status === f.status) &&
      (!f.from || (d.awardedDate !== undefined && d.awardedDate >= f.from)) &&
      (!f.to || (d.awardedDate !== undefined && d.awardedDate <= f.to)),
  );

async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

describe('credential lists: _id-addressed pages that stay right', function () {
  this.timeout(240000);
  let store: Store;
  let repo: CredentialsRepository;
  const docs = new Map<string, CredentialDoc>();
  let at = 0;
  const clock = () => new Date(START + 600 * DAY + (at += 1000));

  let uri: string;

  before(async () => {
    uri = await testMongoUri('credential_lists');
    store = await connectStore(uri, createLogger('silent'));
    repo = createCredentialsRepository(store.connection, clock);
  });
  after(async () => store?.close());

  const change = async (id: string, status: CredentialState, reason?: string) => {
    const doc = docs.get(id);
    assert.ok(doc);
    const changed = await repo.changeStatus(doc, { status, reason, at: clock(), actor: 'test' });
    assert.ok(changed);
    docs.set(id, changed);
  };

  /** Every page of a filtered list, checked page by page against the plain computation. */
  const checkList = async (issuerId: string, filter: CredentialFilter, pageSize: number) => {
    const want = expected(docs, issuerId, filter);
    const seen: string[] = [];
    for (let page = 1; page === 1 || seen.length < want.length; page += 1) {
      const { items, total } = await repo.list(issuerId, filter, { page, pageSize });
      assert.equal(total, want.length, `total of ${JSON.stringify(filter)}`);
      assert.ok(items.length <= pageSize);
      if (!items.length) break;
      for (const item of items) {
        const doc = docs.get(item._id);
        assert.ok(doc, `a listed credential exists (${item._id})`);
        assert.equal(item.issuerId, doc.issuerId);
        assert.equal(item.status, doc.status);
        assert.deepEqual(
          item.statusHistory.map((h) => [h.status, h.reason, new Date(h.at).getTime()]),
          doc.statusHistory.map((h) => [h.status, h.reason, h.at.getTime()]),
        );
        assert.equal(item.learnerId, doc.learnerId);
        assert.equal(item.achievementId, doc.achievementId);
        assert.equal(item.awardedDate?.getTime(), doc.awardedDate?.getTime());
        assert.equal(new Date(item.createdAt).getTime(), doc.createdAt.getTime());
        seen.push(item._id);
      }
    }
    assert.equal(new Set(seen).size, seen.length, `no duplicates in ${JSON.stringify(filter)}`);
    assert.deepEqual([...seen].sort(), want.map((d) => d._id).sort(), `complete: ${JSON.stringify(filter)}`);
    const past = await repo.list(issuerId, filter, { page: Math.ceil(want.length / pageSize) + 1, pageSize });
    assert.deepEqual(past.items, [], 'past the end: an empty page');
  };

  const filters = (): CredentialFilter[] => [
    {},
    ...LEARNERS.map((learnerId) => ({ learnerId })),
    ...ACHIEVEMENTS.map((achievementId) => ({ achievementId })),
    { status: 'active' },
    { status: 'revoked' },
    { status: 'suspended' },
    { from: new Date(START + 100 * DAY) },
    { to: new Date(START + 30 * DAY) },
    { from: new Date(START + 50 * DAY), to: new Date(START + 50 * DAY) },
    { from: new Date(START + 200 * DAY), to: new Date(START + 260 * DAY) },
    { from: new Date(START - 100 * DAY), to: new Date(START - DAY) },
    { learnerId: LEARNERS[2], status: 'revoked' },
    { achievementId: ACHIEVEMENTS[1], from: new Date(START + 120 * DAY), status: 'active' },
    { learnerId: 'nobody' },
  ];

  it(`1,300 credentials inserted 16 at a time, with revoke/suspend/reinstate interleaved: every filter and every page agrees with a plain computation, nothing missing or twice`, async () => {
    const mine = Array.from({ length: 1300 }, (_, i) => credential(ISSUER, i));
    const theirs = Array.from({ length: 60 }, (_, i) => credential(OTHER, i));
    for (const d of [...mine, ...theirs]) docs.set(d._id, d);
    const first = mine.slice(0, 1000);
    await inParallel([...first, ...theirs], 16, (d) => repo.insertOnce(d));

    // status changes while the rest is issued: both write the same pages, in batches
    const changes: Array<() => Promise<void>> = [];
    for (const [i, d] of first.entries()) {
      if (i % 9 === 0) changes.push(() => change(d._id, 'revoked', 'exam annulled'));
      else if (i % 9 === 1) changes.push(() => change(d._id, 'suspended'));
      else if (i % 9 === 2)
        changes.push(async () => {
          await change(d._id, 'suspended', 'check');
          await change(d._id, 'active', 'checked');
        });
      else if (i % 9 === 3)
        changes.push(async () => {
          await change(d._id, 'suspended');
          await change(d._id, 'revoked');
        });
    }
    await Promise.all([
      inParallel(changes, 8, (work) => work()),
      inParallel(mine.slice(1000), 8, (d) => repo.insertOnce(d)),
    ]);
    assert.equal(await repo.insertOnce(mine[5] as CredentialDoc), false, 'a second insert is refused');

    const db = store.connection.db as mongoose.mongo.Db;
    const pages = await db
      .collection<{ _id: string }>('credential_lists')
      .countDocuments({ _id: { $regex: `^p:\\d+:${ISSUER}$` } });
    assert.equal(pages, Math.ceil(1300 / PAGE_ROWS), 'the list spans several full pages');

    for (const filter of filters()) await checkList(ISSUER, filter, 100);
    await checkList(ISSUER, { status: 'suspended' }, 37);
    await checkList(ISSUER, {}, 7);
  });

  it('relisting (the repair after a crash) is idempotent, and puts back a row that is missing', async () => {
    const some = [...docs.values()].filter((d) => d.issuerId === ISSUER).slice(0, 300);
    await inParallel(some, 8, (d) => repo.relist(d));
    for (const filter of filters().slice(0, 8)) await checkList(ISSUER, filter, 100);

    // a credential stored whose listing never happened (the process died in between)
    const lost = credential(ISSUER, 5000);
    docs.set(lost._id, lost);
    await store.connection.db?.collection('credentials').insertOne({ ...lost, credential: '{}' } as never);
    assert.equal(
      expected(docs, ISSUER, {}).length - 1,
      (await repo.list(ISSUER, {}, { page: 1, pageSize: 1 })).total,
    );
    await repo.relist(lost);
    await checkList(ISSUER, {}, 100);
    await checkList(ISSUER, { learnerId: lost.learnerId }, 100);
  });

  it('two instances writing one list in turns, each keeping the pages it wrote: neither loses the other’s rows', async () => {
    // a second repository on its own connection: another instance, with pages kept of its own
    const other = await connectStore(uri, createLogger('silent'));
    try {
      const second = createCredentialsRepository(other.connection, clock);
      const shared = `issuer-${randomUUID()}`;
      const instances = [repo, second];
      const mine = Array.from({ length: 24 }, (_, i) => credential(shared, i));
      for (const [i, d] of mine.entries()) {
        docs.set(d._id, d);
        assert.equal(await instances[i % 2]?.insertOnce(d), true);
        // each instance reads the list between the writes (pages kept as read as well as written)
        for (const instance of instances) {
          const { total } = await instance.list(shared, {}, { page: 1, pageSize: 100 });
          assert.equal(total, i + 1);
        }
      }
      for (const [i, d] of mine.slice(0, 6).entries()) {
        const by = instances[(i + 1) % 2] as CredentialsRepository;
        const changed = await by.changeStatus(d, { status: 'revoked', at: clock(), actor: 'test' });
        assert.ok(changed);
        docs.set(d._id, changed);
      }
      const saved = repo;
      for (const instance of instances) {
        repo = instance;
        await checkList(shared, {}, 10);
        await checkList(shared, { status: 'revoked' }, 100);
      }
      repo = saved;
    } finally {
      await other.close();
    }
  });

  it('another issuer sees only its own credentials, whatever it filters by', async () => {
    for (const filter of filters()) await checkList(OTHER, filter, 100);
    const nobody = await repo.list(`issuer-${randomUUID()}`, {}, { page: 1, pageSize: 100 });
    assert.deepEqual(nobody, { items: [], total: 0 });
    const theirLearner = await repo.list(OTHER, { learnerId: LEARNERS[0] }, { page: 1, pageSize: 100 });
    assert.ok(theirLearner.items.every((c) => c.issuerId === OTHER));
  });
});

describe('GET /api/v1/credentials follows revoke, suspend and reinstate', function () {
  this.timeout(120000);
  let t: TestApp;
  after(async () => t?.close());

  it('status filters list exactly the credentials in that state; another issuer lists none of them', async () => {
    t = await startTestApp('credential_lists_http');
    const issuer = await createIssuer(t);
    const other = await createIssuer(t);
    const body = { ...(await createCatalog(t, issuer)), language: 'lv' };
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const res = await t.http
        .post('/api/v1/credentials')
        .set(...bearer(issuer.apiKey))
        .send(body);
      assert.equal(res.status, 201);
      ids.push(res.body.id as string);
    }
    const act = async (id: string | undefined, action: string) =>
      assert.equal(
        (
          await t.http
            .post(`/api/v1/credentials/${id}/${action}`)
            .set(...bearer(issuer.apiKey))
            .send({})
        ).status,
        200,
      );
    await act(ids[0], 'revoke');
    await act(ids[1], 'suspend');
    await act(ids[2], 'suspend');
    await act(ids[2], 'reinstate');
    const listed = async (token: string, query: string) => {
      const res = await t.http.get(`/api/v1/credentials?${query}`).set(...bearer(token));
      assert.equal(res.status, 200);
      return {
        ids: (res.body.items as Array<{ id: string }>).map((c) => c.id).sort(),
        total: res.body.total,
      };
    };
    assert.deepEqual(await listed(issuer.apiKey, 'status=revoked'), { ids: [ids[0]], total: 1 });
    assert.deepEqual(await listed(issuer.apiKey, 'status=suspended'), { ids: [ids[1]], total: 1 });
    assert.deepEqual(await listed(issuer.apiKey, 'status=active'), {
      ids: [ids[2], ids[3]].sort(),
      total: 2,
    });
    assert.deepEqual(await listed(issuer.apiKey, 'pageSize=100'), { ids: [...ids].sort(), total: 4 });
    assert.deepEqual(await listed(other.apiKey, 'pageSize=100'), { ids: [], total: 0 });
    assert.deepEqual(await listed(other.apiKey, `learnerId=${body.learnerId}`), { ids: [], total: 0 });
  });
});

describe('a store written before credential lists existed', function () {
  this.timeout(120000);
  let t: TestApp | undefined;
  after(async () => t?.close());

  it('its credentials are listed once, in the background, at the first start; void marks are not', async () => {
    const mongoUri = await testMongoUri('credential_lists_backfill');
    const store = await connectStore(mongoUri, createLogger('silent'));
    const issuerId = `issuer-${randomUUID()}`;
    const old = Array.from({ length: 700 }, (_, i) => credential(issuerId, i));
    try {
      const raw = store.connection.db?.collection('credentials');
      await raw?.insertMany(old.map((d) => ({ ...d, credential: JSON.stringify(d.credential) })) as never[]);
      await raw?.insertOne({ _id: randomUUID(), status: 'void', createdAt: new Date() } as never);
    } finally {
      await store.close();
    }
    t = await startTestApp('credential_lists_backfill', { mongoUri });
    const repo = createCredentialsRepository(t.deps.store.connection, () => new Date());
    let total = 0;
    for (let i = 0; i < 200 && total < old.length; i += 1) {
      total = (await repo.list(issuerId, {}, { page: 1, pageSize: 1 })).total;
      if (total < old.length) await new Promise((r) => setTimeout(r, 250));
    }
    const docs = new Map(old.map((d) => [d._id, d]));
    const listed: string[] = [];
    for (let page = 1; page <= 7; page += 1)
      listed.push(...(await repo.list(issuerId, {}, { page, pageSize: 100 })).items.map((c) => c._id));
    assert.equal(listed.length, 700);
    assert.deepEqual([...listed].sort(), [...docs.keys()].sort(), 'every old credential, once');
    const byLearner = await repo.list(issuerId, { learnerId: LEARNERS[1] }, { page: 1, pageSize: 100 });
    assert.equal(byLearner.total, expected(docs, issuerId, { learnerId: LEARNERS[1] }).length);
    assert.equal(await repo.backfillLists(), undefined, 'done once: a later start has nothing to do');
  });
});

describe('list pages written before pages had versions', function () {
  this.timeout(120000);
  let t: TestApp | undefined;
  after(async () => t?.close());

  it('get one at the next start (pages, then the head), and list the same credentials', async () => {
    const mongoUri = await testMongoUri('credential_lists_versions');
    const issuerId = `issuer-${randomUUID()}`;
    const store = await connectStore(mongoUri, createLogger('silent'));
    let before: string[];
    try {
      const repo = createCredentialsRepository(store.connection, () => new Date());
      const docs = Array.from({ length: PAGE_ROWS + 40 }, (_, i) => credential(issuerId, i));
      for (let i = 0; i < docs.length; i += 50)
        await Promise.all(docs.slice(i, i + 50).map((d) => repo.insertOnce(d)));
      before = (await repo.list(issuerId, {}, { page: 1, pageSize: 1000 })).items.map((c) => c._id);
      assert.equal(before.length, docs.length);
      // as an earlier Tilts wrote them: no versions, and no mark of the migration
      const lists = (store.connection.db as mongoose.mongo.Db).collection<{
        _id: string;
        data: string;
        v?: number;
      }>('credential_lists');
      const head = await lists.findOne({ _id: `h:${issuerId}` });
      const legacyHead = (JSON.parse(String(head?.data)) as Array<{ v?: number }>).map(({ v: _, ...p }) => p);
      await lists.updateOne({ _id: `h:${issuerId}` }, { $set: { data: JSON.stringify(legacyHead) } });
      await lists.updateMany({ _id: /^p:/ }, { $unset: { v: 1 } });
      await store.connection.db?.collection('migrations').deleteMany({});
    } finally {
      await store.close();
    }
    t = await startTestApp('credential_lists_versions', { mongoUri });
    const db = t.deps.store.connection.db as mongoose.mongo.Db;
    await until('the pages are versioned', async () =>
      Boolean(await db.collection('migrations').findOne({ _id: 'credential-list-versions-v1' as never })),
    );
    const lists = db.collection<{ _id: string; data: string; v?: number }>('credential_lists');
    const pages = await lists.find({ _id: new RegExp(`^p:\\d+:${issuerId}$`) }).toArray();
    assert.deepEqual(
      pages.map((p) => p.v),
      [1, 1],
    );
    const head = JSON.parse(String((await lists.findOne({ _id: `h:${issuerId}` }))?.data)) as Array<{
      v?: number;
    }>;
    assert.deepEqual(
      head.map((p) => p.v),
      [1, 1],
    );
    const repo = createCredentialsRepository(t.deps.store.connection, () => new Date());
    const after = (await repo.list(issuerId, {}, { page: 1, pageSize: 1000 })).items.map((c) => c._id);
    assert.deepEqual(after, before);
  });
});

describe('a list page rewritten by a Tilts from before page versions', function () {
  this.timeout(60000);
  let store: Store;
  after(async () => store?.close());

  it('is never taken for a kept page: the next version is above the page’s own', async () => {
    store = await connectStore(await testMongoUri('credential_lists_mixed'), createLogger('silent'));
    const issuerId = `issuer-${randomUUID()}`;
    const writer = createCredentialsRepository(store.connection, () => new Date());
    const reader = createCredentialsRepository(store.connection, () => new Date());
    const ids = async () =>
      (await reader.list(issuerId, {}, { page: 1, pageSize: 100 })).items.map((c) => c._id);
    const first = credential(issuerId, 0);
    await writer.insertOnce(first);
    assert.deepEqual(await ids(), [first._id]); // the reader keeps the page, at version 1
    // an earlier Tilts appends a row: the head loses the page's version, the page keeps its own
    const lists = (store.connection.db as mongoose.mongo.Db).collection<{
      _id: string;
      data: string;
      v?: number;
    }>('credential_lists');
    const old = credential(issuerId, 1);
    const page = JSON.parse(String((await lists.findOne({ _id: `p:0:${issuerId}` }))?.data)) as unknown[];
    const head = JSON.parse(String((await lists.findOne({ _id: `h:${issuerId}` }))?.data)) as Array<{
      v?: number;
    }>;
    const { v: _, ...unversioned } = head[0] ?? {};
    await lists.updateOne(
      { _id: `h:${issuerId}` },
      { $set: { data: JSON.stringify([{ ...unversioned, size: 2 }]) } },
    );
    const oldRow = { i: old._id, f: old.format, s: old.status, c: old.createdAt.getTime() };
    await lists.updateOne({ _id: `p:0:${issuerId}` }, { $set: { data: JSON.stringify([...page, oldRow]) } });
    assert.deepEqual(await ids(), [first._id, old._id], 'a head without a version: read from the store');
    const next = credential(issuerId, 2);
    await writer.insertOnce(next);
    assert.equal((await lists.findOne({ _id: `p:0:${issuerId}` }))?.v, 2);
    assert.deepEqual(await ids(), [first._id, old._id, next._id]);
  });
});

describe('credential lists: a holder that lost its lease writes nothing', function () {
  this.timeout(60000);
  let store: Store;
  const listDocs = () => store.connection.collection<{ _id: string; v?: number }>('credential_lists');

  before(async () => {
    store = await connectStore(await testMongoUri('credential_lists_lost'), createLogger('silent'));
  });
  after(() => store.close());

  /** The real lease, but its first `lost` checks answer as for a holder paused past its renewals. */
  const losing = (lost: number, taken: string[]): WithLease => {
    const real = createLeases(store.connection, { clock: () => new Date() });
    return (key, work) =>
      real(key, (lease) => {
        taken.push(key);
        return work({
          check: () => {
            if (lost <= 0) return lease.check();
            lost -= 1;
            throw new LeaseLostError(key);
          },
        });
      });
  };

  it('takes the batch to a new lease: every credential listed once, each page written once', async () => {
    const issuerId = `issuer-${randomUUID()}`;
    const taken: string[] = [];
    const lists = createCredentialLists(store.connection, () => new Date(), losing(1, taken));
    const docs = [credential(issuerId, 0), credential(issuerId, 1), credential(issuerId, 2)];
    await Promise.all(docs.map((d) => lists.add(d)));
    assert.ok(taken.length >= 2, 'a second lease was taken');
    const { items, total } = await lists.list(issuerId, {}, { page: 1, pageSize: 100 });
    assert.equal(total, 3);
    assert.deepEqual(items.map((i) => i._id).sort(), docs.map((d) => d._id).sort());
    const page = await listDocs().findOne({ _id: `p:0:${issuerId}` });
    assert.equal(page?.v, taken.length - 1, 'the lost hold wrote no version of the page');
  });

  it('fails a batch whose holder keeps losing its lease with a 503, having written nothing', async () => {
    const issuerId = `issuer-${randomUUID()}`;
    const taken: string[] = [];
    const lists = createCredentialLists(store.connection, () => new Date(), losing(100, taken));
    await assert.rejects(
      lists.add(credential(issuerId, 0)),
      (error: unknown) => error instanceof LeaseLostError && error.status === 503,
    );
    assert.equal(taken.length, 4, 'the first lease and three more');
    assert.equal(await listDocs().countDocuments({ _id: { $in: [`h:${issuerId}`, `p:0:${issuerId}`] } }), 0);
  });
});
