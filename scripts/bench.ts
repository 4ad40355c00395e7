/**
 * npm run bench — issue 11's figures in one run, as one table per store: raw `vc.issue()` and
 * `vc.verifyCredential()` of the very credential Tilts issues, beside Tilts over HTTP (issue ob3-di
 * and ob3-jwt with 1 and 8 in flight, verify, revoke, GET by id, lists, a 1,000-row job), each with
 * its rate, ratio to the raw library, p50/p95, store round trips and CPU per request, and the
 * service's RSS — on an empty store and on the seeded store of 100,000 credentials (built once by
 * scripts/seed-scale.ts, reused after). Then both cores (worker threads vs node:cluster), then the
 * page and rendering rows. Every figure is the median of BENCH_ROUNDS rounds. No assertions.
 *
 * Environment: BENCH_N (requests per row per round, 48), BENCH_LIST_N (20), BENCH_ROUNDS (3),
 * BENCH_JOB_ROWS (1000; 0 skips), BENCH_EMPTY=0 (no empty store), BENCH_SCALE=0 (no 100,000 store), BENCH_CORES=0 (no both-cores
 * rows), BENCH_MORE=0 (no page and rendering rows), BENCH_RSS_JOB (the service's RSS curve across a
 * job of this many rows on the empty store, 10000; 0 skips it).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { rssOf, timed as timedBy, type Timed } from './bench-lib.js';
import { coresRows } from './bench-cores.js';
import { rssCurve } from './bench-jobs.js';
import { benchPages } from './bench-pages.js';
import { renderingsBench } from './bench-renderings.js';
import { storeRows, type BenchOptions, type Target } from './bench-rows.js';
import type { BenchTable } from './bench-table.js';
import { BENCH_ADMIN, serviceEnv, startBenchServer, startStore, type Service } from './bench-service.js';
import { example, SCALE_DIR, seedScale, type ScaleManifest } from './seed-scale.js';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const OPTIONS: BenchOptions = {
  n: num('BENCH_N', 48),
  listN: num('BENCH_LIST_N', 20),
  rounds: num('BENCH_ROUNDS', 3),
  jobRows: num('BENCH_JOB_ROWS', 1000),
};
const RSS_JOB = process.env.BENCH_RSS_JOB === '1' ? 10_000 : num('BENCH_RSS_JOB', 10_000);
const on = (name: string) => process.env[name] !== '0';
const DAY = 86_400_000;

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

async function emptyTarget(svc: Service): Promise<Target> {
  const key = String(
    (await svc.http.post('/api/v1/issuers', example('issuer-create.json'), BENCH_ADMIN)).apiKey,
  );
  const achievementId = String(
    (await svc.http.post('/api/v1/achievements', example('achievement-create.json'), key)).id,
  );
  const learnerId = String((await svc.http.post('/api/v1/learners', example('learner-create.json'), key)).id);
  return {
    key,
    achievementId,
    learnerId,
    listLearnerId: learnerId,
    ids: [],
    window: [new Date(Date.now() - DAY), new Date(Date.now() + DAY)],
  };
}

/** The 100,000 store: one issuer's catalog, and ids to read gathered from list pages of every issuer. */
async function seededTarget(svc: Service, manifest: ScaleManifest): Promise<Target> {
  const ids: Target['ids'] = [];
  for (const issuer of manifest.issuers) {
    const page = 1 + Math.floor(Math.random() * 40);
    const res = await svc.http.get(`/api/v1/credentials?pageSize=100&page=${page}`, issuer.apiKey);
    const items = (JSON.parse(res.text) as { items: Array<{ id: string }> }).items;
    ids.push(...items.map((c) => ({ id: c.id, key: issuer.apiKey })));
  }
  const issuer = manifest.issuers[7] ?? manifest.issuers[0];
  if (!issuer) throw new Error('no issuers in the seeded store');
  const middle = Date.now() - 500 * DAY;
  // seeded learners have no DID, which VC-JWT needs
  const learner = { ...example('learner-create.json'), email: `bench-${Date.now()}@example.lv` };
  return {
    key: issuer.apiKey,
    learnerId: String((await svc.http.post('/api/v1/learners', learner, issuer.apiKey)).id),
    listLearnerId: issuer.learners[3] ?? '',
    achievementId: issuer.achievements[2] ?? '',
    ids,
    window: [new Date(middle), new Date(middle + 60 * DAY)],
  };
}

async function emptyStore(): Promise<BenchTable> {
  const dir = mkdtempSync(join(tmpdir(), 'tilts-bench-'));
  const store = await startStore(dir);
  const svc = await startBenchServer(
    store,
    serviceEnv(store, 'bench', dir, randomBytes(32).toString('base64url')),
  );
  try {
    const target = await emptyTarget(svc);
    const table = await storeRows(svc, target, `${store.uri}bench`, OPTIONS);
    table.print(
      `Empty store (fresh; it holds what the rows issue) — store RSS ${(rssOf(store.pid() ?? 0) / 2 ** 20).toFixed(0)} MiB, load average ${load()}`,
    );
    if (RSS_JOB > 0)
      await rssCurve(
        { http: svc.http, key: target.key, achievementId: target.achievementId, probe: svc.probe },
        RSS_JOB,
      );
    if (on('BENCH_MORE')) await more(svc, target);
    return table;
  } finally {
    await svc.stop();
    await store.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The page and rendering rows (single rounds), against the empty store's service. */
async function more(svc: Service, t: Target): Promise<void> {
  const body = { achievementId: t.achievementId, learnerId: t.learnerId, language: 'lv' };
  const issued = (await timedBy(8, 8, () => svc.http.post('/api/v1/credentials', body, t.key))).results;
  console.log('\nPages and renderings (one round)');
  const timed = <T>(count: number, work: (i: number) => Promise<T>): Promise<Timed<T>> =>
    timedBy(count, 8, work);
  await benchPages(svc.http.base, issued, timed, OPTIONS.n);
  await renderingsBench(svc.http.base, issued[0] ?? {});
}

async function seededStore(): Promise<BenchTable> {
  const existed = existsSync(join(SCALE_DIR, 'manifest.json'));
  const t0 = performance.now();
  const manifest = await seedScale();
  const seeded = manifest.seconds.setup + manifest.seconds.clones;
  console.log(
    existed
      ? `\n100,000 store: reused ${SCALE_DIR} (seeded ${manifest.createdAt} in ${seeded.toFixed(0)} s)`
      : `\n100,000 store: seeded now into ${SCALE_DIR} in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  const store = await startStore(SCALE_DIR);
  const svc = await startBenchServer(store, serviceEnv(store, 'tilts', SCALE_DIR, manifest.masterKey));
  try {
    const target = await seededTarget(svc, manifest);
    const table = await storeRows(svc, target, `${store.uri}tilts`, OPTIONS);
    table.print(
      `${manifest.credentials.toLocaleString('en')} credentials across ${manifest.issuers.length} issuers (and what earlier benches issued) — store RSS ${(rssOf(store.pid() ?? 0) / 2 ** 20).toFixed(0)} MiB, load average ${load()}`,
    );
    return table;
  } finally {
    await svc.stop();
    await store.stop();
  }
}

/** The issue's targets, each beside the figure measured above. */
function summary(empty?: BenchTable, scale?: BenchTable, cores?: BenchTable): void {
  const shown = (v: number | undefined, digits: number, unit: string) =>
    v !== undefined && Number.isFinite(v) ? `${v.toFixed(digits)}${unit}` : '–';
  const x = (t: BenchTable | undefined, row: string) => shown(t?.figure(row, 'ratio'), 2, '×');
  const p50 = (t: BenchTable | undefined, row: string) => shown(t?.figure(row, 'p50'), 1, ' ms');
  const lines: string[] = [];
  for (const [label, t] of [
    ['empty', empty],
    ['100k', scale],
  ] as const) {
    if (!t) continue;
    lines.push(
      `${label}: issue ob3-di 8 in flight, one process ${x(t, 'HTTP issue ob3-di, 8 in flight')} raw issue (≥ 1.0×); verify ${x(t, 'HTTP verify own ob3-di, 8 in flight')} raw verify (≥ 1.0×); job ${x(t, `${OPTIONS.jobRows}-row issuance job (1 process)`)} raw issue per core (≥ 1.5×)`,
      `${label}: GET .json p50 ${p50(t, 'GET /credentials/{id}.json')}, API ${p50(t, 'GET /api/v1/credentials/{id}')} (≤ 10 ms); lists p50 ${LISTS.map((l) => p50(t, l)).join(' / ')} (≤ 100 ms); issue 1 in flight p50 ${p50(t, 'HTTP issue ob3-di, 1 in flight')}, revoke ${p50(t, 'revoke, 1 in flight')}`,
    );
  }
  if (cores) {
    lines.push(
      `both cores, the library alone: raw vc.issue() on 2 worker threads ${x(cores, 'raw vc.issue() on 2 worker threads')} raw issue (no HTTP, no store: the ceiling)`,
    );
    for (const variant of ['JSONLD_WORKERS=1', 'JSONLD_WORKERS=2', 'node:cluster of 2'])
      lines.push(
        `both cores, ${variant}: issue ob3-di 8 in flight ${x(cores, `${variant}: issue ob3-di ×8`)} raw issue (≥ 1.6×), one process ${x(cores, 'one process: issue ob3-di ×8')}; verify ${x(cores, `${variant}: verify own ×8`)}`,
      );
  }
  console.log(`\nTargets (issue 11)\n${lines.map((l) => `  ${l}`).join('\n')}`);
}

const LISTS = ['first page', 'by learner', 'by achievement', 'status=revoked', '60-day awarded range'].map(
  (l) => `list 100, ${l}`,
);

async function main() {
  console.log(
    `Tilts bench ${new Date().toISOString()} — ${cpus().length} cores (shared), load average ${load()}, Node ${process.version}; ` +
      `${OPTIONS.n} requests per row (lists ${OPTIONS.listN}), median of ${OPTIONS.rounds} rounds; service in its own process on embedded FerretDB`,
  );
  console.log(
    'Columns: rate; × raw = rate ÷ the raw library row of the same round (median); p50/p95 latency; trips = store commands per request; cpu = CPU ms per request of the service and of the store; RSS of the service after the row.',
  );
  const empty = on('BENCH_EMPTY') ? await emptyStore() : undefined;
  const scale = on('BENCH_SCALE') ? await seededStore() : undefined;
  const cores = on('BENCH_CORES') ? await coresRows(OPTIONS) : undefined;
  cores?.print(`Both cores: the real src/main.ts four ways, one store — load average ${load()}`);
  summary(empty, scale, cores);
  console.log(`\nDone ${new Date().toISOString()}, load average ${load()}`);
}

await main();
