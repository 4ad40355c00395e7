/**
 * npm run issue -- --achievement <id> --csv class.csv — issues one achievement to a whole class
 * through the service's issuance jobs: uploads the CSV, shows progress, writes the results file.
 * Exit codes: 0 every row issued · 1 finished, some rows not issued (see the results file) · 2 usage
 * · 3 the service refused the upload · 4 the job was cancelled or failed · 5 the service could not
 * be reached or failed.
 */
import { createReadStream, createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { parse } from 'csv-parse/sync';

const USAGE = `Usage: npm run issue -- --achievement <id> --csv <file.csv> [options]

  --achievement <id>     the achievement (micro-credential) to issue
  --csv <file>           the class: UTF-8 CSV, "," or ";" separated, with a header line naming the
                         columns givenName, familyName, email (or learnerId), and optionally did,
                         preferredLanguage, result, awardedDate, validUntil, language, idempotencyKey
  --language <lv|en|lt>  the language edition (default lv)
  --format <ob3-di|ob3-jwt>
  --awarded-date <date>  YYYY-MM-DD or a date-time, for rows without their own
  --valid-until <date>   YYYY-MM-DD or a date-time, for rows without their own
  --out <file>           the results file (default: <csv>.results.csv beside the CSV)
  --url <url>            the service (default $TILTS_URL, else http://localhost:3000)
  --key <api key>        the issuer API key (default $TILTS_API_KEY)

Exit codes: 0 every row issued; 1 some rows not issued (see the results file); 2 usage;
3 the service refused the upload; 4 the job was cancelled or failed; 5 the service could not be
reached or failed.`;

const EXIT = { ok: 0, rowsNotIssued: 1, usage: 2, refused: 3, jobStopped: 4, service: 5 } as const;

class Exit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

interface Job {
  id: string;
  state: string;
  finishedAt?: string;
  counts: {
    total: number;
    issued: number;
    refused: number;
    failed: number;
    cancelled: number;
    pending: number;
  };
  progress: { processed: number; total: number; percent: number };
  links: { self: string; resultsCsv: string; cancel: string };
}

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        achievement: { type: 'string' },
        csv: { type: 'string' },
        language: { type: 'string', default: 'lv' },
        format: { type: 'string' },
        'awarded-date': { type: 'string' },
        'valid-until': { type: 'string' },
        out: { type: 'string' },
        url: { type: 'string' },
        key: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new Exit(EXIT.usage, `${(error as Error).message}\n\n${USAGE}`);
  }
  if (parsed.help) throw new Exit(EXIT.ok, USAGE);
  const key = parsed.key ?? process.env.TILTS_API_KEY;
  const missing = [
    !parsed.achievement && '--achievement',
    !parsed.csv && '--csv',
    !key && '--key (or TILTS_API_KEY)',
  ];
  if (missing.some(Boolean))
    throw new Exit(EXIT.usage, `missing ${missing.filter(Boolean).join(', ')}\n\n${USAGE}`);
  const csv = String(parsed.csv);
  if (!existsSync(csv) || !statSync(csv).isFile()) throw new Exit(EXIT.usage, `cannot read the file ${csv}`);
  return {
    ...parsed,
    csv,
    key: String(key),
    url: (parsed.url ?? process.env.TILTS_URL ?? 'http://localhost:3000').replace(/\/+$/, ''),
    out: parsed.out ?? join(dirname(csv), `${basename(csv).replace(/\.csv$/i, '')}.results.csv`),
  };
}

type Options = ReturnType<typeof options>;

/** fetch, with "could not reach" and server failures turned into exit code 5. */
async function request(url: string, key: string, init: RequestInit = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { authorization: `Bearer ${key}`, ...init.headers } });
  } catch (error) {
    throw new Exit(
      EXIT.service,
      `cannot reach the service at ${new URL(url).origin}: ${(error as Error).cause ?? (error as Error).message}`,
    );
  }
  if (res.status >= 500)
    throw new Exit(EXIT.service, `the service failed (${res.status}): ${await res.text()}`);
  return res;
}

/** A problem+json answer, readable: its detail and every field error. */
async function problemText(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const p = JSON.parse(text) as {
      detail?: string;
      code?: string;
      errors?: Array<{ pointer: string; detail: string }>;
    };
    const lines = (p.errors ?? []).map((e) => `  ${e.pointer || '(request)'}: ${e.detail}`);
    return [`${p.detail} [${p.code}]`, ...lines].join('\n');
  } catch {
    return text;
  }
}

async function upload(o: Options): Promise<Job> {
  const query = new URLSearchParams({ achievementId: String(o.achievement), language: String(o.language) });
  for (const [flag, name] of [
    ['format', 'format'],
    ['awarded-date', 'awardedDate'],
    ['valid-until', 'validUntil'],
  ] as const)
    if (o[flag]) query.set(name, String(o[flag]));
  const res = await request(`${o.url}/api/v1/issuance-jobs?${query}`, o.key, {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    body: Readable.toWeb(createReadStream(o.csv)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  if (res.status !== 202)
    throw new Exit(
      EXIT.refused,
      `the service refused the upload (${res.status}):\n${await problemText(res)}`,
    );
  return (await res.json()) as Job;
}

function progressReporter(total: number) {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format:
          'issuing {bar} {percentage}% {value}/{total} | issued {issued}, refused {refused}, failed {failed}',
        stream: process.stderr,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { issued: 0, refused: 0, failed: 0 });
    return { update: (job: Job) => bar.update(job.progress.processed, job.counts), stop: () => bar.stop() };
  }
  let last = -1;
  return {
    update: (job: Job) => {
      if (job.progress.processed === last) return;
      last = job.progress.processed;
      const c = job.counts;
      process.stderr.write(
        `progress ${last}/${total} (${job.progress.percent}%): issued ${c.issued}, refused ${c.refused}, failed ${c.failed}\n`,
      );
    },
    stop: () => {},
  };
}

async function follow(o: Options, created: Job): Promise<Job> {
  const progress = progressReporter(created.counts.total);
  let job = created;
  try {
    while (!job.finishedAt) {
      progress.update(job);
      await new Promise((r) => setTimeout(r, 1000));
      const res = await request(created.links.self, o.key);
      if (res.status !== 200)
        throw new Exit(EXIT.service, `cannot read the job (${res.status}): ${await problemText(res)}`);
      job = (await res.json()) as Job;
    }
    progress.update(job);
  } finally {
    progress.stop();
  }
  return job;
}

async function saveResults(o: Options, job: Job): Promise<string[][]> {
  const res = await request(job.links.resultsCsv, o.key);
  if (res.status !== 200 || !res.body)
    throw new Exit(EXIT.service, `cannot download the results (${res.status})`);
  await pipeline(Readable.fromWeb(res.body as WebReadableStream), createWriteStream(o.out));
  return parse(readFileSync(o.out), { bom: true, from_line: 2 }) as string[][];
}

async function main(): Promise<number> {
  const o = options();
  const created = await upload(o);
  process.stderr.write(
    `job ${created.id}: ${created.counts.total} rows (${created.counts.refused} refused on reading)\n`,
  );
  process.once('SIGINT', () => {
    process.stderr.write(
      `\nstopped watching; the job goes on in the service: ${created.links.self}\n(cancel it with POST ${created.links.cancel})\n`,
    );
    process.exit(130);
  });
  const job = await follow(o, created);
  const rows = await saveResults(o, job);
  const c = job.counts;
  process.stdout.write(
    `${c.total} rows: ${c.issued} issued, ${c.refused} refused, ${c.failed} failed, ${c.cancelled} cancelled\nresults: ${o.out}\n`,
  );
  const notIssued = rows.filter((r) => r[1] !== 'issued');
  for (const r of notIssued.slice(0, 20)) process.stdout.write(`  row ${r[0]}: ${r[1]} — ${r[9] || r[8]}\n`);
  if (notIssued.length > 20)
    process.stdout.write(`  … and ${notIssued.length - 20} more in the results file\n`);
  if (job.state === 'cancelled' || job.state === 'failed') return EXIT.jobStopped;
  return notIssued.length ? EXIT.rowsNotIssued : EXIT.ok;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof Exit) {
      (error.code === EXIT.ok ? process.stdout : process.stderr).write(`${error.message}\n`);
      process.exit(error.code);
    }
    process.stderr.write(`issue: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(EXIT.service);
  },
);
