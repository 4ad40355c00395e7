import type { Connection, Model } from 'mongoose';
import { keptPages } from './kept-pages.js';
import {
  credentialListModel,
  headId,
  pageId,
  type CredentialListDoc,
  type ListRow,
  type PageInfo,
} from './credential-list.model.js';

/** Pages read at once by a filtered list. */
const READ_AHEAD = 8;

/** A page as stored, with the version it carries (none on pages written before versions). */
export interface VersionedPage {
  rows: ListRow[];
  v?: number;
}

/** A document to write: a head (its `PageInfo[]`) or a page (its rows, at version `v`). */
export interface ListWrite {
  id: string;
  data: unknown;
  v?: number;
}

interface PagesDeps {
  lists: Model<CredentialListDoc>;
  kept: ReturnType<typeof keptPages>;
  clock: () => Date;
}

const upsert = ({ id, data, v }: ListWrite, updatedAt: Date) => ({
  filter: { _id: id },
  update: { $set: { data: JSON.stringify(data), updatedAt, ...(v === undefined ? {} : { v }) } },
  upsert: true,
});

/** An issuer's head: its pages in order (none when nothing is listed yet). */
async function readHead({ lists }: PagesDeps, issuerId: string): Promise<PageInfo[]> {
  const doc = await lists.findById(headId(issuerId), { data: 1 }).lean();
  return doc ? (JSON.parse(doc.data) as PageInfo[]) : [];
}

async function readVersioned({ lists }: PagesDeps, id: string): Promise<VersionedPage> {
  const doc = await lists.findById(id, { data: 1, v: 1 }).lean();
  const rows = doc ? (JSON.parse(doc.data) as ListRow[]) : [];
  return typeof doc?.v === 'number' ? { rows, v: doc.v } : { rows };
}

/** A page as the head names it: the parsed page kept at that version, else read (and kept at its own). */
async function readPage(d: PagesDeps, issuerId: string, p: PageInfo): Promise<ListRow[]> {
  const id = pageId(issuerId, p.n);
  const hit = p.v === undefined ? undefined : d.kept.get(id, p.v);
  if (hit) return hit;
  const { rows, v } = await readVersioned(d, id);
  // kept under the version the page itself carries: a head written before its page never
  // names a stale page's rows under the new version
  if (v !== undefined) d.kept.set(id, v, rows);
  return rows;
}

async function readPages(d: PagesDeps, issuerId: string, pages: PageInfo[]): Promise<ListRow[]> {
  const rows: ListRow[][] = [];
  for (let i = 0; i < pages.length; i += READ_AHEAD)
    rows.push(...(await Promise.all(pages.slice(i, i + READ_AHEAD).map((p) => readPage(d, issuerId, p)))));
  return rows.flat();
}

/**
 * The documents of issuers' lists, each read and written by `_id` alone as JSON text, and the parsed
 * pages kept by version (kept-pages.ts), so that neither a list holder nor a reader reads a page it
 * already has.
 */
export function createListPages(conn: Connection, clock: () => Date) {
  const d: PagesDeps = { lists: credentialListModel(conn), kept: keptPages(), clock };
  return {
    lists: d.lists,
    kept: d.kept,
    readHead: (issuerId: string) => readHead(d, issuerId),
    readVersioned: (id: string) => readVersioned(d, id),
    readPages: (issuerId: string, pages: PageInfo[]) => readPages(d, issuerId, pages),
    write: async (doc: ListWrite): Promise<void> => {
      const { filter, update } = upsert(doc, clock());
      await d.lists.updateOne(filter, update, { upsert: true });
    },
    /** Writes documents in the order given, in one command; a failure stops the rest (ordered). */
    writeInOrder: async (docs: ListWrite[]): Promise<void> => {
      const updatedAt = clock();
      await d.lists.bulkWrite(
        docs.map((doc) => ({ updateOne: upsert(doc, updatedAt) })),
        { ordered: true },
      );
    },
  };
}

export type ListPages = ReturnType<typeof createListPages>;
