/**
 * The store part of `npm run bench`: reads by id and revocations on a store of BENCH_STORE_SIZE
 * credentials (default 1,000), each printed next to its target (issue 7 item 3, issue 11 item 2), with
 * the raw driver's `findOne({_id})` on the same collection as the floor.
 */
import type { Connection } from 'mongoose';
import { decodeList, getBit } from '../src/core/status/index.js';
import { timed, row } from './bench-lib.js';

const STORE_SIZE = Number(process.env.BENCH_STORE_SIZE ?? 1000);
const REVOCATIONS = Number(process.env.BENCH_REVOCATIONS ?? 200);
const READS = Number(process.env.BENCH_READS ?? 200);
const LIST_READS = Number(process.env.BENCH_LIST_READS ?? 20);

export interface StoreBenchContext {
  base: string;
  key: string;
  connection: Connection;
  /** issues one ob3-di credential; answers the issue response body */
  issue: () => Promise<Record<string, unknown>>;
  /** issue answers gathered so far */
  issued: Array<Record<string, unknown>>;
}

interface Issued {
  id: string;
  listUrl: string;
  index: number;
}

const statusOf = (answer: Record<string, unknown>): Issued => {
  const credential = answer.credential as { credentialStatus: Record<string, string> };
  return {
    id: String(answer.id),
    listUrl: credential.credentialStatus.statusListCredential ?? '',
    index: Number(credential.credentialStatus.statusListIndex),
  };
};

async function expectStatus(res: Response, status: number, what: string): Promise<void> {
  const body = await res.text();
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${body.slice(0, 300)}`);
}

/** The credentials that share the fullest status list: revocations all contend on one list. */
function onOneList(issued: Issued[], count: number): Issued[] {
  const byList = new Map<string, Issued[]>();
  for (const c of issued) byList.set(c.listUrl, [...(byList.get(c.listUrl) ?? []), c]);
  const fullest = [...byList.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  return fullest.slice(0, count);
}

async function fill(ctx: StoreBenchContext): Promise<void> {
  const credentials = ctx.connection.collection('credentials');
  const missing = STORE_SIZE - (await credentials.estimatedDocumentCount());
  if (missing <= 0) return;
  const filled = await timed(missing, 8, () => ctx.issue());
  ctx.issued.push(...filled.results);
  row(`issue ob3-di (filling to ${STORE_SIZE})`, filled);
}

async function reads(ctx: StoreBenchContext, ids: string[]): Promise<void> {
  const get = (path: string, auth = false) =>
    fetch(ctx.base + path, auth ? { headers: { authorization: `Bearer ${ctx.key}` } } : {});
  const pick = (i: number) => ids[(i * 7919) % ids.length] ?? '';
  const credentials = ctx.connection.collection<{ _id: string }>('credentials');
  row(
    'raw driver findOne({_id})',
    await timed(READS, 1, (i) => credentials.findOne({ _id: pick(i) })),
    'the floor',
  );
  const admin = await timed(READS, 1, async (i) =>
    expectStatus(await get(`/api/v1/credentials/${pick(i)}`, true), 200, 'GET by id'),
  );
  row('GET /api/v1/credentials/{id}', admin, 'p50 ≤ 10 ms');
  const open = await timed(READS, 1, async (i) =>
    expectStatus(await get(`/credentials/${pick(i)}.json`), 200, 'GET .json'),
  );
  row('GET /credentials/{id}.json', open, 'p50 ≤ 10 ms');
  const miss = await timed(READS, 1, async () =>
    expectStatus(await get(`/credentials/${crypto.randomUUID()}.json`), 404, 'GET missing'),
  );
  row('GET /credentials/{missing}.json', miss, 'p50 ≤ 10 ms');
  const page = await timed(LIST_READS, 1, async () =>
    expectStatus(await get('/api/v1/credentials?pageSize=100', true), 200, 'list'),
  );
  row('GET /api/v1/credentials?pageSize=100', page, 'p50 ≤ 100 ms');
}

async function revokeOne(ctx: StoreBenchContext, id: string): Promise<number> {
  const res = await fetch(`${ctx.base}/api/v1/credentials/${id}/revoke`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ctx.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ reason: 'bench' }),
  });
  await res.arrayBuffer();
  return res.status;
}

async function revocations(ctx: StoreBenchContext, targets: Issued[], alone: Issued[]): Promise<void> {
  const revoke = (i: number) => revokeOne(ctx, targets[i]?.id ?? '');
  const one = await timed(alone.length, 1, (i) => revokeOne(ctx, alone[i]?.id ?? ''));
  row('revoke, 1 client', one, 'latency without queueing');
  const result = await timed(targets.length, 8, revoke);
  row(`revoke, 8 clients, one list`, result, 'p50 ≤ 50 ms, all within 10 s');
  const failed = result.results.filter((status) => status !== 200);
  // the figures count only if every revocation answered 200 and reached the published list
  const list = (await (await fetch(ctx.base + new URL(targets[0]?.listUrl ?? '').pathname)).json()) as {
    credentialSubject: { encodedList: string };
  };
  const bits = decodeList(list.credentialSubject.encodedList);
  const set = targets.filter((t) => getBit(bits, t.index)).length;
  if (failed.length || set !== targets.length)
    console.log(
      `   !! ${failed.length} revocations failed (${failed.join(', ')}); ${set} bits set in the list`,
    );
}

export async function storeBench(ctx: StoreBenchContext): Promise<void> {
  await fill(ctx);
  const count = await ctx.connection.collection('credentials').estimatedDocumentCount();
  console.log(`-- store of ${count} credentials`);
  const issued = ctx.issued.filter((a) => a.format === 'ob3-di').map(statusOf);
  await reads(
    ctx,
    issued.map((c) => c.id),
  );
  const onList = onOneList(issued, REVOCATIONS + 20);
  if (onList.length < REVOCATIONS + 20) throw new Error(`only ${onList.length} credentials share a list`);
  await revocations(ctx, onList.slice(20), onList.slice(0, 20));
}
