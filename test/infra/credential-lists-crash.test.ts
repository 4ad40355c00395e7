import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type mongoose from 'mongoose';
import { freePort } from '../../src/infra/embedded-store.js';
import { createLogger } from '../../src/infra/logger.js';
import type { PageInfo } from '../../src/features/credentials/credential-list.model.js';
import { connectStore, type Store } from '../../src/infra/mongo.js';
import { ADMIN_TOKEN, example } from '../helpers/app.js';
import { runMain, waitUntilReady, type MainProcess } from '../helpers/main-process.js';
import { testMongoBaseUri, testStoreTcp, uniqueDbName } from '../helpers/store.js';
import { startLossyProxy, type LossyProxy } from '../helpers/tcp-proxy.js';
import { assertConsistent, untilSettled } from './store-consistency.js';

interface Issuer {
  id: string;
  apiKey: string;
  body: { achievementId: string; learnerId: string; language: string };
}

async function call(port: number, method: string, path: string, token: string, body?: object) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('a credential is never missing from its list: kill -9 between its insert and its listing', function () {
  this.timeout(240000);
  let proxy: LossyProxy;
  let store: Store;
  let db: mongoose.mongo.Db;
  let dbName: string;
  let masterKey: string;
  const running: MainProcess[] = [];

  const start = async (through: 'proxy' | 'store'): Promise<{ port: number; run: MainProcess }> => {
    const base = new URL(await testMongoBaseUri());
    const port = await freePort();
    const host = through === 'proxy' ? `127.0.0.1:${proxy.port}` : base.host;
    const run = runMain({
      MONGODB_URI: `mongodb://${host}/${dbName}`,
      ADMIN_TOKEN,
      MASTER_KEY: masterKey,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: 'http://127.0.0.1:3000',
    });
    running.push(run);
    await waitUntilReady(run, async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200);
    return { port, run };
  };
  const newIssuer = async (port: number, slug: string): Promise<Issuer> => {
    const issuer = await call(port, 'POST', '/api/v1/issuers', ADMIN_TOKEN, {
      ...example('issuer-create.json'),
      slug,
    });
    assert.equal(issuer.status, 201);
    const apiKey = String(issuer.body.apiKey);
    const achievement = await call(
      port,
      'POST',
      '/api/v1/achievements',
      apiKey,
      example('achievement-create.json'),
    );
    const learner = await call(port, 'POST', '/api/v1/learners', apiKey, example('learner-create.json'));
    const body = {
      achievementId: String(achievement.body.id),
      learnerId: String(learner.body.id),
      language: 'lv',
    };
    return { id: String(issuer.body.id), apiKey, body };
  };
  /** Issues, and kill -9s the service the moment its request with `marker` reaches the proxy. */
  const issueAndCrash = async (port: number, run: MainProcess, issuer: Issuer, marker: string) => {
    const held = proxy.holdRequest(Buffer.from(marker));
    const answer = call(port, 'POST', '/api/v1/credentials', issuer.apiKey, issuer.body).catch(
      () => undefined,
    );
    await held;
    run.kill('SIGKILL');
    assert.equal(await run.exit, null, 'killed by a signal');
    assert.equal(await answer, undefined, 'the request died with the service');
    const stored = await db.collection('credentials').find({ issuerId: issuer.id }).toArray();
    assert.equal(stored.length, 1, 'the credential was stored before the crash');
    return String(stored[0]?._id);
  };
  /** What a head says of a first page holding just the credential `id`. */
  const headRow = async (id: string): Promise<PageInfo> => {
    const doc = await db
      .collection<{ _id: string; createdAt: Date; awardedDate?: Date }>('credentials')
      .findOne({ _id: id });
    const created = doc?.createdAt.getTime() ?? 0;
    const awarded = doc?.awardedDate?.getTime();
    return {
      n: 0,
      size: 1,
      c: [created, created],
      d: awarded === undefined ? null : [awarded, awarded],
      v: 1,
    };
  };
  const listed = async (port: number, issuer: Issuer) => {
    const res = await call(port, 'GET', '/api/v1/credentials?pageSize=100', issuer.apiKey);
    assert.equal(res.status, 200);
    return { ids: (res.body.items as Array<{ id: string }>).map((c) => c.id), total: res.body.total };
  };

  before(async () => {
    const tcp = await testStoreTcp();
    proxy = await startLossyProxy({ host: tcp.hostname, port: tcp.port });
    const base = new URL(await testMongoBaseUri());
    dbName = uniqueDbName('list_crash');
    masterKey = randomBytes(32).toString('base64url');
    base.pathname = `/${dbName}`;
    store = await connectStore(base.toString(), createLogger('silent'));
    db = store.connection.db as mongoose.mongo.Db;
  });
  after(async () => {
    for (const run of running) await run.stop();
    await store?.close();
    await proxy?.close();
  });

  it('killed before the list lease, and killed after the head but before the page: a restarted service relists both, once each', async () => {
    // 1. the credential is stored; the process dies as it asks for the list lease
    const first = await start('proxy');
    const one = await newIssuer(first.port, 'list-crash-one');
    const lostBeforeList = await issueAndCrash(first.port, first.run, one, `credlist:${one.id}`);
    assert.equal(
      await db.collection<{ _id: string }>('credential_lists').countDocuments({ _id: `h:${one.id}` }),
      0,
    );

    // 2. the head already names the row, the page never got it: the list write (head, then page, in
    // one ordered command) is held at the proxy as the service is killed, and the store is left as
    // one that applied the command's head statement and died before its page's
    const second = await start('proxy');
    const two = await newIssuer(second.port, 'list-crash-two');
    const lostBeforePage = await issueAndCrash(second.port, second.run, two, `p:0:${two.id}`);
    const lists = db.collection<{ _id: string; data: string; updatedAt: Date }>('credential_lists');
    assert.equal(await lists.countDocuments({ _id: `h:${two.id}` }), 0, 'the list write never arrived');
    await lists.insertOne({
      _id: `h:${two.id}`,
      data: JSON.stringify([await headRow(lostBeforePage)]),
      updatedAt: new Date(),
    });
    assert.equal(
      await db.collection<{ _id: string }>('credential_lists').countDocuments({ _id: `h:${two.id}` }),
      1,
    );
    assert.equal(
      await db.collection<{ _id: string }>('credential_lists').countDocuments({ _id: `p:0:${two.id}` }),
      0,
    );

    // a new process: once its reclaimer settled their pending status indexes, each is listed once
    // (how soon depends on how long ago they were allocated: the crashes above may already be due)
    const third = await start('store');
    const state = await untilSettled(db, 90000);
    assertConsistent(state);
    assert.deepEqual(await listed(third.port, one), { ids: [lostBeforeList], total: 1 });
    assert.deepEqual(await listed(third.port, two), { ids: [lostBeforePage], total: 1 });

    // the lists go on: a new credential each, a revocation seen by the status filter
    for (const issuer of [one, two]) {
      const res = await call(third.port, 'POST', '/api/v1/credentials', issuer.apiKey, issuer.body);
      assert.equal(res.status, 201);
      const { ids, total } = await listed(third.port, issuer);
      assert.equal(total, 2);
      assert.deepEqual(ids.slice(1), [res.body.id]);
    }
    const revoked = await call(
      third.port,
      'POST',
      `/api/v1/credentials/${lostBeforePage}/revoke`,
      two.apiKey,
      {},
    );
    assert.equal(revoked.status, 200);
    const byStatus = await call(third.port, 'GET', '/api/v1/credentials?status=revoked', two.apiKey);
    assert.deepEqual(
      (byStatus.body.items as Array<{ id: string }>).map((c) => c.id),
      [lostBeforePage],
    );
  });
});
