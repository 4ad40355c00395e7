import assert from 'node:assert/strict';
import type { Db } from 'mongodb';

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
  const credentials = await db
    .collection<{
      _id: string;
      issuerId: string;
      learnerId?: string;
      statusRefs: Array<{ listId: string; index: number }>;
    }>('credentials')
    .find({ issuerId })
    .toArray();
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
