/**
 * The issuance-jobs section of `npm run bench`: a 1,000-row job's rate beside raw `vc.issue()` of the
 * same credential in the same process, and the service's RSS across a 10,000-row job (start, peak,
 * end). Rows: BENCH_JOB_ROWS (default 1000) and BENCH_JOB_RSS_ROWS (default 10000; 0 skips it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as vc from '@digitalbazaar/vc';
import { PROJECT_ROOT } from '../src/config.js';
import { packagedContexts } from '../src/core/jsonld/contexts.js';
import { createDocumentLoader } from '../src/core/jsonld/document-loader.js';

export interface JobBenchContext {
  base: string;
  key: string;
  achievementId: string;
}

interface JobView {
  id: string;
  state: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  counts: { issued: number; total: number };
  progress: { processed: number };
}

const classCsv = (rows: number, tag: string): string =>
  'givenName;familyName;email;result\n' +
  Array.from({ length: rows }, (_, i) => `Žydrūnė;Ķēniņa-${i};${tag}.${i}@example.lv;${(i % 7) + 4}`).join(
    '\n',
  );

async function http(url: string, key: string, init: RequestInit = {}) {
  const send = () => fetch(url, { ...init, headers: { authorization: `Bearer ${key}`, ...init.headers } });
  // a keep-alive socket the server closed while the raw signing ran: the request never arrived
  const res = await send().catch((error: Error) =>
    (error.cause as { code?: string } | undefined)?.code === 'ECONNRESET' ? send() : Promise.reject(error),
  );
  const body = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** Uploads a class and polls the job until it finishes; `sample` runs at every poll. */
async function runJob(ctx: JobBenchContext, rows: number, tag: string, sample: () => void = () => {}) {
  const url = `${ctx.base}/api/v1/issuance-jobs?achievementId=${ctx.achievementId}&language=lv`;
  const created = (await http(url, ctx.key, {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    body: classCsv(rows, tag),
  })) as unknown as JobView;
  let job = created;
  while (!job.finishedAt) {
    await new Promise((r) => setTimeout(r, 500));
    sample();
    job = (await http(`${ctx.base}/api/v1/issuance-jobs/${created.id}`, ctx.key)) as unknown as JobView;
  }
  const seconds = (Date.parse(job.finishedAt) - Date.parse(job.createdAt)) / 1000;
  return { job, seconds, rate: job.counts.issued / seconds };
}

/** Raw `vc.issue()` of a credential the job issued (its proof removed), `count` times, one after another. */
async function rawIssueRate(credential: Record<string, unknown>, count: number): Promise<number> {
  const { proof: _proof, ...unsigned } = credential;
  const issuer = (unsigned.issuer as { id: string }).id;
  const key = await Ed25519Multikey.generate({ controller: issuer });
  const contexts = packagedContexts();
  const dir = join(PROJECT_ROOT, 'contexts');
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as Record<string, string>;
  for (const [url, file] of Object.entries(index))
    contexts.set(url, JSON.parse(readFileSync(join(dir, file), 'utf8')));
  const documentLoader = createDocumentLoader({ contexts });
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    const suite = new DataIntegrityProof({ signer: key.signer(), cryptosuite });
    await vc.issue({ credential: structuredClone(unsigned), suite, documentLoader });
  }
  return (count / (performance.now() - started)) * 1000;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function benchJobs(ctx: JobBenchContext): Promise<void> {
  const rows = Number(process.env.BENCH_JOB_ROWS ?? 1000);
  const rssRows = Number(process.env.BENCH_JOB_RSS_ROWS ?? 10_000);
  console.log(`\nIssuance jobs (one process, its in-process worker; embedded FerretDB)`);
  const run = await runJob(ctx, rows, 'bench-rate');
  const first = (await http(
    `${ctx.base}/api/v1/issuance-jobs/${run.job.id}/results?pageSize=1`,
    ctx.key,
  )) as { items: Array<{ credentialId: string }> };
  const credentialId = first.items[0]?.credentialId;
  const doc = (await (await fetch(`${ctx.base}/credentials/${credentialId}.json`)).json()) as Record<
    string,
    unknown
  >;
  const raw = await rawIssueRate(doc, 50);
  console.log(
    `job of ${rows} rows             ${run.rate.toFixed(1).padStart(8)}/s  (${run.seconds.toFixed(0)} s)   raw vc.issue() ${raw.toFixed(1)}/s   ratio ${(run.rate / raw).toFixed(2)}×`,
  );
  if (!rssRows) return;
  const rss: number[] = [];
  const sample = () => {
    rss.push(process.memoryUsage().rss);
    if (rss.length % 120 === 0)
      process.stderr.write(`  … RSS ${mb(rss.at(-1) ?? 0)} after ${rss.length / 2} s\n`);
  };
  sample();
  const big = await runJob(ctx, rssRows, 'bench-rss', sample);
  sample();
  const [start = 0, end = 0] = [rss[0], rss.at(-1)];
  const peak = Math.max(...rss);
  console.log(
    `RSS across a ${rssRows}-row job   start ${mb(start)}  peak ${mb(peak)}  end ${mb(end)}  (end/start ${((end / start - 1) * 100).toFixed(1)}%, peak/start ${((peak / start - 1) * 100).toFixed(1)}%; ${big.rate.toFixed(1)}/s)`,
  );
}
