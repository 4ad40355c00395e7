import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type mongoose from 'mongoose';
import request, { type Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { createApp } from '../../src/app.js';
import { type Deps } from '../../src/deps.js';
import type { EmbeddedStore } from '../../src/infra/embedded-store.js';
import { bearer, createCatalog, createIssuer, startTestApp, type TestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/problem.js';
import { startStandaloneStore } from '../helpers/store.js';
import { assertConsistent, untilSettled } from './store-consistency.js';
import { until } from '../helpers/wait.js';

/**
 * A store that is down, frozen or gone mid-write: the answer is 503 problem+json with Retry-After —
 * never a verdict, never a 500 — and nothing in it names the store (its port, the driver, a path).
 */
function assertUnavailable(res: Response, storePort: number): void {
  assertProblem(res, 503, 'service-unavailable');
  assert.match(String(res.headers['retry-after']), /^\d+$/, 'says when to retry');
  for (const leak of [
    String(storePort),
    'ECONNREFUSED',
    'ECONNRESET',
    'Mongo',
    'Ferret',
    'SQLite',
    '/tmp/',
    'topology',
  ])
    assert.ok(!res.text.includes(leak), `the answer names "${leak}": ${res.text}`);
}

describe('store outages: the service answers 503 and never lies, and nothing is lost or half-stored', function () {
  this.timeout(240000);
  let dir: string;
  let store: EmbeddedStore;
  let deps: Deps;
  let http: TestAgent;
  let apiKey: string;
  let body: { achievementId: string; learnerId: string; language: string };
  let t: TestApp;
  const db = () => deps.store.connection.db as mongoose.mongo.Db;

  const startStore = async (port = 0) => (store = await startStandaloneStore(dir, port));
  const storePid = () => {
    const pid = store.pid();
    assert.ok(pid);
    return pid;
  };
  const ready = async () => (await http.get('/readyz')).status === 200;
  const issue = (extra: Record<string, unknown> = {}) =>
    http
      .post('/api/v1/credentials')
      .set(...bearer(apiKey))
      .send({ ...body, ...extra });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tilts-outage-store-'));
    await startStore();
    t = await startTestApp('outage', { mongoUri: `${store.uri}tilts_outage` });
    ({ deps, http } = t);
    const issuer = await createIssuer(t);
    apiKey = issuer.apiKey;
    body = { ...(await createCatalog(t, issuer)), language: 'lv' };
  });
  after(async () => {
    await t?.close();
    await store?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('store killed: verifying a valid own credential answers 503 (not 400 verified:false), as do reads and writes; all verify again once it is back', async () => {
    const { credential, id } = (await issue().expect(201)).body;
    const verify = () => http.post('/credentials/verify').send({ verifiableCredential: credential });
    assert.equal((await verify().expect(200)).body.verified, true);
    const port = store.port;
    process.kill(storePid(), 'SIGKILL');
    await until('the store is gone', async () => !store.running());

    assertUnavailable(await verify(), port);
    assertUnavailable(await http.get(`/credentials/${id}.json`), port);
    assertUnavailable(await http.get(`/api/v1/credentials/${id}`).set(...bearer(apiKey)), port);
    assertUnavailable(await issue(), port);
    assertUnavailable(await http.post(`/api/v1/credentials/${id}/revoke`).set(...bearer(apiKey)), port);

    await startStore(port);
    await until('the service is ready again', ready);
    const again = await verify().expect(200);
    assert.equal(again.body.verified, true, 'the same credential verifies again');
    const stored = await http
      .get(`/api/v1/credentials/${id}`)
      .set(...bearer(apiKey))
      .expect(200);
    assert.equal(stored.body.status, 'active', 'the revoke refused during the outage changed nothing');
    assertConsistent(await untilSettled(db()));
  });

  it('store frozen (SIGSTOP): requests answer 503 while it is still frozen; after SIGCONT it recovers, and a key retried yields one credential', async () => {
    const { credential, id } = (await issue().expect(201)).body;
    const port = store.port;
    const key = `frozen-${Date.now()}`;
    let frozen = true;
    process.kill(storePid(), 'SIGSTOP');
    const thaw = setTimeout(() => {
      frozen = false;
      process.kill(storePid(), 'SIGCONT');
    }, 60_000);
    const whileFrozen = async (req: Promise<Response>) => {
      const res = await req;
      return { res, frozen };
    };
    try {
      const answers = await Promise.all([
        whileFrozen(http.post('/credentials/verify').send({ verifiableCredential: credential })),
        whileFrozen(http.get(`/credentials/${id}.json`)),
        whileFrozen(issue({ idempotencyKey: key })),
        whileFrozen(http.post(`/api/v1/credentials/${id}/revoke`).set(...bearer(apiKey))),
      ]);
      for (const { res, frozen: stillFrozen } of answers) {
        assert.equal(stillFrozen, true, `answered only after the freeze: ${res.status}`);
        assertUnavailable(res, port);
      }
    } finally {
      clearTimeout(thaw);
      if (frozen) process.kill(storePid(), 'SIGCONT');
      frozen = false;
    }
    await until('the service is ready again', ready, 60000);
    // the frozen requests ran on after their 503: the key and the revocation settle either way
    const retried = await retryUntilAnswered(() => issue({ idempotencyKey: key }));
    assert.ok([200, 201].includes(retried.status), `the key answers with its credential: ${retried.text}`);
    assert.equal((await issue({ idempotencyKey: key })).body.id, retried.body.id);
    const revoke = await retryUntilAnswered(() =>
      http.post(`/api/v1/credentials/${id}/revoke`).set(...bearer(apiKey)),
    );
    assert.ok([200, 409].includes(revoke.status), revoke.text);
    const now = await http
      .get(`/api/v1/credentials/${id}`)
      .set(...bearer(apiKey))
      .expect(200);
    assert.equal(now.body.status, 'revoked');
    const forKey = await db()
      .collection('credentials')
      .countDocuments({ _id: retried.body.id, status: { $ne: 'void' } });
    assert.equal(forKey, 1);
    assertConsistent(await untilSettled(db()));
  });

  it('a request past its deadline answers 503 then, and the late work answers nobody (no 500, the service carries on)', async () => {
    const { id } = (await issue().expect(201)).body;
    const hasty = request(createApp(deps, { requestDeadlineMs: 1000 }));
    process.kill(storePid(), 'SIGSTOP');
    let res: Response;
    try {
      res = await hasty.get(`/credentials/${id}.json`);
    } finally {
      process.kill(storePid(), 'SIGCONT');
    }
    assertUnavailable(res, store.port);
    assert.match(res.body.detail, /could not answer in time/);
    await until('the service is ready again', ready, 60000);
    const after = await hasty.get(`/credentials/${id}.json`).expect(200);
    assert.equal(JSON.parse(after.text).id, `http://127.0.0.1:3000/credentials/${id}`);
  });

  it('store killed mid-write under load: no 500, every answer 2xx or 503, and every key retried yields exactly one credential', async () => {
    const KEYS = 24;
    const port = store.port;
    const answers: Response[] = [];
    let next = 0;
    let killed = false;
    let restartFailed: unknown;
    const keyOf = (i: number) => `midwrite-${port}-${i}`;
    const worker = async () => {
      while (next < KEYS) {
        const i = next++;
        answers.push(await issue({ idempotencyKey: keyOf(i) }));
        if (answers.length === 6 && !killed) {
          killed = true;
          process.kill(storePid(), 'SIGKILL');
          // back only after the driver's server selection gave up on it (5 s): requests meet it dead
          setTimeout(() => void startStore(port).catch((error: unknown) => (restartFailed = error)), 7000);
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    assert.ok(killed);
    // a 500 names what the service logged for its request, so that a failure says why
    const logged = (res: Response) =>
      t.logs.filter((line) => line.includes(String(res.body?.requestId))).join('\n');
    for (const res of answers) {
      if (res.status === 503) assertUnavailable(res, port);
      else assert.equal(res.status, 201, `${res.text}\n${logged(res)}`);
    }
    assert.ok(
      answers.some((r) => r.status === 503),
      'some requests met the dead store',
    );
    const restarted = async () => {
      assert.equal(restartFailed, undefined, `the store did not start again: ${String(restartFailed)}`);
      return ready();
    };
    await until('the service is ready again', restarted, 60000);
    const ids = new Set<string>();
    for (let i = 0; i < KEYS; i += 1) {
      const res = await retryUntilAnswered(() => issue({ idempotencyKey: keyOf(i) }));
      assert.ok([200, 201].includes(res.status), `${res.text}\n${logged(res)}`);
      ids.add(res.body.id);
    }
    assert.equal(ids.size, KEYS, 'one credential per key');
    const state = await untilSettled(db());
    assertConsistent(state);
    const stored = new Set(state.credentials.map((c) => c._id));
    for (const id of ids) assert.ok(stored.has(id), `credential ${id} is stored whole`);
  });
});

/** Retries a request the way a client honours 503/409 with Retry-After, a bounded number of times. */
async function retryUntilAnswered(send: () => Promise<Response>): Promise<Response> {
  for (let attempt = 0; ; attempt += 1) {
    const res = await send();
    const wait = Number(res.headers['retry-after']);
    if (![409, 503].includes(res.status) || !wait || attempt >= 15) return res;
    await delay(wait * 1000);
  }
}
