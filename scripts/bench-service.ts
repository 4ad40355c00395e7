/**
 * The processes `npm run bench` measures: an embedded store (FerretDB) on a data folder, and the
 * service in processes of its own — scripts/bench-server.ts (counts its store commands), or the real
 * src/main.ts (the both-cores rows: JSONLD_WORKERS, and a node:cluster of it).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/config.js';
import { freePort, startEmbeddedStore, type EmbeddedStore } from '../src/infra/embedded-store.js';
import { createLogger } from '../src/infra/logger.js';
import { httpClient, processProbe, type HttpClient, type Probe } from './bench-lib.js';

export const BENCH_ADMIN = 'bench-admin-token-0123456789abcdef';
/** The origin of ids in credentials (the seeded store's): the service listens elsewhere. */
export const BENCH_PUBLIC_URL = 'http://127.0.0.1:3000';

/** With BENCH_TRIPS=1 the service counts its commands itself (driver monitoring: by collection, slower). */
const MONITOR = process.env.BENCH_TRIPS === '1';

export interface BenchStore extends EmbeddedStore {
  /** commands the store has received so far (its own metrics), heartbeats not counted */
  commands(): Promise<number | undefined>;
}

/** Commands a driver sends by itself (server monitoring, sessions), not on behalf of a request. */
const HOUSEKEEPING = new Set([
  'hello',
  'isMaster',
  'ismaster',
  'endSessions',
  'ping',
  'buildInfo',
  'unknown',
]);

/** The embedded store with its metrics on: commands are counted by the store, at no cost to the service. */
export async function startStore(dir: string): Promise<BenchStore> {
  const debugAddr = `127.0.0.1:${await freePort()}`;
  const store = await startEmbeddedStore({
    binary: process.env.FERRETDB_BIN ?? join(PROJECT_ROOT, '.tools/bin/ferretdb'),
    dataDir: join(dir, 'store'),
    port: 0,
    logger: createLogger('silent'),
    debugAddr,
  });
  const commands = async () => {
    const res = await fetch(`http://${debugAddr}/debug/metrics`).catch(() => undefined);
    if (!res?.ok) return undefined;
    let n = 0;
    for (const m of (await res.text()).matchAll(
      /^ferretdb_client_requests_total\{command="([^"]+)"[^}]*\} (\d+)$/gm,
    ))
      if (!HOUSEKEEPING.has(m[1] ?? '')) n += Number(m[2]);
    return n;
  };
  return Object.assign(store, { commands });
}

export interface Service {
  http: HttpClient;
  probe: Probe;
  pid: number;
  stop(): Promise<void>;
}

/** The service's environment: a store database, its master key, loose limits for a benchmark. */
export function serviceEnv(store: EmbeddedStore, db: string, dir: string, masterKey: string) {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    MONGODB_URI: `${store.uri}${db}${MONITOR ? '?monitorCommands=true' : ''}`,
    ADMIN_TOKEN: BENCH_ADMIN,
    MASTER_KEY: masterKey,
    DATA_DIR: dir,
    KEYS_DIR: join(dir, 'keys'),
    PUBLIC_URL: BENCH_PUBLIC_URL,
    REFERENCE_DATA_DIR: join(PROJECT_ROOT, 'data/reference'),
    LOG_LEVEL: 'error',
    VERIFY_RATE_LIMIT: '1000000',
  };
}

const stopChild = (child: ChildProcess) =>
  new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });

const waitReady = async (child: ChildProcess, http: HttpClient) => {
  for (let i = 0; i < 1200; i += 1) {
    if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode})`);
    if ((await http.get('/readyz', undefined, [503]).catch(() => ({ status: 0 }))).status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the service did not get ready within 120 s');
};

/** scripts/bench-server.ts in a forked process: counts the store commands it sends. */
export async function startBenchServer(store: BenchStore, env: Record<string, string>): Promise<Service> {
  const child = fork(join(PROJECT_ROOT, 'scripts/bench-server.ts'), {
    // BENCH_CPU_PROF=<dir>: a V8 CPU profile of the service, written there when it stops
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((done, fail) => {
    child.once('message', (m: { port: number }) => done(m.port));
    child.once('exit', (code) => fail(new Error(`bench-server exited (${code})`)));
  });
  const http = httpClient(`http://127.0.0.1:${port}`);
  await waitReady(child, http);
  // the last two answers: a row asks once before and once after it
  const seen: Array<Record<string, number>> = [{}, {}];
  const trips = () =>
    new Promise<number>((done) => {
      const answer = (m: { commands?: number; by?: Record<string, number> }) => {
        if (m.commands === undefined) return;
        child.off('message', answer);
        seen.shift();
        seen.push({ ...m.by });
        done(m.commands);
      };
      child.on('message', answer);
      child.send({ ask: 'commands' });
    });
  const tripsBy = () => {
    const [before = {}, after = {}] = seen;
    return Object.fromEntries(
      Object.entries(after)
        .map(([kind, n]) => [kind, n - (before[kind] ?? 0)] as const)
        .filter(([, n]) => n > 0),
    );
  };
  const probe = processProbe(
    () => child.pid ?? 0,
    () => store.pid(),
    MONITOR ? trips : store.commands,
  );
  return {
    http,
    probe: { ...probe, tripsBy },
    pid: child.pid ?? 0,
    stop: () => stopChild(child),
  };
}

/**
 * The real `node --import tsx src/main.ts` with `env` (plus PORT/HOST), or `script` (the cluster of
 * several main.ts): store commands not counted.
 */
export async function startMain(
  store: EmbeddedStore,
  env: Record<string, string>,
  script = 'src/main.ts',
): Promise<Service> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: PROJECT_ROOT,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const http = httpClient(`http://127.0.0.1:${port}`);
  await waitReady(child, http);
  return {
    http,
    probe: processProbe(
      () => child.pid ?? 0,
      () => store.pid(),
    ),
    pid: child.pid ?? 0,
    stop: () => stopChild(child),
  };
}
