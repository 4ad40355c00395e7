import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type mongoose from 'mongoose';
import { decodeList, getBit } from '../../src/core/status/index.js';
import { connectStore, type Store } from '../../src/infra/mongo.js';
import { freePort } from '../../src/infra/embedded-store.js';
import { createLogger } from '../../src/infra/logger.js';
import { ADMIN_TOKEN, example } from '../helpers/app.js';
import { runMain, waitUntilReady, type MainProcess } from '../helpers/main-process.js';
import { testMongoUri } from '../helpers/store.js';

const TOTAL = 500;
const IN_FLIGHT = 16;

interface Issued {
  status: number;
  via: number;
  order: number;
  id?: string;
  credential?: Record<string, unknown>;
  listId?: string;
  index?: number;
}

/** Runs `work(0..count-1)` with at most `limit` in flight; results in call order. */
async function pool<T>(count: number, limit: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next;
      next += 1;
      results[i] = await work(i);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

describe('two service processes on one store', function () {
  this.timeout(300000);
  const services: MainProcess[] = [];
  const ports: number[] = [];
  let store: Store;
  let issued: Issued[];
  let apiKey: string;

  const post = async (port: number, path: string, token: string, body: object) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  before(async () => {
    const mongoUri = await testMongoUri('two_processes');
    const masterKey = randomBytes(32).toString('base64url');
    ports.push(await freePort(), await freePort());
    for (const port of ports) {
      services.push(
        runMain({
          MONGODB_URI: mongoUri,
          ADMIN_TOKEN,
          MASTER_KEY: masterKey,
          PORT: String(port),
          HOST: '127.0.0.1',
          // one public origin for both, as behind a load balancer
          PUBLIC_URL: `http://127.0.0.1:${ports[0]}`,
        }),
      );
    }
    await Promise.all(
      services.map((run, i) =>
        waitUntilReady(run, async () => (await fetch(`http://127.0.0.1:${ports[i]}/readyz`)).status === 200),
      ),
    );
    store = await connectStore(mongoUri, createLogger('silent'));
  });

  after(async () => {
    const codes = await Promise.all(services.map((s) => s.stop()));
    await store?.close();
    assert.deepEqual(codes, [0, 0], `graceful exits; stderr: ${services.map((s) => s.err()).join('\n')}`);
  });

  it(`issues ${TOTAL} credentials concurrently through both (${IN_FLIGHT} in flight): all 201`, async () => {
    const [portA = 0, portB = 0] = ports;
    const issuer = await post(portA, '/api/v1/issuers', ADMIN_TOKEN, example('issuer-create.json'));
    assert.equal(issuer.status, 201, JSON.stringify(issuer.body));
    apiKey = String(issuer.body.apiKey);
    const achievement = await post(portB, '/api/v1/achievements', apiKey, example('achievement-create.json'));
    const learner = await post(portA, '/api/v1/learners', apiKey, example('learner-create.json'));
    assert.deepEqual([achievement.status, learner.status], [201, 201]);
    const body = { achievementId: achievement.body.id, learnerId: learner.body.id, language: 'lv' };
    issued = await pool(TOTAL, IN_FLIGHT, async (order) => {
      const via = ports[order % 2] ?? 0;
      const res = await post(via, '/api/v1/credentials', apiKey, body);
      const entry = (res.body.credential as { credentialStatus?: Record<string, string> } | undefined)
        ?.credentialStatus;
      return {
        status: res.status,
        via,
        order,
        id: res.body.id as string | undefined,
        credential: res.body.credential as Record<string, unknown> | undefined,
        listId: entry?.statusListCredential?.split('/status/')[1],
        index: entry ? Number(entry.statusListIndex) : undefined,
      };
    });
    const statuses = issued.filter((r) => r.status !== 201).map((r) => r.status);
    assert.deepEqual(
      statuses,
      [],
      `every request answered 201; stderr: ${services.map((s) => s.err()).join('\n')}`,
    );
    assert.deepEqual(
      ports.map((p) => issued.filter((r) => r.via === p).length),
      [TOTAL / 2, TOTAL / 2],
    );
    assert.equal(new Set(issued.map((r) => r.id)).size, TOTAL, 'distinct credentials');
  });

  it(`the ${TOTAL} credentials hold ${TOTAL} distinct (listId, index) pairs`, () => {
    assert.ok(issued, 'needs the issuing test');
    for (const r of issued) {
      assert.match(String(r.listId), /^[0-9a-f-]{36}$/);
      assert.ok(Number.isInteger(r.index) && (r.index ?? -1) >= 0);
    }
    assert.equal(new Set(issued.map((r) => `${r.listId}:${r.index}`)).size, TOTAL);
  });

  it(`status_entries holds exactly ${TOTAL} claims with unique _id, one per credential`, async () => {
    assert.ok(issued, 'needs the issuing test');
    const db = store.connection.db as mongoose.mongo.Db;
    const entries = await db
      .collection<{ _id: string; listId: string; index: number; credentialId?: string }>('status_entries')
      .find()
      .toArray();
    assert.equal(entries.length, TOTAL);
    assert.equal(new Set(entries.map((e) => e._id)).size, TOTAL);
    for (const e of entries) assert.equal(e._id, `${e.listId}:${e.index}`);
    assert.deepEqual(
      entries.map((e) => e._id).sort(),
      issued.map((r) => `${r.listId}:${r.index}`).sort(),
      'the claims are exactly the credentials’ entries',
    );
  });

  it(`the issuer's credential list, read through either process, holds the ${TOTAL} credentials once each`, async () => {
    assert.ok(issued, 'needs the issuing test');
    for (const port of ports) {
      const ids: string[] = [];
      for (let page = 1; ; page += 1) {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/credentials?page=${page}&pageSize=100`, {
          headers: { Authorization: `Bearer ${apiKey}` },
        });
        assert.equal(res.status, 200);
        const body = (await res.json()) as { items: Array<{ id: string }>; total: number };
        assert.equal(body.total, TOTAL);
        ids.push(...body.items.map((c) => c.id));
        if (body.items.length < 100) break;
      }
      assert.deepEqual(ids.sort(), issued.map((r) => String(r.id)).sort());
    }
  });

  it('indexes are drawn at random, not handed out in issue order', () => {
    assert.ok(issued, 'needs the issuing test');
    const indexes = [...issued].sort((x, y) => x.order - y.order).map((r) => r.index ?? 0);
    const ascending = indexes.every((v, i) => i === 0 || v >= (indexes[i - 1] ?? 0));
    assert.equal(ascending, false, 'not sorted by issue order');
    const span = Math.max(...indexes) - Math.min(...indexes) + 1;
    assert.ok(span > TOTAL * 10, `spread over the list, not a block (span ${span})`);
    const steps = indexes.slice(1).filter((v, i) => Math.abs(v - (indexes[i] ?? 0)) === 1).length;
    assert.ok(steps < TOTAL / 10, `not consecutive (${steps} neighbours differ by one)`);
  });

  it('a credential issued through one process verifies through the other (one store, stateless services)', async () => {
    assert.ok(issued, 'needs the issuing test');
    for (const r of issued.slice(0, 2)) {
      const other = ports.find((p) => p !== r.via) ?? 0;
      const res = await fetch(`http://127.0.0.1:${other}/credentials/verify`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ verifiableCredential: r.credential }),
      });
      const report = (await res.json()) as { verified: boolean; checks: unknown[] };
      assert.equal(res.status, 200, JSON.stringify(report.checks));
      assert.equal(report.verified, true);
    }
  });

  it('revocations made concurrently through both processes all reach the published lists', async () => {
    assert.ok(issued, 'needs the issuing test');
    const [portA = 0] = ports;
    const revoked = issued.filter((_, i) => i % 12 === 0);
    const answers = await pool(revoked.length, IN_FLIGHT, async (i) => {
      const r = revoked[i] as Issued;
      return (await post(ports[i % 2] ?? 0, `/api/v1/credentials/${r.id}/revoke`, apiKey, {})).status;
    });
    assert.deepEqual(new Set(answers), new Set([200]));
    for (const listId of new Set(issued.map((r) => r.listId))) {
      const res = await fetch(`http://127.0.0.1:${portA}/status/${listId}`);
      assert.equal(res.status, 200);
      const list = (await res.json()) as { credentialSubject: { encodedList: string } };
      const bits = decodeList(list.credentialSubject.encodedList);
      const onList = issued.filter((r) => r.listId === listId);
      const set = onList.filter((r) => getBit(bits, r.index ?? -1)).map((r) => r.id);
      const expected = revoked.filter((r) => r.listId === listId).map((r) => r.id);
      assert.deepEqual(set.sort(), expected.sort(), `list ${listId}: exactly the revoked credentials' bits`);
    }
  });
});
