/**
 * The rows of `npm run bench` for one store: BENCH_ROUNDS rounds, each measuring raw `vc.issue()` /
 * `vc.verifyCredential()` of the same credential and then every Tilts row against the running
 * service; then one issuance job. Issue rows are compared with raw issue, verify rows with raw verify,
 * the job with raw issue per core (one service process here).
 */
import mongoose from 'mongoose';
import { selfProbe, timed, type Timed } from './bench-lib.js';
import { runJob } from './bench-jobs.js';
import { rawLibrary } from './bench-raw.js';
import type { Service } from './bench-service.js';
import { BenchTable } from './bench-table.js';

export interface BenchOptions {
  /** requests per row per round */
  n: number;
  /** requests per list row per round (lists are slower) */
  listN: number;
  rounds: number;
  jobRows: number;
}

/** What the rows work on: an issuer, its catalog, credentials to read. */
export interface Target {
  key: string;
  achievementId: string;
  /** the learner issued to (has a DID: VC-JWT needs one) */
  learnerId: string;
  /** the learner the by-learner list filters on */
  listLearnerId: string;
  /** credentials to read, each with its issuer's key */
  ids: Array<{ id: string; key: string }>;
  /** an awarded-date window for the date-range list */
  window: [Date, Date];
}

type Doc = Record<string, unknown>;

/** What a row reports of the service once it is done: RSS, and its store commands by kind. */
const after = (svc: Service) => ({ rss: svc.probe.rss(), tripsBy: svc.probe.tripsBy?.() });

const RAW_ISSUE = 'raw vc.issue() eddsa-rdfc-2022';
const RAW_VERIFY = 'raw vc.verifyCredential()';

/**
 * The raw library, measured right before each row compared with it: the ratio of a pair is taken
 * within seconds, so load from elsewhere falls on both sides alike.
 */
interface Paired {
  issue(): Promise<Timed<unknown>>;
  verify(): Promise<Timed<unknown>>;
}

async function issuingRows(svc: Service, t: Target, table: BenchTable, raw: Paired, n: number) {
  const issue = (format: string) => () =>
    svc.http.post(
      '/api/v1/credentials',
      { achievementId: t.achievementId, learnerId: t.learnerId, language: 'lv', format },
      t.key,
    );
  const measured: Record<string, Timed<Doc>> = {};
  for (const [name, format, clients, target] of [
    ['HTTP issue ob3-di, 1 in flight', 'ob3-di', 1, ''],
    ['HTTP issue ob3-di, 8 in flight', 'ob3-di', 8, '≥ 1.0×'],
    ['HTTP issue ob3-jwt, 1 in flight', 'ob3-jwt', 1, ''],
    ['HTTP issue ob3-jwt, 8 in flight', 'ob3-jwt', 8, ''],
  ] as const) {
    const against = await raw.issue();
    measured[name] = await timed(n, clients, issue(format), svc.probe);
    table.add(name, measured[name], { raw: against, against: 'raw issue', target, ...after(svc) });
  }
  const di1 = measured['HTTP issue ob3-di, 1 in flight']?.results ?? [];
  const di8 = measured['HTTP issue ob3-di, 8 in flight']?.results ?? [];
  for (const [clients, target] of [
    [1, ''],
    [8, '≥ 1.0×'],
  ] as const) {
    const against = await raw.verify();
    const verified = await timed(
      n,
      clients,
      async (i) => {
        const report = await svc.http.post('/credentials/verify', {
          verifiableCredential: di8[i]?.credential,
        });
        if (report.verified !== true) throw new Error(`verify: ${JSON.stringify(report.checks)}`);
      },
      svc.probe,
    );
    table.add(`HTTP verify own ob3-di, ${clients} in flight`, verified, {
      raw: against,
      against: 'raw verify',
      target,
      ...after(svc),
    });
  }
  for (const [clients, issued] of [
    [1, di1],
    [8, di8],
  ] as const) {
    const revoked = await timed(
      n,
      clients,
      (i) => svc.http.post(`/api/v1/credentials/${String(issued[i]?.id)}/revoke`, { reason: 'bench' }, t.key),
      svc.probe,
    );
    table.add(`revoke, ${clients} in flight`, revoked, { ...after(svc) });
  }
  t.ids.push(...di1.map((c) => ({ id: String(c.id), key: t.key })));
  const list = (di1[0]?.credential as Doc | undefined)?.credentialStatus as Doc | undefined;
  return String(list?.statusListCredential ?? '');
}

async function readingRows(
  svc: Service,
  t: Target,
  table: BenchTable,
  n: number,
  floor: (id: string) => Promise<unknown>,
  statusList: string,
) {
  const any = (i: number) =>
    t.ids[(i * 7919 + Math.floor(Math.random() * 1e6)) % t.ids.length] ?? { id: '', key: '' };
  const read = (name: string, target: string, work: (i: number) => Promise<unknown>, probe = svc.probe) =>
    timed(n, 1, work, probe).then((r) =>
      table.add(name, r, { target, ...(probe === svc.probe ? after(svc) : { rss: svc.probe.rss() }) }),
    );
  await read('raw driver findOne({_id}) (floor)', '', (i) => floor(any(i).id), selfProbe);
  await read('GET /credentials/{id}.json', 'p50 ≤ 10 ms', (i) =>
    svc.http.get(`/credentials/${any(i).id}.json`),
  );
  await read('GET /api/v1/credentials/{id}', 'p50 ≤ 10 ms', (i) => {
    const { id, key } = any(i);
    return svc.http.get(`/api/v1/credentials/${id}`, key);
  });
  await read('GET /credentials/{missing}.json', 'p50 ≤ 10 ms', () =>
    svc.http.get(`/credentials/${crypto.randomUUID()}.json`, undefined, [404]),
  );
  await read('GET status list', '', () => svc.http.get(new URL(statusList).pathname));
}

async function listRows(svc: Service, t: Target, table: BenchTable, n: number, firstRound: boolean) {
  const [from, to] = t.window.map((d) => d.toISOString());
  for (const [what, q] of [
    ['first page', ''],
    ['by learner', `learnerId=${t.listLearnerId}`],
    ['by achievement', `achievementId=${t.achievementId}`],
    ['status=revoked', 'status=revoked'],
    ['60-day awarded range', `from=${from}&to=${to}`],
  ] as const) {
    let total = 0;
    const r = await timed(
      n,
      1,
      async () => {
        total = (
          JSON.parse((await svc.http.get(`/api/v1/credentials?pageSize=100&${q}`, t.key)).text) as {
            total: number;
          }
        ).total;
      },
      svc.probe,
    );
    table.add(`list 100, ${what}`, r, { target: `p50 ≤ 100 ms (${total} match)`, ...after(svc) });
  }
  // the lists above are read again and again (the service keeps parsed pages); here each issuer's
  // list is read once, so every page comes from the store: in the first round only (later rounds
  // would find the pages kept)
  const others = [...new Set(t.ids.map((c) => c.key))].filter((key) => key && key !== t.key);
  if (others.length < 3 || !firstRound) return;
  const cold = await timed(
    others.length,
    1,
    (i) => svc.http.get(`/api/v1/credentials?pageSize=100&status=revoked`, others[i]),
    svc.probe,
  );
  table.add(`list 100, revoked, 1st read ×${others.length}`, cold, {
    target: 'p50 ≤ 100 ms',
    ...after(svc),
  });
}

/** One job of `rows`, against raw issue measured right before and right after it. */
async function jobRow(svc: Service, t: Target, table: BenchTable, raw: Paired, rows: number) {
  const rawBefore = await raw.issue();
  const target = { http: svc.http, key: t.key, achievementId: t.achievementId, probe: svc.probe };
  const job = await runJob(target, rows, 'bench-job');
  const rawAfter = await raw.issue();
  const both: Timed<unknown> = {
    results: [],
    ms: [...rawBefore.ms, ...rawAfter.ms],
    wall: rawBefore.wall + rawAfter.wall,
    cpu: { node: (rawBefore.cpu?.node ?? 0) + (rawAfter.cpu?.node ?? 0), store: 0 },
  };
  table.add(`${rows}-row issuance job (1 process)`, job.timed, {
    rate: job.rate,
    raw: both,
    against: 'raw issue, per core',
    target: '≥ 1.5×',
    ...after(svc),
  });
  await duringJob(svc, t, table, rows);
}

/**
 * What a member of staff sees while a class's job runs: a second job of `rows`, and beside it one
 * client that issues a credential, then reads one, then pauses 100 ms, until the job is done.
 */
async function duringJob(svc: Service, t: Target, table: BenchTable, rows: number) {
  const issue: number[] = [];
  const get: number[] = [];
  const read = t.ids.find((c) => c.key === t.key)?.id ?? '';
  const target = { http: svc.http, key: t.key, achievementId: t.achievementId, probe: svc.probe };
  let done = false;
  const staff = (async () => {
    while (!done) {
      let t0 = performance.now();
      await svc.http.post(
        '/api/v1/credentials',
        { achievementId: t.achievementId, learnerId: t.learnerId, language: 'lv' },
        t.key,
      );
      issue.push(performance.now() - t0);
      t0 = performance.now();
      await svc.http.get(`/api/v1/credentials/${read}`, t.key);
      get.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const started = performance.now();
  await runJob(target, rows, 'bench-job-beside').finally(() => (done = true));
  await staff;
  const wall = performance.now() - started;
  table.add('issue ob3-di, 1 in flight, during a job', { results: [], ms: issue, wall });
  table.add('GET /api/v1/credentials/{id}, during a job', { results: [], ms: get, wall });
}

/** Every row of one store into a table: BENCH_ROUNDS rounds, then the job. */
export async function storeRows(
  svc: Service,
  t: Target,
  storeUri: string,
  o: BenchOptions,
): Promise<BenchTable> {
  const table = new BenchTable();
  const sample = (await svc.http.post(
    '/api/v1/credentials',
    { achievementId: t.achievementId, learnerId: t.learnerId, language: 'lv' },
    t.key,
  )) as { id: string; credential: Doc };
  t.ids.push({ id: sample.id, key: t.key });
  const lib = await rawLibrary(sample.credential);
  const client = await mongoose.mongo.MongoClient.connect(storeUri);
  const credentials = client.db().collection<{ _id: string }>('credentials');
  try {
    // warm-up: JIT, caches, connection pools
    await timed(16, 8, () =>
      svc.http.post(
        '/api/v1/credentials',
        { achievementId: t.achievementId, learnerId: t.learnerId, language: 'lv' },
        t.key,
      ),
    );
    await timed(8, 8, () =>
      svc.http.post('/credentials/verify', { verifiableCredential: sample.credential }),
    );
    const raw: Paired = {
      issue: async () =>
        table.add(RAW_ISSUE, await timed(o.n, 1, lib.issue, selfProbe), { rss: process.memoryUsage().rss }),
      verify: async () =>
        table.add(RAW_VERIFY, await timed(o.n, 1, lib.verify, selfProbe), { rss: process.memoryUsage().rss }),
    };
    for (let r = 0; r < o.rounds; r += 1) {
      const statusList = await issuingRows(svc, t, table, raw, o.n);
      await readingRows(svc, t, table, o.n, (id) => credentials.findOne({ _id: id }), statusList);
      await listRows(svc, t, table, o.listN, r === 0);
      process.stderr.write(`  … round ${r + 1} of ${o.rounds} done\n`);
    }
    if (o.jobRows > 0) await jobRow(svc, t, table, raw, o.jobRows);
  } finally {
    await client.close();
  }
  return table;
}
