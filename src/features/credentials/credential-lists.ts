import { setTimeout as delay } from 'node:timers/promises';
import type { Connection } from 'mongoose';
import { createLeases } from '../../infra/leases.js';
import { isDuplicateKeyError } from '../../infra/mongo.js';
import type { PageRequest } from '../shared/paging.js';
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
}

/** How long a holder keeps an issuer's list lease while changes keep coming (then others get a turn). */
const HOLD_MS = 250;
/** How long a holder waits for the next change before it gives the lease back. */
const LINGER_MS = 5;
/** The pause after a full hold, longer than a waiting instance's poll interval (infra/leases.ts). */
const YIELD_MS = 40;

/** Parsed pages a reader keeps (at most; ≈ 100–200 KiB each when full). */
const KEPT_PAGES = 256;

/**
 * Pages as read, by id and version, the least recently used dropped first. A page's version goes up
 * with every write, and the head names the version it was written with, so a kept page is used only
 * while the head still names its version. The rows are shared: readers never change them.
 */
function keptPages() {
  const pages = new Map<string, { v: number; rows: ListRow[] }>();
  return {
    get(id: string, v: number): ListRow[] | undefined {
      const hit = pages.get(id);
      if (hit?.v !== v) return undefined;
      pages.delete(id);
      pages.set(id, hit);
      return hit.rows;
    },
    set(id: string, v: number, rows: ListRow[]): void {
      pages.delete(id);
      pages.set(id, { v, rows });
      if (pages.size > KEPT_PAGES) pages.delete(pages.keys().next().value as string);
    },
  };
}

/** Pages read at once by a filtered list. */
const READ_AHEAD = 8;

const filtered = (f: CredentialFilter) =>
  Boolean(f.learnerId || f.achievementId || f.status || f.from || f.to);

const matches = (f: CredentialFilter) => {
  const from = f.from?.getTime();
  const to = f.to?.getTime();
  return (row: ListRow): boolean =>
    (!f.learnerId || row.l === f.learnerId) &&
    (!f.achievementId || row.a === f.achievementId) &&
    (!f.status || row.s === f.status) &&
    (from === undefined || (row.d !== undefined && row.d >= from)) &&
    (to === undefined || (row.d !== undefined && row.d <= to));
};

/** A page can hold a row of the date range only if its awarded dates overlap it. */
const mayMatch = (f: CredentialFilter) => (p: PageInfo) =>
  !(f.from || f.to) ||
  (p.d !== null && (!f.from || p.d[1] >= f.from.getTime()) && (!f.to || p.d[0] <= f.to.getTime()));

const range = (values: number[]): [number, number] => [Math.min(...values), Math.max(...values)];

function pageInfo(n: number, rows: ListRow[]): PageInfo {
  const dates = rows.flatMap((r) => (r.d === undefined ? [] : [r.d]));
  return { n, size: rows.length, c: range(rows.map((r) => r.c)), d: dates.length ? range(dates) : null };
}

/**
 * Issuer-scoped credential lists that no store scans. Every change to an issuer's list runs under
 * the issuer's list lease (FerretDB applies no filtered update atomically, so a page rewrite needs a
 * single writer); changes arriving while one runs are applied together in the next one, so a burst
 * of issuances costs one lease per batch, not one per credential. The head is written before the
 * pages: a crash in between leaves the head naming rows its pages lack (those credentials' status
 * allocations are still pending, and the reclaimer relists them), never pages the head does not name.
 */
export function createCredentialLists(conn: Connection, clock: () => Date) {
  const lists = credentialListModel(conn);
  const withLease = createLeases(conn, { clock });
  const queues = new Map<string, Op[]>();
  const draining = new Set<string>();
  const waiters = new Map<string, () => void>();

  const read = async <T>(id: string): Promise<T[]> => {
    const doc = await lists.findById(id, { data: 1 }).lean();
    return doc ? (JSON.parse(doc.data) as T[]) : [];
  };
  const write = async (id: string, data: unknown, v?: number): Promise<void> => {
    await lists.updateOne(
      { _id: id },
      { $set: { data: JSON.stringify(data), updatedAt: clock(), ...(v === undefined ? {} : { v }) } },
      { upsert: true },
    );
  };
  const kept = keptPages();
  /** A page as the head names it: the parsed page kept at that version, else read (and kept at its own). */
  const readPage = async (issuerId: string, p: PageInfo): Promise<ListRow[]> => {
    const id = pageId(issuerId, p.n);
    const hit = p.v === undefined ? undefined : kept.get(id, p.v);
    if (hit) return hit;
    const doc = await lists.findById(id, { data: 1, v: 1 }).lean();
    const rows = doc ? (JSON.parse(doc.data) as ListRow[]) : [];
    // kept under the version the page itself carries: a head written before its page never
    // names a stale page's rows under the new version
    if (doc?.v !== undefined && doc.v !== null) kept.set(id, doc.v, rows);
    return rows;
  };
  const readPages = async (issuerId: string, pages: PageInfo[]): Promise<ListRow[]> => {
    const rows: ListRow[][] = [];
    for (let i = 0; i < pages.length; i += READ_AHEAD)
      rows.push(...(await Promise.all(pages.slice(i, i + READ_AHEAD).map((p) => readPage(issuerId, p)))));
    return rows.flat();
  };

  /** One batch of changes to an issuer's list, under its lease: `held` is the list as this holder knows it. */
  const apply = async (issuerId: string, ops: Op[], held: Held): Promise<void> => {
    const { head, pages } = held;
    const changed = new Set<number>();
    const load = async (n: number): Promise<ListRow[]> => {
      const rows = pages.get(n) ?? (await read<ListRow>(pageId(issuerId, n)));
      pages.set(n, rows);
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
    for (const n of changed) head[n] = { ...pageInfo(n, pages.get(n) ?? []), v: (head[n]?.v ?? 0) + 1 };
    await write(headId(issuerId), head);
    await Promise.all([...changed].map((n) => write(pageId(issuerId, n), pages.get(n), head[n]?.v)));
  };

  /** The changes queued for an issuer (taken: the next ones queue anew), waiting up to LINGER_MS for one. */
  const next = async (issuerId: string): Promise<Op[]> => {
    if (!queues.get(issuerId)?.length)
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, LINGER_MS);
        waiters.set(issuerId, () => {
          clearTimeout(timer);
          wake();
        });
      });
    waiters.delete(issuerId);
    const ops = queues.get(issuerId) ?? [];
    queues.delete(issuerId);
    return ops;
  };

  /**
   * Batch after batch under one lease, while changes keep coming (at most HOLD_MS): the holder is the
   * list's only writer, so what it wrote is what it reads next, and only the first batch reads the store.
   */
  const hold = async (issuerId: string): Promise<boolean> => {
    const started = performance.now();
    const held: Held = { head: await read<PageInfo>(headId(issuerId)), pages: new Map() };
    for (let ops = await next(issuerId); ops.length; ops = await next(issuerId)) {
      try {
        await apply(issuerId, ops, held);
      } catch (error) {
        ops.forEach((op) => op.reject(error));
        throw error; // what was written is no longer known: the next holder reads it again
      }
      ops.forEach((op) => op.resolve());
      if (performance.now() - started > HOLD_MS) return true;
    }
    return false;
  };

  const drain = async (issuerId: string): Promise<void> => {
    draining.add(issuerId);
    try {
      while (queues.get(issuerId)?.length) {
        const full = await withLease(`credlist:${issuerId}`, () => hold(issuerId)).catch((error: unknown) => {
          queues.get(issuerId)?.forEach((op) => op.reject(error)); // the store is failing: so would they
          queues.delete(issuerId);
          return false;
        });
        // another instance waiting for the lease polls at most every 30 ms: give it its turn
        if (full && queues.get(issuerId)?.length) await delay(YIELD_MS);
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
      waiters.get(doc.issuerId)?.();
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
        await withLease(`credlist:${issuerId}`, async () => {
          const head = await read<PageInfo>(headId(issuerId));
          const legacy = head.filter((p) => p.v === undefined);
          if (!legacy.length) return;
          for (const p of legacy) await write(pageId(issuerId, p.n), await read(pageId(issuerId, p.n)), 1);
          await write(
            headId(issuerId),
            head.map((p) => ({ ...p, v: p.v ?? 1 })),
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
      const head = await read<PageInfo>(headId(issuerId));
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
