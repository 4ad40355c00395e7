import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type mongoose from 'mongoose';
import { freePort } from '../../src/infra/embedded-store.js';
import { createLogger } from '../../src/infra/logger.js';
import { connectStore, type Store } from '../../src/infra/mongo.js';
import { ADMIN_TOKEN, example } from '../helpers/app.js';
import { runMain, waitUntilReady, type MainProcess } from '../helpers/main-process.js';
import { testMongoUri } from '../helpers/store.js';
import { assertConsistent, untilSettled } from './store-consistency.js';

const KEYS = 50;
const IN_FLIGHT = 12;

interface Answer {
  status: number;
  id?: string;
  retryAfter?: string;
  body?: Record<string, unknown>;
}

async function post(port: number, path: string, token: string, body: object): Promise<Answer> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    const retryAfter = res.headers.get('retry-after') ?? undefined;
    return { status: res.status, id: json.id as string | undefined, retryAfter, body: json };
  } catch {
    return { status: 0 }; // the process died under the request
  }
}

describe('idempotent issuance survives kill -9 of the service', function () {
  this.timeout(240000);
  let mongoUri: string;
  let masterKey: string;
  let store: Store;
  let db: mongoose.mongo.Db;
  const running: MainProcess[] = [];

  const start = async (): Promise<number> => {
    const port = await freePort();
    const run = runMain({
      MONGODB_URI: mongoUri,
      ADMIN_TOKEN,
      MASTER_KEY: masterKey,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: 'http://127.0.0.1:3000',
    });
    running.push(run);
    await waitUntilReady(run, async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200);
    return port;
  };

  before(async () => {
    mongoUri = await testMongoUri('idempotency_crash');
    masterKey = randomBytes(32).toString('base64url');
    store = await connectStore(mongoUri, createLogger('silent'));
    db = store.connection.db as mongoose.mongo.Db;
  });
  after(async () => {
    for (const run of running) await run.stop();
    await store?.close();
  });

  it(`${KEYS} keys, killed mid-issue and retried after a restart: one credential per key, no key stuck, no index without a credential`, async () => {
    const first = await start();
    const issuer = await post(first, '/api/v1/issuers', ADMIN_TOKEN, example('issuer-create.json'));
    assert.equal(issuer.status, 201);
    const apiKey = String(issuer.body?.apiKey);
    const achievement = await post(first, '/api/v1/achievements', apiKey, example('achievement-create.json'));
    const learner = await post(first, '/api/v1/learners', apiKey, example('learner-create.json'));
    const body = (i: number) => ({
      achievementId: achievement.id,
      learnerId: learner.id,
      language: 'lv',
      idempotencyKey: `crash-${i}`,
    });

    // the first process dies (SIGKILL: nothing is cleaned up) while a dozen issues are under way
    const before: Answer[] = new Array<Answer>(KEYS);
    let answered = 0;
    let next = 0;
    const victim = running[0] as MainProcess;
    const worker = async () => {
      while (next < KEYS) {
        const i = next++;
        before[i] = await post(first, '/api/v1/credentials', apiKey, body(i));
        answered += 1;
        if (answered === 15) victim.kill('SIGKILL');
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    assert.equal(await victim.exit, null, 'killed by a signal');
    const interrupted = before.filter((a) => a.status === 0).length;
    assert.ok(interrupted >= IN_FLIGHT, `requests were cut off mid-issue (${interrupted})`);
    assert.ok(before.every((a) => a.status === 0 || a.status === 201));

    // a new process on the same store: every key, retried as a client would (honouring Retry-After)
    const second = await start();
    const retried = new Array<Answer>(KEYS);
    let conflicts = 0;
    let cursor = 0;
    const retry = async () => {
      while (cursor < KEYS) {
        const i = cursor++;
        for (let attempt = 0; ; attempt += 1) {
          const answer = await post(second, '/api/v1/credentials', apiKey, body(i));
          if (answer.status !== 409 || attempt >= 10) {
            retried[i] = answer;
            break;
          }
          conflicts += 1;
          assert.ok(answer.retryAfter, 'a key in progress says when to retry');
          await delay(Number(answer.retryAfter) * 1000);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, retry));
    assert.deepEqual(
      retried.filter((a) => a.status !== 200 && a.status !== 201),
      [],
      'every key answers with its credential in the end',
    );
    for (const [i, a] of before.entries())
      if (a.status === 201) assert.equal(retried[i]?.id, a.id, `key ${i}: the retry replays the credential`);
    assert.ok(conflicts < KEYS * 3, `retries were few (${conflicts} answers 409 in progress)`);

    // asked again: the same credential every time, and exactly one per key in the store
    const again = await Promise.all(
      before.map((_, i) => post(second, '/api/v1/credentials', apiKey, body(i))),
    );
    assert.deepEqual(
      again.map((a) => [a.status, a.id]),
      retried.map((a) => [200, a.id]),
    );
    assert.equal(new Set(retried.map((a) => a.id)).size, KEYS, 'one distinct credential per key');
    const state = await untilSettled(db);
    assert.deepEqual(
      state.credentials.map((c) => c._id).sort(),
      retried.map((a) => a.id).sort(),
      'the store holds exactly the credentials the keys answer with, nothing else',
    );
    assertConsistent(state);
  });

  it('a holder frozen mid-issue (SIGSTOP) is taken over once its lease runs out and races the taker when it wakes: one credential, no index left over', async () => {
    const holderPort = await start();
    const holder = running[running.length - 1] as MainProcess;
    const takerPort = await start();
    const issuer = await post(holderPort, '/api/v1/issuers', ADMIN_TOKEN, {
      ...example('issuer-create.json'),
      slug: 'frozen-holder',
    });
    const apiKey = String(issuer.body?.apiKey);
    const achievement = await post(
      holderPort,
      '/api/v1/achievements',
      apiKey,
      example('achievement-create.json'),
    );
    const learner = await post(holderPort, '/api/v1/learners', apiKey, example('learner-create.json'));
    const claims = db.collection<{ _id: string; credentialId: string; until: Date }>('idempotency_keys');
    const credentials = db.collection<{ _id: string }>('credentials');
    // freeze the holder right after it claimed the key and before it stored the credential
    let caught: { key: string; answer: Promise<Answer>; credentialId: string; until: Date } | undefined;
    for (let attempt = 0; attempt < 3 && !caught; attempt += 1) {
      const key = `frozen-${attempt}`;
      const body = {
        achievementId: achievement.id,
        learnerId: learner.id,
        language: 'lv',
        idempotencyKey: key,
      };
      const answer = post(holderPort, '/api/v1/credentials', apiKey, body);
      let claim = null;
      while (!claim) claim = await claims.findOne({ _id: `${issuer.id}:${key}` });
      holder.kill('SIGSTOP');
      if (await credentials.countDocuments({ _id: claim.credentialId })) {
        holder.kill('SIGCONT'); // it stored the credential before the freeze: try another key
        await answer;
        continue;
      }
      caught = { key, answer, credentialId: claim.credentialId, until: claim.until };
    }
    assert.ok(caught, 'the holder was frozen between its claim and its credential');
    const body = {
      achievementId: achievement.id,
      learnerId: learner.id,
      language: 'lv',
      idempotencyKey: caught.key,
    };
    try {
      await delay(Math.max(0, new Date(caught.until).getTime() + 2500 - Date.now()));
      const taker = await post(takerPort, '/api/v1/credentials', apiKey, body);
      assert.equal(taker.status, 201, JSON.stringify(taker.body));
      assert.equal(taker.id, caught.credentialId, 'the taker issued under the claim’s credential id');
    } finally {
      holder.kill('SIGCONT');
    }
    // woken up long past its request's deadline, the holder answers 503 at once and works on: its own
    // attempt at the credential id finds the taker's credential there, and a retry replays that one
    const woken = await caught.answer;
    assert.equal(woken.status, 503, JSON.stringify(woken.body));
    assert.ok(woken.retryAfter);
    const retried = await post(holderPort, '/api/v1/credentials', apiKey, body);
    assert.deepEqual([retried.status, retried.id], [200, caught.credentialId]);
    const state = await untilSettled(db);
    assert.equal(state.credentials.filter((c) => c._id === caught?.credentialId).length, 1);
    assertConsistent(state);
  });
});
