import { setTimeout as delay } from 'node:timers/promises';
import { LeaseLostError, type Lease, type WithLease } from '../../infra/leases.js';
import {
  headId,
  PAGE_ROWS,
  pageId,
  toRow,
  type ListedCredential,
  type ListRow,
  type PageInfo,
} from './credential-list.model.js';
import type { ListPages } from './list-pages.js';

interface Op {
  row: ListRow;
  /** look for the credential's row first (a status change, a repair); a fresh credential is appended */
  replace: boolean;
  resolve(): void;
  reject(error: unknown): void;
}

/** An issuer's list as its lease holder knows it: the head, and the pages it has read or written. */
interface Held {
  head: PageInfo[];
  pages: Map<number, ListRow[]>;
  /** the version each page read carried: a new one is above both it and the head's */
  versions: Map<number, number>;
}

/** One batch being applied: the list as held, and the pages it changed. */
interface Batch {
  pages: ListPages;
  issuerId: string;
  held: Held;
  changed: Set<number>;
}

/** How long a holder keeps an issuer's list lease while changes keep coming (then others get a turn). */
const HOLD_MS = 250;
/** The pause after a full hold, longer than a waiting instance's poll interval (infra/leases.ts). */
const YIELD_MS = 40;
/** How many times in a row a batch is taken to a new lease after its holder lost one to a pause. */
const LOST_RETRIES = 3;

const range = (values: number[]): [number, number] => [Math.min(...values), Math.max(...values)];

function pageInfo(n: number, rows: ListRow[]): PageInfo {
  const dates = rows.flatMap((r) => (r.d === undefined ? [] : [r.d]));
  return { n, size: rows.length, c: range(rows.map((r) => r.c)), d: dates.length ? range(dates) : null };
}

/** Page `n` as held: read once per hold, from the pages kept at the version the head names if it can. */
async function load({ pages, issuerId, held }: Batch, n: number): Promise<ListRow[]> {
  const known = held.pages.get(n);
  if (known) return known;
  // a page kept at the version the head names is the page as stored (copied: kept rows are shared)
  const named = held.head[n]?.v;
  const hit = named === undefined ? undefined : pages.kept.get(pageId(issuerId, n), named);
  const { rows, v } = hit ? { rows: [...hit], v: named } : await pages.readVersioned(pageId(issuerId, n));
  held.pages.set(n, rows);
  if (v !== undefined) held.versions.set(n, v);
  return rows;
}

/** Puts `row` in place of the credential's row where it is listed; false when it is not listed. */
async function replaceRow(batch: Batch, row: ListRow): Promise<boolean> {
  const { head } = batch.held;
  const last = head.at(-1)?.n;
  for (const p of head.filter((p) => (p.c[0] <= row.c && row.c <= p.c[1]) || p.n === last)) {
    const rows = await load(batch, p.n);
    const at = rows.findIndex((r) => r.i === row.i);
    if (at < 0) continue;
    if (JSON.stringify(rows[at]) === JSON.stringify(row)) return true; // as listed already
    rows[at] = row;
    batch.changed.add(p.n);
    return true;
  }
  return false;
}

/** Appends `row` to the last page, or to a new one when the last is full. */
async function appendRow(batch: Batch, row: ListRow): Promise<void> {
  const { head, pages } = batch.held;
  let n = head.at(-1)?.n;
  if (n === undefined || (await load(batch, n)).length >= PAGE_ROWS) {
    n = head.length;
    pages.set(n, []);
    head.push(pageInfo(n, [row]));
  }
  (await load(batch, n)).push(row);
  batch.changed.add(n);
}

/** Writes the changed pages and the head naming their new versions, in one ordered command. */
async function flush({ pages, issuerId, held, changed }: Batch, lease: Lease): Promise<void> {
  const { head } = held;
  // above the page's own version too: a writer from before versions may have left the head without one
  for (const n of changed) {
    const v = Math.max(head[n]?.v ?? 0, held.versions.get(n) ?? 0) + 1;
    held.versions.set(n, v);
    head[n] = { ...pageInfo(n, held.pages.get(n) ?? []), v };
  }
  lease.check(); // a holder paused past its lease writes nothing: its batch goes to the next holder
  await pages.writeInOrder([
    { id: headId(issuerId), data: head },
    ...[...changed].map((n) => ({ id: pageId(issuerId, n), data: held.pages.get(n), v: head[n]?.v })),
  ]);
  // kept as written, so that neither the next hold nor a list read has to read them back
  for (const n of changed)
    pages.kept.set(pageId(issuerId, n), head[n]?.v ?? 0, [...(held.pages.get(n) ?? [])]);
}

/** One batch of changes to an issuer's list, under its lease. */
async function apply(pages: ListPages, issuerId: string, ops: Op[], held: Held, lease: Lease): Promise<void> {
  const batch: Batch = { pages, issuerId, held, changed: new Set() };
  for (const op of ops)
    if (!(op.replace && (await replaceRow(batch, op.row)))) await appendRow(batch, op.row);
  if (batch.changed.size) await flush(batch, lease);
}

interface Writer {
  pages: ListPages;
  withLease: WithLease;
  queues: Map<string, Op[]>;
  draining: Set<string>;
}

/** The changes queued for an issuer, taken: the next ones queue anew. */
function take({ queues }: Writer, issuerId: string): Op[] {
  const ops = queues.get(issuerId) ?? [];
  queues.delete(issuerId);
  return ops;
}

/**
 * Batch after batch under one lease while changes keep coming (at most HOLD_MS): the holder is the
 * list's only writer, so what it wrote is what it reads next, and only the first batch reads the
 * store. Each batch but the last is answered as soon as it is written; the last one once the lease
 * is given back, so a request answered leaves no lease of its own behind.
 */
async function hold(w: Writer, issuerId: string, lease: Lease): Promise<{ last: Op[]; full: boolean }> {
  const started = performance.now();
  const held: Held = { head: await w.pages.readHead(issuerId), pages: new Map(), versions: new Map() };
  for (let ops = take(w, issuerId); ; ops = take(w, issuerId)) {
    try {
      await apply(w.pages, issuerId, ops, held, lease);
    } catch (error) {
      // nothing of this batch was written: it goes first into the next hold, under a new lease
      if (error instanceof LeaseLostError)
        w.queues.set(issuerId, [...ops, ...(w.queues.get(issuerId) ?? [])]);
      else ops.forEach((op) => op.reject(error));
      throw error; // what was written is no longer known: the next holder reads it again
    }
    const full = performance.now() - started > HOLD_MS;
    if (full || !w.queues.get(issuerId)?.length) return { last: ops, full };
    ops.forEach((op) => op.resolve());
  }
}

/** Holds the issuer's list lease, hold after hold, until its queue is empty. */
async function drain(w: Writer, issuerId: string): Promise<void> {
  w.draining.add(issuerId);
  let lost = 0;
  try {
    while (w.queues.get(issuerId)?.length) {
      const held = await w
        .withLease(`credlist:${issuerId}`, (lease) => hold(w, issuerId, lease))
        .catch((error: unknown) => {
          // a lease lost to a pause is taken anew (a few times); any other failure fails the queue,
          // as the store is failing and so would they
          if (error instanceof LeaseLostError && (lost += 1) <= LOST_RETRIES) return undefined;
          take(w, issuerId).forEach((op) => op.reject(error));
          return undefined;
        });
      if (held) lost = 0;
      held?.last.forEach((op) => op.resolve());
      // another instance waiting for the lease polls at most every 30 ms: give it its turn
      if (held?.full && w.queues.get(issuerId)?.length) await delay(YIELD_MS);
    }
  } finally {
    w.draining.delete(issuerId);
  }
}

/**
 * The writer of issuers' lists: every change runs under the issuer's list lease (FerretDB applies no
 * filtered update atomically, so a page rewrite needs a single writer); changes arriving while one
 * runs are applied together in the next one, so a burst of issuances costs one lease per batch, not
 * one per credential. A batch is one ordered command, the head before the pages: a store that dies in
 * between leaves the head naming rows its pages lack (those credentials' status allocations are still
 * pending, and the reclaimer relists them), never pages the head does not name.
 */
export function createListWriter(pages: ListPages, withLease: WithLease) {
  const w: Writer = { pages, withLease, queues: new Map(), draining: new Set() };
  return (doc: ListedCredential, replace: boolean): Promise<void> =>
    new Promise((resolve, reject) => {
      const ops = w.queues.get(doc.issuerId) ?? [];
      ops.push({ row: toRow(doc), replace, resolve, reject });
      w.queues.set(doc.issuerId, ops);
      if (!w.draining.has(doc.issuerId)) void drain(w, doc.issuerId);
    });
}
