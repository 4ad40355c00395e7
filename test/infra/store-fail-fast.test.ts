import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import type { EmbeddedStore } from '../../src/infra/embedded-store.js';
import { insertEach } from '../../src/infra/mongo.js';
import { StoreDownError } from '../../src/infra/store-health.js';
import { bearer, createCatalog, createIssuer, snapshot, startTestApp, type TestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/problem.js';
import { startStandaloneStore } from '../helpers/store.js';
import { until } from '../helpers/wait.js';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
/** The driver's server-selection wait of this app: far longer than any answer the test accepts. */
const SELECTION_WAIT_MS = 20_000;
/** A 503 that comes sooner than this did not wait for the driver (a quarter of its wait). */
const FAST_MS = 5_000;

describe('store known to be down: 503 at once instead of after the driver wait, and back by itself', function () {
  this.timeout(180000);
  let dir: string;
  let store: EmbeddedStore;
  let t: TestApp;
  let first: TestApp;
  let http: TestAgent;
  let apiKey: string;
  let id: string;
  let credential: Record<string, unknown>;
  let body: Record<string, unknown>;
  const pid = () => {
    const p = store.pid();
    assert.ok(p, 'the store runs');
    return p;
  };
  const timed = async (send: () => Promise<Response>) => {
    const started = performance.now();
    const res = await send();
    return { res, ms: performance.now() - started };
  };
  const readyz = async () => (await http.get('/readyz')).status;
  /** The three kinds of request: staff API, an employer's verify POST, the public page. */
  const requests = () => ({
    api: () => http.get(`/api/v1/credentials/${id}`).set(...bearer(apiKey)),
    verify: () => http.post('/credentials/verify').send({ verifiableCredential: credential }),
    page: () => http.get(`/credentials/${id}`).set('Accept', BROWSER),
  });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tilts-failfast-store-'));
    store = await startStandaloneStore(dir);
    // another app of this process first: the schemas (module constants) get their plugins from its
    // connection, as in a test run or any process with two connections
    first = await startTestApp('failfast_first');
    t = await startTestApp('failfast', {
      mongoUri: `${store.uri}tilts_failfast?serverSelectionTimeoutMS=${SELECTION_WAIT_MS}`,
    });
    http = t.http;
    const issuer = await createIssuer(t);
    apiKey = issuer.apiKey;
    body = { ...(await createCatalog(t, issuer)), language: 'lv' };
    const issued = (
      await http
        .post('/api/v1/credentials')
        .set(...bearer(apiKey))
        .send(body)
        .expect(201)
    ).body;
    ({ id, credential } = issued);
  });
  after(async () => {
    await t?.close();
    await first?.close();
    await store?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('store killed: once the monitor noticed, an API GET, a verify POST, a public page and an issue answer 503 long before the 20-s server-selection wait; the restarted store serves again without an app restart; nothing stored or lost', async () => {
    const before = await snapshot(t);
    const port = store.port;
    process.kill(pid(), 'SIGKILL');
    await until('the store is gone', async () => !store.running());
    // readiness may say 503 sooner (its ping meets the closed connection): wait for the monitor itself
    await until('the monitor saw it refuse connections', () => t.deps.store.health.down(), 15_000);
    const notReady = await timed(() => http.get('/readyz'));
    assertProblem(notReady.res, 503, 'service-unavailable');
    assert.ok(notReady.ms < FAST_MS, `readiness answered after ${Math.round(notReady.ms)} ms`);
    assert.ok(
      t.logs.some((line) => line.includes('store refuses connections')),
      'the change is logged',
    );

    const { api, verify, page } = requests();
    const issue = () =>
      http
        .post('/api/v1/credentials')
        .set(...bearer(apiKey))
        .send(body);
    for (const [name, send] of Object.entries({ api, verify, issue })) {
      const { res, ms } = await timed(send);
      assertProblem(res, 503, 'service-unavailable');
      assert.match(String(res.headers['retry-after']), /^\d+$/, `${name} says when to retry`);
      assert.ok(!res.text.includes(String(port)), `${name} names the store's port`);
      const said = t.logs.filter((line) => /"msg":"store /.test(line)).join('\n');
      assert.ok(ms < FAST_MS, `${name} answered 503 after ${Math.round(ms)} ms: it waited\n${said}`);
    }
    const shown = await timed(page);
    assert.equal(shown.res.status, 503, shown.res.text);
    assert.match(String(shown.res.headers['content-type']), /^text\/html/);
    assert.match(shown.res.text, /data-state="unavailable"/, 'the outage page, not a verdict');
    assert.ok(shown.ms < FAST_MS, `the page answered 503 after ${Math.round(shown.ms)} ms`);

    // a raw collection (no mongoose middleware), as the batched inserts use: refused before the driver
    const probe = t.deps.store.connection.collection<{ _id: string }>('fail_fast_probe');
    await assert.rejects(insertEach(probe, [{ _id: 'never' }]), StoreDownError);

    store = await startStandaloneStore(dir, port);
    await until('the service is ready again', async () => (await readyz()) === 200, 30_000);
    assert.equal(t.deps.store.health.down(), false);
    assert.equal((await api()).status, 200);
    const verified = await verify();
    assert.equal(verified.status, 200, verified.text);
    assert.equal(verified.body.verified, true, 'the credential verifies again');
    const again = await page();
    assert.equal(again.status, 200);
    assert.match(again.text, /data-verdict="verified"/);
    assert.equal(await snapshot(t), before, 'the outage stored nothing and lost nothing');
  });

  it('a store only frozen for less than connectTimeoutMS (SIGSTOP 2 s, then SIGCONT) is waited for: the view never turns down, and the requests made meanwhile succeed', async () => {
    if (!store.running()) store = await startStandaloneStore(dir, store.port); // the test before failed
    await until('the service is ready', async () => (await readyz()) === 200, 30_000);
    const changes: boolean[] = [];
    const unwatch = t.deps.store.health.watch((down) => changes.push(down));
    const { api, verify } = requests();
    let frozen = true;
    process.kill(pid(), 'SIGSTOP');
    const thaw = setTimeout(() => {
      frozen = false;
      process.kill(pid(), 'SIGCONT');
    }, 2_000);
    try {
      const answered = async (send: () => Promise<Response>) => {
        const res = await send();
        return { res, frozen };
      };
      const [read, checked] = await Promise.all([answered(api), answered(verify)]);
      assert.equal(read.res.status, 200, read.res.text);
      assert.equal(checked.res.status, 200, checked.res.text);
      assert.equal(checked.res.body.verified, true);
      assert.equal(read.frozen || checked.frozen, false, 'the requests waited for the store to thaw');
      // two heartbeats after the thaw: the view has had every chance to change
      let beats = 0;
      const client = t.deps.store.connection.getClient();
      const beat = () => (beats += 1);
      client.on('serverHeartbeatSucceeded', beat);
      await until('two heartbeats succeeded after the thaw', () => beats >= 2, 15_000);
      client.off('serverHeartbeatSucceeded', beat);
      assert.deepEqual(changes, [], 'a slow store is never taken for a store that is down');
      assert.equal(t.deps.store.health.down(), false);
      assert.equal(await readyz(), 200);
    } finally {
      clearTimeout(thaw);
      if (frozen) process.kill(pid(), 'SIGCONT');
      unwatch();
    }
  });
});
