import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { createApp } from '../../src/app.js';
import { loadConfig, PROJECT_ROOT } from '../../src/config.js';
import { buildDeps, type Deps } from '../../src/deps.js';
import type { EmbeddedStore } from '../../src/infra/embedded-store.js';
import { createLogger } from '../../src/infra/logger.js';
import {
  ADMIN_TOKEN,
  bearer,
  createIssuer,
  example,
  snapshot,
  startTestApp,
  type IssuerFixture,
  type TestApp,
} from '../helpers/app.js';
import { assertProblem } from '../helpers/problem.js';
import { signsAndVerifies } from '../helpers/signing.js';
import { FERRETDB_BIN, startStandaloneStore } from '../helpers/store.js';
import { until } from '../helpers/wait.js';

/** Polls until `check` holds; fails with `what` after `timeoutMs`. */

const readyStatus = async (http: TestAgent): Promise<number> => (await http.get('/readyz')).status;

/** A service of our own (not the shared test app) on a store we control. */
async function startService(env: Record<string, string>) {
  const dirs = [mkdtempSync(join(tmpdir(), 'tilts-data-')), mkdtempSync(join(tmpdir(), 'tilts-keys-'))];
  const config = loadConfig({
    ADMIN_TOKEN,
    MASTER_KEY: randomBytes(32).toString('base64url'),
    PUBLIC_URL: 'http://127.0.0.1:3000',
    DATA_DIR: dirs[0],
    KEYS_DIR: dirs[1],
    FERRETDB_BIN,
    REFERENCE_DATA_DIR: join(PROJECT_ROOT, 'data', 'reference'),
    LOG_LEVEL: 'debug',
    ...env,
  });
  const logs: string[] = [];
  const deps: Deps = await buildDeps(
    config,
    createLogger(config.logLevel, (line) => logs.push(line)),
  );
  const http = request(createApp(deps));
  const close = async () => {
    await deps.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  };
  return { deps, http, logs, close };
}

/** Creates an issuer, an achievement and a learner; returns a reader that proves they are all still there. */
async function seed(http: TestAgent) {
  const issuer = await http
    .post('/api/v1/issuers')
    .set(...bearer(ADMIN_TOKEN))
    .send({ ...example('issuer-create.json'), slug: `rec-${Date.now().toString(36)}` })
    .expect(201);
  const key = issuer.body.apiKey as string;
  const achievement = await http
    .post('/api/v1/achievements')
    .set(...bearer(key))
    .send(example('achievement-create.json'))
    .expect(201);
  const learner = await http
    .post('/api/v1/learners')
    .set(...bearer(key))
    .send(example('learner-create.json'))
    .expect(201);
  return async (agent: TestAgent) => {
    const get = async (path: string) =>
      (
        await agent
          .get(path)
          .set(...bearer(key))
          .expect(200)
      ).body;
    assert.deepEqual(await get(`/api/v1/achievements/${achievement.body.id}`), achievement.body);
    assert.deepEqual(await get(`/api/v1/learners/${learner.body.id}`), learner.body);
  };
}

describe('store: records, restarts and recovery', function () {
  this.timeout(90000);

  describe('service restart', () => {
    let first: TestApp;
    let issuer: IssuerFixture;
    let stored: string;
    before(async () => {
      first = await startTestApp('restart');
      issuer = await createIssuer(first);
    });

    it('keeps every record across a restart on the same store, and the old API key still works', async () => {
      const check = await seed(first.http);
      stored = await snapshot(first);
      await first.close();
      const second = await startTestApp('restart', { mongoUri: first.mongoUri, masterKey: first.masterKey });
      try {
        await check(second.http);
        await second.http
          .get(`/api/v1/issuers/${issuer.id}`)
          .set(...bearer(issuer.apiKey))
          .expect(200);
        assert.equal(await snapshot(second), stored, 'the restart neither lost nor added anything');
      } finally {
        await second.close();
      }
    });

    it('still signs with the stored issuer keys after a restart with the same master key', async () => {
      const again = await startTestApp('restart', { mongoUri: first.mongoUri, masterKey: first.masterKey });
      try {
        assert.equal(await signsAndVerifies(again, issuer), true);
      } finally {
        await again.close();
      }
    });

    it('refuses to start with a different master key, naming MASTER_KEY, and changes nothing', async () => {
      const wrongKey = randomBytes(32).toString('base64url');
      await assert.rejects(
        startTestApp('restart', { mongoUri: first.mongoUri, masterKey: wrongKey }),
        (error: Error) => /MASTER_KEY/.test(error.message) && !error.message.includes(wrongKey),
      );
      const after = await startTestApp('restart', { mongoUri: first.mongoUri, masterKey: first.masterKey });
      try {
        assert.equal(await snapshot(after), stored);
      } finally {
        await after.close();
      }
    });
  });

  describe('embedded store owned by the service (MONGODB_URI unset)', () => {
    it('turns /readyz 503 when the store is killed, logs why, restarts it and recovers by itself', async () => {
      const service = await startService({});
      try {
        const store = service.deps.embeddedStore;
        assert.ok(store, 'the service started its own embedded store');
        await until('ready', async () => (await readyStatus(service.http)) === 200);
        const check = await seed(service.http);
        const pid = store.pid();
        assert.ok(pid);
        process.kill(pid, 'SIGKILL');
        // The supervisor brings a killed store back within a fraction of a second, often before a probe
        // notices. To see the outage every time, keep killing each new store process until /readyz says 503.
        let killing = true;
        const killer = (async () => {
          while (killing) {
            const next = store.pid();
            if (next && store.running()) process.kill(next, 'SIGKILL');
            await new Promise((r) => setTimeout(r, 10));
          }
        })();
        try {
          await until('/readyz is 503', async () => (await readyStatus(service.http)) === 503, 15000);
        } finally {
          killing = false;
          await killer;
        }
        const msgs = () => service.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
        await until('the log says the store exited and is restarted', async () =>
          msgs().some((l) => l.msg === 'restarting embedded store'),
        );
        const exited = msgs().find((l) => l.msg === 'embedded store exited');
        assert.equal(exited?.level, 'error');
        assert.equal(exited?.signal, 'SIGKILL');
        await until('/readyz is 200 again', async () => (await readyStatus(service.http)) === 200);
        assert.notEqual(store.pid(), pid, 'a new store process');
        assert.equal(store.running(), true);
        await check(service.http);
        await seed(service.http);
      } finally {
        await service.close();
      }
    });
  });

  describe('external store (MONGODB_URI set)', () => {
    let dir: string;
    let store: EmbeddedStore | undefined;
    const start = async (port = 0) => (store = await startStandaloneStore(dir, port));
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'tilts-external-store-'));
    });
    after(async () => {
      await store?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('turns /readyz 503 while the store is down and recovers without a restart when it is back', async () => {
      const first = await start();
      const service = await startService({ MONGODB_URI: `${first.uri}tilts_external` });
      try {
        assert.equal(service.deps.embeddedStore, undefined, 'the service does not own this store');
        const check = await seed(service.http);
        await first.stop();
        await until('/readyz is 503', async () => (await readyStatus(service.http)) === 503, 10000);
        assertProblem(await service.http.get('/readyz'), 503, 'service-unavailable');
        // an API request while the store is down: a 503 problem (after the driver gives up), not a 500
        const during = await service.http.get('/api/v1/issuers').set(...bearer(ADMIN_TOKEN));
        assertProblem(during, 503, 'service-unavailable');
        assert.equal(during.headers['retry-after'], '5');
        await until('the log says the store is gone', async () =>
          service.logs.some((l) => JSON.parse(l).msg === 'store disconnected'),
        );
        await start(first.port);
        await until('/readyz is 200 again', async () => (await readyStatus(service.http)) === 200);
        await check(service.http);
      } finally {
        await service.close();
      }
    });
  });
});
