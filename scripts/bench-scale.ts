/**
 * npm run bench:scale (also the last part of `npm run bench`): reads by id, list pages, issue and
 * revoke on the seeded store of 100,000 credentials across 20 issuers (scripts/seed-scale.ts; seeded
 * first when data/scale has none) and on an empty store, side by side in one run. Each row is run
 * BENCH_ROUNDS times (default 3) and the round with the median p50 is printed: the machine is shared
 * and noisy, so single rounds wander. Targets from issue 11 item 2. No assertions.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { countStoreCommands, measureStoreCpu, pct, row, timed, type Timed } from './bench-lib.js';
import { example, openApp, post, SCALE_DIR, seedScale, type ScaleApp } from './seed-scale.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const READS = Number(process.env.BENCH_SCALE_READS ?? 100);
const LISTS = Number(process.env.BENCH_SCALE_LISTS ?? 20);
const ISSUES = Number(process.env.BENCH_SCALE_ISSUES ?? 24);
const DAY = 86_400_000;

interface Target {
  key: string;
  learnerId: string;
  achievementId: string;
  /** credentials to read, each with its issuer's key */
  ids: Array<{ id: string; key: string }>;
  /** credentials stored (a count would read every document on FerretDB) */
  stored: number;
  /** awarded dates span: a 60-day window inside it */
  window: [Date, Date];
}

/** Runs `work` ROUNDS times and prints the round whose p50 is the median. */
async function median(
  name: string,
  work: () => Promise<Timed<unknown>>,
  target: string | (() => string) = '',
): Promise<void> {
  const rounds: Array<Timed<unknown>> = [];
  for (let r = 0; r < ROUNDS; r += 1) rounds.push(await work());
  rounds.sort((a, b) => pct(a.ms, 0.5) - pct(b.ms, 0.5));
  row(
    name,
    rounds[Math.floor(rounds.length / 2)] as Timed<unknown>,
    typeof target === 'string' ? target : target(),
  );
}

const check = async (res: Response, status: number, what: string) => {
  const body = await res.text();
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${body.slice(0, 200)}`);
  return body;
};

async function reads(app: ScaleApp, t: Target, label: string) {
  const get = (path: string, key?: string) =>
    fetch(app.base + path, key ? { headers: { authorization: `Bearer ${key}` } } : {});
  const any = (i: number) =>
    t.ids[(i * 7919 + Math.floor(Math.random() * 1e6)) % t.ids.length] ?? { id: '', key: '' };
  const pick = (i: number) => any(i).id;
  const raw = app.deps.store.connection.collection<{ _id: string }>('credentials');
  await median(
    `${label} raw findOne({_id})`,
    () => timed(READS, 1, (i) => raw.findOne({ _id: pick(i) })),
    'floor',
  );
  await median(
    `${label} GET /api/v1/credentials/{id}`,
    () =>
      timed(READS, 1, async (i) => {
        const { id, key } = any(i);
        return check(await get(`/api/v1/credentials/${id}`, key), 200, 'GET');
      }),
    '≤ 10 ms',
  );
  await median(
    `${label} GET /credentials/{id}.json`,
    () => timed(READS, 1, async (i) => check(await get(`/credentials/${pick(i)}.json`), 200, 'json')),
    '≤ 10 ms',
  );
  await median(
    `${label} GET /credentials/{missing}.json`,
    () =>
      timed(READS, 1, async () => check(await get(`/credentials/${crypto.randomUUID()}.json`), 404, 'miss')),
    '≤ 10 ms',
  );
  const [from, to] = t.window.map((d) => d.toISOString());
  const queries: Array<[string, string]> = [
    ['first page', ''],
    ['last page', 'page=last'],
    ['by learner', `learnerId=${t.learnerId}`],
    ['by achievement', `achievementId=${t.achievementId}`],
    ['status=revoked', 'status=revoked'],
    ['60-day date range', `from=${from}&to=${to}`],
  ];
  const total = JSON.parse(await check(await get('/api/v1/credentials?pageSize=1', t.key), 200, 'list'))
    .total as number;
  for (const [what, q] of queries) {
    const query = q === 'page=last' ? `page=${Math.max(1, Math.ceil(total / 100))}` : q;
    let matched = 0;
    await median(
      `${label} list 100, ${what}`,
      () =>
        timed(LISTS, 1, async () => {
          matched = JSON.parse(
            await check(await get(`/api/v1/credentials?pageSize=100&${query}`, t.key), 200, what),
          ).total as number;
        }),
      () => `≤ 100 ms (${matched} match)`,
    );
  }
}

async function writes(app: ScaleApp, t: Target, label: string) {
  const issue = () =>
    post(
      app.base,
      '/api/v1/credentials',
      { achievementId: t.achievementId, learnerId: t.learnerId, language: 'lv' },
      t.key,
    );
  const issued: string[] = [];
  await median(`${label} issue ob3-di, 1 client`, async () => {
    const r = await timed(ISSUES, 1, issue);
    issued.push(...r.results.map((c) => String(c.id)));
    return r;
  });
  await median(`${label} issue ob3-di, 8 in flight`, async () => {
    const r = await timed(ISSUES * 2, 8, issue);
    issued.push(...r.results.map((c) => String(c.id)));
    return r;
  });
  let next = 0;
  await median(`${label} revoke, 1 client`, () =>
    timed(ISSUES, 1, () =>
      post(app.base, `/api/v1/credentials/${issued[next++]}/revoke`, { reason: 'bench' }, t.key),
    ),
  );
  t.ids.push(...issued.map((id) => ({ id, key: t.key })));
}

/** The 100,000 store: ids to read gathered from list pages of every issuer. */
async function seededTarget(app: ScaleApp): Promise<Target> {
  const manifest = await seedScale();
  const ids: Target['ids'] = [];
  for (const issuer of manifest.issuers) {
    const page = 1 + Math.floor(Math.random() * 40);
    const res = await fetch(`${app.base}/api/v1/credentials?pageSize=100&page=${page}`, {
      headers: { authorization: `Bearer ${issuer.apiKey}` },
    });
    const items = JSON.parse(await check(res, 200, 'ids')).items as Array<{ id: string }>;
    ids.push(...items.map((c) => ({ id: c.id, key: issuer.apiKey })));
  }
  const issuer = manifest.issuers[7] ?? manifest.issuers[0];
  if (!issuer) throw new Error('no issuers in the seeded store');
  const middle = Date.now() - 500 * DAY;
  return {
    key: issuer.apiKey,
    learnerId: issuer.learners[3] ?? '',
    achievementId: issuer.achievements[2] ?? '',
    ids,
    stored: manifest.credentials,
    window: [new Date(middle), new Date(middle + 60 * DAY)],
  };
}

async function emptyTarget(app: ScaleApp): Promise<Target> {
  const issuer = await post(app.base, '/api/v1/issuers', example('issuer-create.json'), app.admin);
  const key = String(issuer.apiKey);
  const achievementId = String(
    (await post(app.base, '/api/v1/achievements', example('achievement-create.json'), key)).id,
  );
  const learnerId = String(
    (await post(app.base, '/api/v1/learners', example('learner-create.json'), key)).id,
  );
  const real = await post(app.base, '/api/v1/credentials', { achievementId, learnerId, language: 'lv' }, key);
  return {
    key,
    learnerId,
    achievementId,
    ids: [{ id: String(real.id), key }],
    stored: 1,
    window: [new Date(Date.now() - DAY), new Date()],
  };
}

async function measure(app: ScaleApp, label: string, target: (app: ScaleApp) => Promise<Target>) {
  let commands = 0;
  app.deps.store.connection.getClient().on('commandStarted', () => (commands += 1));
  countStoreCommands(() => commands);
  measureStoreCpu(app.store.pid());
  const t = await target(app);
  console.log(`-- ${label}: ${t.stored} credentials in the store`);
  await writes(app, t, label);
  await reads(app, t, label);
  console.log(`-- ${label}: RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB (bench + service)`);
}

async function main() {
  const manifest = await seedScale();
  console.log(
    `Tilts scale bench: ${new Date().toISOString()}, median of ${ROUNDS} rounds per row, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' ',
      )} on ${cpus().length} shared cores; seeded store: ${manifest.credentials} credentials, ${manifest.issuers.length} issuers, seeded in ${(manifest.seconds.setup + manifest.seconds.clones).toFixed(0)} s`,
  );
  const seeded = await openApp(SCALE_DIR, manifest.masterKey);
  try {
    await measure(seeded, '100k', seededTarget);
  } finally {
    await seeded.close();
  }
  const dir = mkdtempSync(join(tmpdir(), 'tilts-bench-empty-'));
  const empty = await openApp(dir, randomBytes(32).toString('base64url'));
  try {
    await measure(empty, 'empty', emptyTarget);
  } finally {
    await empty.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
