import { setTimeout as delay } from 'node:timers/promises';
import type { Connection } from 'mongoose';
import {
  CLOCK_GRACE_MS,
  createLeases,
  LeaseLostError,
  type Lease,
  type WithLease,
} from '../../infra/leases.js';
import { isDuplicateKeyError } from '../../infra/mongo.js';
import type { PageRequest } from '../shared/paging.js';
import { keptPages } from './kept-pages.js';
import { filtered, matches, mayMatch } from './list-filter.js';
import {
  credentialListModel,
  fromRow,
  headId,
  PAGE_ROWS,
  pageId,
  toRow,
  type ListedCredential,
  type ListRow,
  type PageInfo,
} from './credential-list.model.js';

export interface CredentialFilter {
  learnerId?: string;
  achievementId?: string;
  from?: Date;
  to?: Date;
  status?: string;
}

interface Op {
  row: ListRow;
  /** look for the credential's row first (a status change, a repair); a fresh credential is appended */
  replace: boolean;
  resolve(): void;
  reject(error: unknown): void;
}

/** The mark that the credentials stored before lists existed are listed. */
const BACKFILLED = 'backfilled';

/** An issuer's list as its lease holder knows it: the head, and the pages it has read or written. */
interface Held {
  head: PageInfo[];
  pages: Map<number, ListRow[]>;
  /** the version each page read carried: a new one is above both it and the head's */
  versions: Map<number, number>;
}

/** A list lease outlives a holder that stopped renewing it by this long. */
const LIST_LEASE_MS = 10_000;
/** How long a holder keeps an issuer's list lease while changes keep coming (then others get a turn). */
const HOLD_MS = 250;
/** The pause after a full hold, longer than a waiting instance's poll interval (infra/leases.ts). */
const YIELD_MS = 40;

/** How many times in a row a batch is taken to a new lease after its holder lost one to a pause. */
const LOST_RETRIES = 3;

/** Pages read at once by a filtered list. */
const READ_AHEAD = 8;

const range = (values: number[]): [number, number] => [Math.min(...values), Math.max(...values)];

function pageInfo(n: number, rows: ListRow[]): PageInfo {
  const dates = rows.flatMap((r) => (r.d === undefined ? [] : [r.d]));
  return { n, size: rows.length, c: range(rows.map((r) => r.c)), d: dates.length ? range(dates) : null };
}

/**
 * Issuer-scoped credential lists that no store scans. Every change to an issuer's list runs under
 * the issuer's list lease (FerretDB applies no filtered update atomically, so a page rewrite needs a
 * single writer); changes arriving while one runs are applied together in the next one, so a burst
 * of issuances costs one lease per batch, not one per credential. A batch is one ordered command,
 * the head before the pages: a store that dies in between leaves the head naming rows its pages lack
 * (those credentials' status allocations are still pending, and the reclaimer relists them), never
 * pages the head does not name.
 */
export function createCredentialLists(
  conn: Connection,
  clock: () => Date,
  // an issuance waits out a list lease its dead holder left (10 s + the clock grace) rather than
  // answering 503: a crash mid-hold must not turn the retries after a restart into refusals
  withLease: WithLease = createLeases(conn, {
    clock,
    ttlMs: LIST_LEASE_MS,
    waitMs: LIST_LEASE_MS + CLOCK_GRACE_MS + 1_000,
  }),
) {
  const lists = credentialListModel(conn);
  const queues = new Map<string, Op[]>();
  const draining = new Set<string>();

  /** An issuer's head: its pages in order (none when nothing is listed yet). */
  const readHead = async (issuerId: string): Promise<PageInfo[]> => {
    const doc = await lists.findById(headId(issuerId), { data: 1 }).lean();
    return doc ? (JSON.parse(doc.data) as PageInfo[]) : [];
  };
  const write = async (id: string, data: unknown, v?: number): Promise<void> => {
    await lists.updateOne(
      { _id: id },
      { $set: { data: JSON.stringify(data), updatedAt: clock(), ...(v === undefined ? {} : { v }) } },
      { upsert: true },
    );
  };
  /** Writes documents in the order given, in one command; a failure stops the rest (ordered). */
  const writeInOrder = async (docs: Array<{ id: string; data: unknown; v?: number }>): Promise<void> => {
    const updatedAt = clock();
    await lists.bulkWrite(
      docs.map(({ id, data, v }) => ({
        updateOne: {
          filter: { _id: id },
          update: { $set: { data: JSON.stringify(data), updatedAt, ...(v === undefined ? {} : { v }) } },
          upsert: true,
        },
      })),
      { ordered: true },
    );
  };
  /** A page as stored, with the version it carries (none on pages written before versions). */
  const readVersioned = async (id: string): Promise<{ rows: ListRow[]; v?: number }> => {
    const doc = await lists.findById(id, { data: 1, v: 1 }).lean();
    const rows = doc ? (JSON.parse(doc.data) as ListRow[]) : [];
    return typeof doc?.v === 'number' ? { rows, v: doc.v } : { rows };
  };
  const kept = keptPages();
  /** A page as the head names it: the parsed page kept at that version, else read (and kept at its own). */
  const readPage = async (issuerId: string, p: PageInfo): Promise<ListRow[]> => {
    const id = pageId(issuerId, p.n);
    const hit = p.v === undefined ? undefined : kept.get(id, p.v);
    if (hit) return hit;
    const { rows, v } = await readVersioned(id);
    // kept under the version the page itself carries: a head written before its page never
    // names a stale page's rows under the new version
    if (v !== undefined) kept.set(id, v, rows);
    return rows;
  };
  const readPages = async (issuerId: string, pages: PageInfo[]): Promise<ListRow[]> => {
    const rows: ListRow[][] = [];
    for (let i = 0; i < pages.length; i += READ_AHEAD)
      rows.push(...(await Promise.all(pages.slice(i, i + READ_AHEAD).map((p) => readPage(issuerId, p)))));
    return rows.flat();
  };

  /** One batch of changes to an issuer's list, under its lease: `held` is the list as this holder knows it. */
  const apply = async (issuerId: string, ops: Op[], held: Held, lease: Lease): Promise<void> => {
    const { head, pages } = held;
    const changed = new Set<number>();
    const load = async (n: number): Promise<ListRow[]> => {
      const known = pages.get(n);
      if (known) return known;
      // a page kept at the version the head names is the page as stored (copied: kept rows are shared)
      const named = head[n]?.v;
      const hit = named === undefined ? undefined : kept.get(pageId(issuerId, n), named);
      const { rows, v } = hit ? { rows: [...hit], v: named } : await readVersioned(pageId(issuerId, n));
      pages.set(n, rows);
      if (v !== undefined) held.versions.set(n, v);
      return rows;
    };
    const replace = async (row: ListRow): Promise<boolean> => {
      const last = head.at(-1)?.n;
      for (const p of head.filter((p) => (p.c[0] <= row.c && row.c <= p.c[1]) || p.n === last)) {
        const rows = await load(p.n);
        const at = rows.findIndex((r) => r.i === row.i);
        if (at < 0) continue;
        if (JSON.stringify(rows[at]) === JSON.stringify(row)) return true; // as listed already
        rows[at] = row;
        changed.add(p.n);
        return true;
      }
      return false;
    };
    for (const op of ops) {
      if (op.replace && (await replace(op.row))) continue;
      const last = head.at(-1);
      let n = last?.n;
      if (n === undefined || (await load(n)).length >= PAGE_ROWS) {
        n = head.length;
        pages.set(n, []);
        head.push(pageInfo(n, [op.row]));
      }
      (await load(n)).push(op.row);
      changed.add(n);
    }
    if (!changed.size) return;
    // above the page's own version too: a writer from before versions may have left the head without one
    for (const n of changed) {
      const v = Math.max(head[n]?.v ?? 0, held.versions.get(n) ?? 0) + 1;
      held.versions.set(n, v);
      head[n] = { ...pageInfo(n, pages.get(n) ?? []), v };
    }
    lease.check(); // a holder paused past its lease writes nothing: its batch goes to the next holder
    await writeInOrder([
      { id: headId(issuerId), data: head },
      ...[...changed].map((n) => ({ id: pageId(issuerId, n), data: pages.get(n), v: head[n]?.v })),
    ]);
    // kept as written, so that neither the next hold nor a list read has to read them back
    for (const n of changed) kept.set(pageId(issuerId, n), head[n]?.v ?? 0, [...(pages.get(n) ?? [])]);
  };

  /** The changes queued for an issuer, taken: the next ones queue anew. */
  const take = (issuerId: string): Op[] => {
    const ops = queues.get(issuerId) ?? [];
    queues.delete(issuerId);
    return ops;
  };

  /**
   * Batch after batch under one lease while changes keep coming (at most HOLD_MS): the holder is the
   * list's only writer, so what it wrote is what it reads next, and only the first batch reads the
   * store. Each batch but the last is answered as soon as it is written; the last one once the lease
   * is given back, so a request answered leaves no lease of its own behind.
   */
  const hold = async (issuerId: string, lease: Lease): Promise<{ last: Op[]; full: boolean }> => {
    const started = performance.now();
    const held: Held = {
      head: await readHead(issuerId),
      pages: new Map(),
      versions: new Map(),
    };
    for (let ops = take(issuerId); ; ops = take(issuerId)) {
      try {
        await apply(issuerId, ops, held, lease);
      } catch (error) {
        // nothing of this batch was written: it goes first into the next hold, under a new lease
        if (error instanceof LeaseLostError) queues.set(issuerId, [...ops, ...(queues.get(issuerId) ?? [])]);
        else ops.forEach((op) => op.reject(error));
        throw error; // what was written is no longer known: the next holder reads it again
      }
      const full = performance.now() - started > HOLD_MS;
      if (full || !queues.get(issuerId)?.length) return { last: ops, full };
      ops.forEach((op) => op.resolve());
    }
  };

  const drain = async (issuerId: string): Promise<void> => {
    draining.add(issuerId);
    let lost = 0;
    try {
      while (queues.get(issuerId)?.length) {
        const held = await withLease(`credlist:${issuerId}`, (lease) => hold(issuerId, lease)).catch(
          (error: unknown) => {
            // a lease lost to a pause is taken anew (a few times); any other failure fails the queue,
            // as the store is failing and so would they
            if (error instanceof LeaseLostError && (lost += 1) <= LOST_RETRIES) return undefined;
            take(issuerId).forEach((op) => op.reject(error));
            return undefined;
          },
        );
        if (held) lost = 0;
        held?.last.forEach((op) => op.resolve());
        // another instance waiting for the lease polls at most every 30 ms: give it its turn
        if (held?.full && queues.get(issuerId)?.length) await delay(YIELD_MS);
      }
    } finally {
      draining.delete(issuerId);
    }
  };

  const submit = (doc: ListedCredential, replace: boolean): Promise<void> =>
    new Promise((resolve, reject) => {
      const ops = queues.get(doc.issuerId) ?? [];
      ops.push({ row: toRow(doc), replace, resolve, reject });
      queues.set(doc.issuerId, ops);
      if (!draining.has(doc.issuerId)) void drain(doc.issuerId);
    });

  return {
    /** true once every credential stored before lists existed has been listed */
    backfilled: async (): Promise<boolean> => Boolean(await lists.exists({ _id: BACKFILLED })),
    /** instances starting together may both mark it: the loser's duplicate key means it is marked */
    markBackfilled: (): Promise<void> =>
      write(BACKFILLED, []).catch((error: unknown) => {
        if (!isDuplicateKeyError(error)) throw error;
      }),
    /**
     * Gives a version to the pages of lists written before pages had one (pages first, then the head,
     * under the list's lease), so that readers can keep them; idempotent. Answers how many pages.
     */
    async versionPages(): Promise<number> {
      let count = 0;
      for (const { _id } of await lists.find({ _id: /^h:/ }, { _id: 1 }).lean()) {
        const issuerId = _id.slice(2);
        const unversioned = (head: PageInfo[]) => head.filter((p) => p.v === undefined);
        if (!unversioned(await readHead(issuerId)).length) continue; // no lease taken
        await withLease(`credlist:${issuerId}`, async (lease) => {
          const head = await readHead(issuerId);
          const legacy = unversioned(head);
          if (!legacy.length) return;
          const versions = new Map<number, number>();
          for (const p of legacy) {
            const { rows, v } = await readVersioned(pageId(issuerId, p.n));
            versions.set(p.n, (v ?? 0) + 1);
            lease.check();
            await write(pageId(issuerId, p.n), rows, versions.get(p.n));
          }
          lease.check();
          await write(
            headId(issuerId),
            head.map((p) => ({ ...p, v: p.v ?? versions.get(p.n) })),
          );
          count += legacy.length;
        });
      }
      return count;
    },
    /** Lists a credential just stored (this call stored it, so it cannot be listed yet). */
    add: (doc: ListedCredential): Promise<void> => submit(doc, false),
    /** Puts the credential's row as it is now: its status changed, or it may be missing (a repair). */
    put: (doc: ListedCredential): Promise<void> => submit(doc, true),
    /**
     * One page of an issuer's credentials, oldest listed first. Without a filter only the pages
     * holding that page are read; with one, every page of the issuer that may match (the total
     * counts every match), a date range skipping pages whose awarded dates lie outside it.
     */
    async list(issuerId: string, filter: CredentialFilter, { page, pageSize }: PageRequest) {
      const head = await readHead(issuerId);
      const start = (page - 1) * pageSize;
      if (filtered(filter)) {
        const rows = (await readPages(issuerId, head.filter(mayMatch(filter)))).filter(matches(filter));
        const items = rows.slice(start, start + pageSize).map((r) => fromRow(issuerId, r));
        return { items, total: rows.length };
      }
      let offset = 0;
      const wanted: PageInfo[] = [];
      let skipped = 0;
      for (const p of head) {
        if (offset + p.size > start && offset < start + pageSize) wanted.push(p);
        else if (offset + p.size <= start) skipped += p.size;
        offset += p.size;
      }
      const rows = await readPages(issuerId, wanted);
      const items = rows.slice(start - skipped, start - skipped + pageSize).map((r) => fromRow(issuerId, r));
      return { items, total: offset };
    },
  };
}

export type CredentialLists = ReturnType<typeof createCredentialLists>;
