/**
 * Both cores in `npm run bench` (issue 11 item 3): the real service (src/main.ts) as one process, with
 * the JSON-LD worker-thread pool (JSONLD_WORKERS=1 and 2), and as a node:cluster of two such processes
 * sharing the port (scripts/bench-cluster.ts) — all on one embedded store, all running at once and measured in
 * turns within each round (the order rotates), so that load from elsewhere falls on every variant
 * alike. Issue ob3-di and verify, 8 in flight, each against raw `vc.issue()` / `vc.verifyCredential()`
 * measured in the same round; and, as the ceiling they are read against, raw `vc.issue()` on two worker
 * threads (the library alone on both cores: no HTTP, no store). BENCH_CORES=0 skips it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selfProbe, timed, type HttpClient } from './bench-lib.js';
import { rawLibrary, rawThreads } from './bench-raw.js';
import { BENCH_ADMIN, serviceEnv, startMain, startStore, type Service } from './bench-service.js';
import { BenchTable } from './bench-table.js';
import { example } from './seed-scale.js';
import type { BenchOptions } from './bench-rows.js';

/** name, environment, entry script */
const VARIANTS: Array<[string, Record<string, string>, string?]> = [
  ['one process', {}],
  ['JSONLD_WORKERS=1', { JSONLD_WORKERS: '1' }],
  ['JSONLD_WORKERS=2', { JSONLD_WORKERS: '2' }],
  ['node:cluster of 2', { BENCH_CLUSTER_WORKERS: '2' }, 'scripts/bench-cluster.ts'],
];

type Doc = Record<string, unknown>;
const RAW_ISSUE = 'raw vc.issue() eddsa-rdfc-2022';
const RAW_VERIFY = 'raw vc.verifyCredential()';
const RAW_THREADS = 'raw vc.issue() on 2 worker threads';

async function catalog(http: HttpClient) {
  const key = String((await http.post('/api/v1/issuers', example('issuer-create.json'), BENCH_ADMIN)).apiKey);
  const achievementId = (await http.post('/api/v1/achievements', example('achievement-create.json'), key)).id;
  const learnerId = (await http.post('/api/v1/learners', example('learner-create.json'), key)).id;
  const body = { achievementId, learnerId, language: 'lv' };
  return { issue: () => http.post('/api/v1/credentials', body, key) as Promise<{ credential: Doc }> };
}

export async function coresRows(o: BenchOptions): Promise<BenchTable> {
  const dir = mkdtempSync(join(tmpdir(), 'tilts-bench-cores-'));
  const store = await startStore(dir);
  const masterKey = randomBytes(32).toString('base64url');
  const services: Array<{ name: string; svc: Service; issue: () => Promise<{ credential: Doc }> }> = [];
  const table = new BenchTable();
  let threads: Awaited<ReturnType<typeof rawThreads>> | undefined;
  try {
    for (const [i, [name, env, script]] of VARIANTS.entries()) {
      const svc = await startMain(
        store,
        { ...serviceEnv(store, `cores${i}`, join(dir, `v${i}`), masterKey), ...env },
        script,
      );
      services.push({ name, svc, ...(await catalog(svc.http)) });
    }
    const sample = (await services[0]!.issue()).credential;
    const lib = await rawLibrary(sample);
    threads = await rawThreads(sample, 2);
    // rows in the table's order: the raw ones first
    table.add(RAW_ISSUE, await timed(o.n, 1, lib.issue, selfProbe));
    table.add(RAW_VERIFY, await timed(o.n, 1, lib.verify, selfProbe));
    table.add(RAW_THREADS, await timed(o.n, 2, threads.issue, selfProbe));
    for (const s of services) {
      const warm = await timed(24, 8, s.issue);
      await timed(24, 8, (i) =>
        s.svc.http.post('/credentials/verify', { verifiableCredential: warm.results[i]?.credential }),
      );
    }
    for (let r = 0; r < o.rounds; r += 1) {
      const turn = [...services.slice(r % services.length), ...services.slice(0, r % services.length)];
      // the library alone on both cores: the ceiling the service's both-cores rows are read against
      const raw = table.add(RAW_ISSUE, await timed(o.n, 1, lib.issue, selfProbe));
      table.add(RAW_THREADS, await timed(o.n, 2, threads.issue, selfProbe), {
        raw,
        against: 'raw issue',
      });
      for (const { name, svc, issue } of turn) {
        // the raw library right before each row: the pair shares the machine's load of the moment
        const rawIssue = table.add(RAW_ISSUE, await timed(o.n, 1, lib.issue, selfProbe));
        const issued = await timed(o.n, 8, issue, svc.probe);
        table.add(`${name}: issue ob3-di ×8`, issued, {
          raw: rawIssue,
          against: 'raw issue',
          target: name === 'one process' ? '≥ 1.0×' : '≥ 1.6× (both cores)',
          rss: svc.probe.rss(),
        });
        const rawVerify = table.add(RAW_VERIFY, await timed(o.n, 1, lib.verify, selfProbe));
        const verified = await timed(
          o.n,
          8,
          async (i) => {
            const report = await svc.http.post('/credentials/verify', {
              verifiableCredential: issued.results[i]?.credential,
            });
            if (report.verified !== true) throw new Error(`verify: ${JSON.stringify(report.checks)}`);
          },
          svc.probe,
        );
        table.add(`${name}: verify own ×8`, verified, {
          raw: rawVerify,
          against: 'raw verify',
          rss: svc.probe.rss(),
        });
      }
      process.stderr.write(`  … both cores: round ${r + 1} of ${o.rounds} done\n`);
    }
  } finally {
    await threads?.stop();
    await Promise.all(services.map((s) => s.svc.stop()));
    await store.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return table;
}
