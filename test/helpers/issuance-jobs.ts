import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import { freePort } from '../../src/infra/embedded-store.js';
import { createLogger } from '../../src/infra/logger.js';
import { connectStore } from '../../src/infra/mongo.js';
import { ADMIN_TOKEN, example } from './app.js';
import { runMain, waitUntilReady, type MainProcess } from './main-process.js';
import { testMongoUri } from './store.js';

/** Latvian and Lithuanian names, so every letter of both alphabets passes through a job. */
const GIVEN = [
  'Ģirts',
  'Žydrūnė',
  'Ļena',
  'Česlovas',
  'Ņina',
  'Ąžuolas',
  'Ēriks',
  'Šarūnė',
  'Īva',
  'Kęstutis',
];
const FAMILY = ['Ķēniņš', 'Čepulionytė', 'Ūdre', 'Įgaunis', 'Ščerbaka', 'Žąsinas', 'Āboliņa', 'Ėglė'];

export type ClassRow = Record<string, string> & { givenName: string; familyName: string; email: string };

/** `count` distinct learners of a class (emails unique by `tag` and position). */
export function classRows(count: number, tag: string, from = 0): ClassRow[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return {
      givenName: `${GIVEN[i % GIVEN.length]}`,
      familyName: `${FAMILY[i % FAMILY.length]}-${i}`,
      email: `${tag}.${i}@example.lv`,
      result: String((i % 7) + 4),
    };
  });
}

const quote = (cell: string) => (/[",;\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/** A CSV file of these rows (and raw lines appended as they are). */
export function csvOf(
  rows: Array<Record<string, string | undefined>>,
  options: { separator?: ',' | ';'; bom?: boolean; columns?: string[]; raw?: string[] } = {},
): Buffer {
  const sep = options.separator ?? ',';
  const columns = options.columns ?? ['givenName', 'familyName', 'email', 'result'];
  const lines = [columns.join(sep), ...rows.map((r) => columns.map((c) => quote(r[c] ?? '')).join(sep))];
  const text = [...lines, ...(options.raw ?? [])].join('\r\n') + '\r\n';
  return Buffer.concat([options.bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text)]);
}

export interface JobBody {
  id: string;
  state: string;
  counts: {
    total: number;
    issued: number;
    refused: number;
    failed: number;
    cancelled: number;
    pending: number;
  };
  progress: { processed: number; total: number; percent: number };
  finishedAt?: string;
  links: Record<string, string>;
}

/** Polls a job until it has finished (every chunk settled), failing with its last state on timeout. */
export async function waitForJob(read: () => Promise<JobBody>, timeoutMs = 240_000): Promise<JobBody> {
  const deadline = Date.now() + timeoutMs;
  let job = await read();
  while (!job.finishedAt && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    job = await read();
  }
  assert.ok(job.finishedAt, `the job finished in time: ${JSON.stringify(job)}`);
  return job;
}

/** What the store holds for an issuer after jobs ran, and what would betray a lost or doubled row. */
export async function storeFacts(db: Db, issuerId: string) {
  const all = await db
    .collection<{ _id: string; issuerId: string; learnerId?: string }>('credentials')
    .find({}, { projection: { _id: 1, issuerId: 1, learnerId: 1 } })
    .toArray();
  const credentials = all.filter((c) => c.issuerId === issuerId);
  const learners = await db
    .collection<{ _id: string; email: string }>('learners')
    .find({ issuerId })
    .toArray();
  const ids = new Set(all.map((c) => c._id));
  const entries = await db
    .collection<{ _id: string; credentialId?: string }>('status_entries')
    .find()
    .toArray();
  const claims = await db.collection<{ _id: string; state: string }>('idempotency_keys').find().toArray();
  return {
    credentials,
    learners,
    /** status entries whose credential was never stored: leaked indexes */
    orphanEntries: entries.filter((e) => !e.credentialId || !ids.has(e.credentialId)),
    /** idempotency claims not completed */
    pendingClaims: claims.filter((c) => c._id.startsWith(`${issuerId}:`) && c.state !== 'done'),
  };
}

export interface Service {
  run: MainProcess;
  port: number;
}

/** Real service processes on one store, as behind a load balancer (one public origin). */
export function services(name: string) {
  let mongoUri = '';
  const masterKey = randomBytes(32).toString('base64url');
  let publicPort = 0;
  const started: Service[] = [];
  return {
    started,
    async start(): Promise<Service> {
      mongoUri ||= await testMongoUri(name);
      const port = await freePort();
      publicPort ||= port;
      const run = runMain({
        MONGODB_URI: mongoUri,
        ADMIN_TOKEN,
        MASTER_KEY: masterKey,
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: `http://127.0.0.1:${publicPort}`,
      });
      await waitUntilReady(run, async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200);
      const service = { run, port };
      started.push(service);
      return service;
    },
    store: () => connectStore(mongoUri, createLogger('silent')),
  };
}

export async function call(
  service: Service,
  method: string,
  path: string,
  token: string,
  body?: BodyInit,
  type = 'application/json',
) {
  const res = await fetch(`http://127.0.0.1:${service.port}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': type } : {}) },
    body,
  });
  const text = await res.text();
  return {
    status: res.status,
    body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
    text,
    retryAfter: res.headers.get('retry-after'),
  };
}

/** An issuer with the documented example achievement: its API key and achievement id. */
export async function catalog(service: Service) {
  const issuer = await call(
    service,
    'POST',
    '/api/v1/issuers',
    ADMIN_TOKEN,
    JSON.stringify(example('issuer-create.json')),
  );
  assert.equal(issuer.status, 201, issuer.text);
  const key = String(issuer.body.apiKey);
  const achievement = await call(
    service,
    'POST',
    '/api/v1/achievements',
    key,
    JSON.stringify(example('achievement-create.json')),
  );
  assert.equal(achievement.status, 201, achievement.text);
  return { issuerId: String(issuer.body.id), key, achievementId: String(achievement.body.id) };
}
