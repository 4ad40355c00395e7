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
 * The service's RSS across a job of `rows` naming new learners by e-mail (each row registers one, found
 * again through the e-mail index): sampled every 2 s with the rows processed so far. Flat
 * means: once the first tenth of the rows is done (caches and JIT warm), every sample lies within
 * ±10% of those samples' median.
 */
export async function rssCurve(t: JobTarget, rows: number): Promise<void> {
  const samples: Array<{ s: number; processed: number; rss: number }> = [];
  const mb = (b: number) => (b / 2 ** 20).toFixed(0);
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
  );
  console.log(
    `\nRSS of the service across a ${rows}-row job (rows name new learners by e-mail; ${run.rate.toFixed(1)} rows/s, ${run.seconds.toFixed(0)} s); before the job ${mb(before)} MiB`,
  );
  // per tenth of the rows: the median RSS of its samples, and their range (V8 grows and trims its heap)
  const mid = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const tenths = Array.from({ length: 10 }, (_, k) =>
    samples.filter((s) => Math.min(9, Math.floor((s.processed / rows) * 10)) === k).map((s) => s.rss),
  );
  for (const [k, tenth] of tenths.entries())
    if (tenth.length)
      console.log(
        `  rows ${String((k * rows) / 10).padStart(6)}–${String(((k + 1) * rows) / 10).padEnd(6)} median ${mb(mid(tenth)).padStart(4)} MiB  (min ${mb(Math.min(...tenth))}, max ${mb(Math.max(...tenth))}; ${tenth.length} samples)`,
      );
  const warm = tenths.slice(1).flat();
  const median = mid(warm);
  const medians = tenths
    .slice(1)
    .filter((t) => t.length)
    .map(mid);
  const dev = (v: number) => `${v >= median ? '+' : ''}${((v / median - 1) * 100).toFixed(1)}%`;
  console.log(
    `  after the first tenth: median ${mb(median)} MiB; medians of the tenths ${mb(Math.min(...medians))}–${mb(Math.max(...medians))} MiB (${dev(Math.min(...medians))} / ${dev(Math.max(...medians))}); every sample ${mb(Math.min(...warm))}–${mb(Math.max(...warm))} MiB (${dev(Math.min(...warm))} / ${dev(Math.max(...warm))}) — target flat ±10%`,
  );
}
