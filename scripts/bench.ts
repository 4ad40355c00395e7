/**
 * npm run bench — measures the service end to end on the embedded store: issuing (Data Integrity and
 * VC-JWT), verifying, and serving a status list, over real HTTP on loopback. Prints a table; no
 * assertions (figures belong in notes, not in the test suite).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.js';
import { loadConfig, PROJECT_ROOT } from '../src/config.js';
import { buildDeps } from '../src/deps.js';
import { startEmbeddedStore } from '../src/infra/embedded-store.js';
import { createLogger } from '../src/infra/logger.js';
import { countStoreCommands, measureStoreCpu, row, timed as timedBy } from './bench-lib.js';
import { storeBench } from './bench-store.js';
import { benchJobs } from './bench-jobs.js';
import { benchPages } from './bench-pages.js';
import { renderingsBench } from './bench-renderings.js';
import { signingBench } from './bench-signing.js';

const N = Number(process.env.BENCH_N ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const ADMIN = 'bench-admin-token-0123456789abcdef';
const timed = <T>(count: number, work: (i: number) => Promise<T>) => timedBy(count, CONCURRENCY, work);
const example = (file: string) =>
  JSON.parse(readFileSync(join(PROJECT_ROOT, 'schemas', file), 'utf8')).example;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'tilts-bench-'));
  const logger = createLogger('silent');
  const store = await startEmbeddedStore({
    binary: process.env.FERRETDB_BIN ?? join(PROJECT_ROOT, '.tools/bin/ferretdb'),
    dataDir: join(dir, 'store'),
    port: 0,
    logger,
  });
  const config = loadConfig({
    MONGODB_URI: `${store.uri}bench?monitorCommands=true`,
    ADMIN_TOKEN: ADMIN,
    MASTER_KEY: randomBytes(32).toString('base64url'),
    DATA_DIR: dir,
    KEYS_DIR: join(dir, 'keys'),
    REFERENCE_DATA_DIR: join(PROJECT_ROOT, 'data/reference'),
    LOG_LEVEL: 'silent',
    VERIFY_RATE_LIMIT: '1000000',
    JSONLD_WORKERS: process.env.JSONLD_WORKERS ?? '0',
    PORT: '0',
  });
  measureStoreCpu(store.pid());
  const deps = await buildDeps(config, logger);
  let commands = 0;
  deps.store.connection.getClient().on('commandStarted', () => (commands += 1));
  countStoreCommands(() => commands);
  const server = createApp(deps).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300 && !path.endsWith('/verify'))
      throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  try {
    const issuer = await call('/api/v1/issuers', example('issuer-create.json'), ADMIN);
    const key = String(issuer.apiKey);
    const achievementId = (await call('/api/v1/achievements', example('achievement-create.json'), key)).id;
    const learnerId = (await call('/api/v1/learners', example('learner-create.json'), key)).id;
    console.log(
      `Tilts bench: ${N} requests per row, ${CONCURRENCY} in flight, embedded FerretDB, ${new Date().toISOString()}, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${cpus().length} cores`,
    );
    const di = await timed(N, () =>
      call('/api/v1/credentials', { achievementId, learnerId, language: 'lv' }, key),
    );
    row('issue ob3-di', di);
    row(
      'issue ob3-jwt',
      await timed(N, () =>
        call('/api/v1/credentials', { achievementId, learnerId, language: 'en', format: 'ob3-jwt' }, key),
      ),
    );
    row(
      'verify ob3-di (ours)',
      await timed(N, (i) => call('/credentials/verify', { verifiableCredential: di.results[i]!.credential })),
    );
    const listUrl = String(
      ((di.results[0]!.credential as Record<string, unknown>).credentialStatus as Record<string, string>)
        .statusListCredential,
    );
    row(
      'GET status list',
      await timed(N, () => fetch(base + new URL(listUrl).pathname).then((r) => r.arrayBuffer())),
    );
    await signingBench({
      call,
      key,
      achievementId: String(achievementId),
      learnerId: String(learnerId),
      n: N,
    });
    await storeBench({
      base,
      key,
      connection: deps.store.connection,
      issue: () => call('/api/v1/credentials', { achievementId, learnerId, language: 'lv' }, key),
      issued: di.results,
    });
    await benchPages(base, di.results, timed, N);
    await benchJobs({ base, key, achievementId: String(achievementId) });
    await renderingsBench(base, di.results[0]!);
  } finally {
    server.close();
    await deps.close();
    await store.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
