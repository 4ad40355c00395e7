import type { Connection } from 'mongoose';
import { CLOCK_GRACE_MS, createLeases, type Lease, type WithLease } from '../../infra/leases.js';
import { isDuplicateKeyError } from '../../infra/mongo.js';
import type { PageRequest } from '../shared/paging.js';
import { filtered, matches, mayMatch } from './list-filter.js';
import { fromRow, headId, pageId, type ListedCredential, type PageInfo } from './credential-list.model.js';
import { createListPages, type ListPages } from './list-pages.js';
import { createListWriter } from './list-writer.js';

export interface CredentialFilter {
  learnerId?: string;
  achievementId?: string;
  from?: Date;
  to?: Date;
  status?: string;
}

/** The mark that the credentials stored before lists existed are listed. */
const BACKFILLED = 'backfilled';

/** A list lease outlives a holder that stopped renewing it by this long. */
const LIST_LEASE_MS = 10_000;

const unversioned = (head: PageInfo[]) => head.filter((p) => p.v === undefined);

/** Versions the pages of one issuer's list that have none (pages first, then the head); answers how many. */
async function versionList(pages: ListPages, issuerId: string, lease: Lease): Promise<number> {
  const head = await pages.readHead(issuerId);
  const legacy = unversioned(head);
  const versions = new Map<number, number>();
  for (const p of legacy) {
    const { rows, v } = await pages.readVersioned(pageId(issuerId, p.n));
    versions.set(p.n, (v ?? 0) + 1);
    lease.check();
    await pages.write({ id: pageId(issuerId, p.n), data: rows, v: versions.get(p.n) });
  }
  if (!legacy.length) return 0;
  lease.check();
  await pages.write({ id: headId(issuerId), data: head.map((p) => ({ ...p, v: p.v ?? versions.get(p.n) })) });
  return legacy.length;
}

/**
 * Gives a version to the pages of lists written before pages had one, under each list's lease, so
 * that readers can keep them; idempotent. Answers how many pages.
 */
async function versionPages(pages: ListPages, withLease: WithLease): Promise<number> {
  let count = 0;
  for (const { _id } of await pages.lists.find({ _id: /^h:/ }, { _id: 1 }).lean()) {
    const issuerId = _id.slice(2);
    if (!unversioned(await pages.readHead(issuerId)).length) continue; // no lease taken
    count += await withLease(`credlist:${issuerId}`, (lease) => versionList(pages, issuerId, lease));
  }
  return count;
}

/**
 * One page of an issuer's credentials, oldest listed first. Without a filter only the pages holding
 * that page are read; with one, every page of the issuer that may match (the total counts every
 * match), a date range skipping pages whose awarded dates lie outside it.
 */
async function listPage(pages: ListPages, issuerId: string, filter: CredentialFilter, paging: PageRequest) {
  const head = await pages.readHead(issuerId);
  const start = (paging.page - 1) * paging.pageSize;
  if (filtered(filter)) {
    const rows = (await pages.readPages(issuerId, head.filter(mayMatch(filter)))).filter(matches(filter));
    const items = rows.slice(start, start + paging.pageSize).map((r) => fromRow(issuerId, r));
    return { items, total: rows.length };
  }
  let offset = 0;
  const wanted: PageInfo[] = [];
  let skipped = 0;
  for (const p of head) {
    if (offset + p.size > start && offset < start + paging.pageSize) wanted.push(p);
    else if (offset + p.size <= start) skipped += p.size;
    offset += p.size;
  }
  const rows = await pages.readPages(issuerId, wanted);
  const items = rows
    .slice(start - skipped, start - skipped + paging.pageSize)
    .map((r) => fromRow(issuerId, r));
  return { items, total: offset };
}

/**
 * Issuer-scoped credential lists that no store scans: a head and pages per issuer, addressed by `_id`
 * (credential-list.model.ts), read through list-pages.ts and changed in batches under the issuer's
 * list lease by list-writer.ts.
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
  const pages = createListPages(conn, clock);
  const submit = createListWriter(pages, withLease);
  return {
    /** true once every credential stored before lists existed has been listed */
    backfilled: async (): Promise<boolean> => Boolean(await pages.lists.exists({ _id: BACKFILLED })),
    /** instances starting together may both mark it: the loser's duplicate key means it is marked */
    markBackfilled: (): Promise<void> =>
      pages.write({ id: BACKFILLED, data: [] }).catch((error: unknown) => {
        if (!isDuplicateKeyError(error)) throw error;
      }),
    versionPages: (): Promise<number> => versionPages(pages, withLease),
    /** Lists a credential just stored (this call stored it, so it cannot be listed yet). */
    add: (doc: ListedCredential): Promise<void> => submit(doc, false),
    /** Puts the credential's row as it is now: its status changed, or it may be missing (a repair). */
    put: (doc: ListedCredential): Promise<void> => submit(doc, true),
    list: (issuerId: string, filter: CredentialFilter, paging: PageRequest) =>
      listPage(pages, issuerId, filter, paging),
  };
}

export type CredentialLists = ReturnType<typeof createCredentialLists>;
