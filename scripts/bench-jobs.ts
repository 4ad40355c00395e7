/**
 * Issuance jobs in `npm run bench`: a class uploaded as CSV, polled until the job finishes; its rate
 * is issued rows over the job's own created → finished time. The RSS curve samples the service
 * process (all its Node processes) across a long job.
 */
import type { HttpClient, Probe, Timed } from './bench-lib.js';

interface JobView {
  id: string;
  createdAt: string;
  finishedAt?: string;
  counts: { issued: number; total: number };
  progress: { processed: number };
}

const classCsv = (rows: number, tag: string): string =>
  'givenName;familyName;email;result\n' +
  Array.from({ length: rows }, (_, i) => `Žydrūnė;Ķēniņa-${i};${tag}.${i}@example.lv;${(i % 7) + 4}`).join(
    '\n',
  );

export interface JobTarget {
  http: HttpClient;
  key: string;
  achievementId: string;
  probe: Probe;
}

export interface JobRun {
  job: JobView;
  seconds: number;
  /** issued rows per second */
  rate: number;
  /** a Timed without latencies: CPU, store commands over the whole job */
  timed: Timed<unknown>;
}

/** Uploads a class of `rows` and polls the job until it finishes; `sample` runs at every poll. */
export async function runJob(
  t: JobTarget,
  rows: number,
  tag: string,
  sample: (job: JobView) => void = () => {},
  pollMs = 500,
  csv = classCsv(rows, `${tag}-${Date.now()}`),
): Promise<JobRun> {
  const cpu0 = t.probe.cpu();
  const trips0 = await t.probe.trips();
  const started = performance.now();
  const created = (await t.http.postText(
    `/api/v1/issuance-jobs?achievementId=${t.achievementId}&language=lv`,
    csv,
    'text/csv',
    t.key,
  )) as unknown as JobView;
  let job = created;
  while (!job.finishedAt) {
    await new Promise((r) => setTimeout(r, pollMs));
    job = JSON.parse((await t.http.get(`/api/v1/issuance-jobs/${created.id}`, t.key)).text) as JobView;
    sample(job);
  }
  const cpu1 = t.probe.cpu();
  const trips1 = await t.probe.trips();
  if (job.counts.issued !== rows) throw new Error(`job ${job.id}: ${job.counts.issued} of ${rows} issued`);
  const seconds = (Date.parse(job.finishedAt) - Date.parse(job.createdAt)) / 1000;
  return {
    job,
    seconds,
    rate: job.counts.issued / seconds,
    timed: {
      results: [],
      ms: Array.from({ length: rows }, () => NaN),
      wall: performance.now() - started,
      cpu: { node: cpu1.node - cpu0.node, store: cpu1.store - cpu0.store },
      trips: trips0 === undefined || trips1 === undefined ? undefined : trips1 - trips0,
    },
  };
}

/**
 * Learners registered beforehand, so that the long job's rows name them by `learnerId`: a row naming a
 * learner by e-mail looks the learner up by `{issuerId, email}`, which FerretDB answers by reading every
 * learner document — a 10,000-row class would then cost a scan of up to 10,000 learners per row.
 */
async function registerLearners(t: JobTarget, count: number): Promise<string[]> {
  const ids: string[] = [];
  const tag = Date.now();
  let next = 0;
  const one = async () => {
    for (let i = next++; i < count; i = next++) {
      const body = { givenName: 'Žydrūnė', familyName: `Ķēniņa-${i}`, email: `rss-${tag}.${i}@example.lv` };
      ids[i] = String((await t.http.post('/api/v1/learners', body, t.key)).id);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: 8 }, one));
  process.stderr.write(
    `  … ${count} learners registered in ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
  );
  return ids;
}

/**
 * The service's RSS across a job of `rows`: sampled every 2 s with the rows processed so far. Flat
 * means: once the first tenth of the rows is done (caches and JIT warm), every sample lies within
 * ±10% of those samples' median.
 */
export async function rssCurve(t: JobTarget, rows: number): Promise<void> {
  const samples: Array<{ s: number; processed: number; rss: number }> = [];
  const mb = (b: number) => (b / 2 ** 20).toFixed(0);
  const learners = await registerLearners(t, rows);
  const t0 = performance.now();
  const before = t.probe.rss();
  const run = await runJob(
    t,
    rows,
    'bench-rss',
    (job) => {
      samples.push({
        s: (performance.now() - t0) / 1000,
        processed: job.progress.processed,
        rss: t.probe.rss(),
      });
      if (samples.length % 30 === 0)
        process.stderr.write(`  … ${job.progress.processed} of ${rows} rows, RSS ${mb(t.probe.rss())} MiB\n`);
    },
    2000,
    `learnerId;result\n${learners.map((id, i) => `${id};${(i % 7) + 4}`).join('\n')}`,
  );
  console.log(
    `\nRSS of the service across a ${rows}-row job (rows name registered learners by learnerId; ${run.rate.toFixed(1)} rows/s, ${run.seconds.toFixed(0)} s); before the job ${mb(before)} MiB`,
  );
  // one line per tenth of the rows
  let next = 0;
  for (const s of samples)
    if (s.processed >= next) {
      console.log(
        `  ${String(s.processed).padStart(6)} rows  ${s.s.toFixed(0).padStart(5)} s  RSS ${mb(s.rss).padStart(5)} MiB`,
      );
      next = s.processed + rows / 10;
    }
  const warm = samples.filter((s) => s.processed >= rows / 10).map((s) => s.rss);
  const sorted = [...warm].sort((a, b) => a - b);
  const mid = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const [low = 0, high = 0] = [sorted[0], sorted.at(-1)];
  const dev = (v: number) => `${v >= mid ? '+' : ''}${((v / mid - 1) * 100).toFixed(1)}%`;
  console.log(
    `  after the first ${rows / 10} rows: median ${mb(mid)} MiB, min ${mb(low)} (${dev(low)}), max ${mb(high)} (${dev(high)}); first sample ${mb(samples[0]?.rss ?? 0)}, last ${mb(samples.at(-1)?.rss ?? 0)} MiB — target flat ±10%`,
  );
}
