import { Schema, type Connection, type Model } from 'mongoose';
import type { Lang } from '../../core/types.js';
import type { CredentialDoc, CredentialState, StatusChange } from './credential.model.js';

/**
 * An issuer's credential list, kept as small documents addressed by `_id` alone (the only lookup
 * FerretDB's SQLite backend serves from an index; any other filter reads every document of the
 * collection, DESIGN.md §4): a head `h:<issuerId>` naming the pages, and pages `p:<n>:<issuerId>` of
 * up to PAGE_ROWS summaries each, in the order they were listed. Both hold their data as JSON text:
 * an opaque string costs the store nothing to decode.
 */
export interface CredentialListDoc {
  _id: string;
  /** head: the JSON text of `PageInfo[]`; page: the JSON text of `ListRow[]` */
  data: string;
  /** page: its version, one more on every write (absent on pages written before versions) */
  v?: number;
  updatedAt: Date;
}

/** Summaries per list page: a page is rewritten whole on every change to it, so it stays small. */
export const PAGE_ROWS = 500;

/** One page as the head knows it: its size, and the ranges of its rows' dates (epoch ms). */
export interface PageInfo {
  n: number;
  size: number;
  /** createdAt, min and max: where a credential's row can be */
  c: [number, number];
  /** awardedDate, min and max, or null when no row has one: pages a date filter can skip */
  d: [number, number] | null;
  /** the page's version when the head was written (a reader keeps pages by version) */
  v?: number;
}

/** A credential as listed (short keys: a page holds hundreds of them). */
export interface ListRow {
  i: string;
  f: CredentialDoc['format'];
  s: CredentialState;
  c: number;
  a?: string;
  l?: string;
  g?: Lang;
  d?: number;
  h?: Array<{ s: CredentialState; r?: string; t: number }>;
}

/** What a list answers of a credential: everything its summary shows. */
export interface ListedCredential {
  _id: string;
  issuerId: string;
  format: CredentialDoc['format'];
  status: CredentialState;
  statusHistory: Array<Pick<StatusChange, 'status' | 'reason' | 'at'>>;
  achievementId?: string;
  learnerId?: string;
  language?: Lang;
  awardedDate?: Date;
  createdAt: Date;
}

const time = (value: Date | string): number => new Date(value).getTime();

export function toRow(doc: ListedCredential): ListRow {
  return {
    i: doc._id,
    f: doc.format,
    s: doc.status,
    c: time(doc.createdAt),
    ...(doc.achievementId ? { a: doc.achievementId } : {}),
    ...(doc.learnerId ? { l: doc.learnerId } : {}),
    ...(doc.language ? { g: doc.language } : {}),
    ...(doc.awardedDate ? { d: time(doc.awardedDate) } : {}),
    ...(doc.statusHistory.length
      ? {
          h: doc.statusHistory.map((h) => ({
            s: h.status,
            ...(h.reason ? { r: h.reason } : {}),
            t: time(h.at),
          })),
        }
      : {}),
  };
}

export function fromRow(issuerId: string, row: ListRow): ListedCredential {
  return {
    _id: row.i,
    issuerId,
    format: row.f,
    status: row.s,
    statusHistory: (row.h ?? []).map((h) => ({
      status: h.s,
      ...(h.r ? { reason: h.r } : {}),
      at: new Date(h.t),
    })),
    ...(row.a ? { achievementId: row.a } : {}),
    ...(row.l ? { learnerId: row.l } : {}),
    ...(row.g ? { language: row.g } : {}),
    ...(row.d !== undefined ? { awardedDate: new Date(row.d) } : {}),
    createdAt: new Date(row.c),
  };
}

export const headId = (issuerId: string): string => `h:${issuerId}`;
export const pageId = (issuerId: string, n: number): string => `p:${n}:${issuerId}`;

const listSchema = new Schema<CredentialListDoc>(
  {
    _id: { type: String, required: true },
    data: { type: String, required: true },
    v: { type: Number },
    updatedAt: { type: Date, required: true },
  },
  { strict: 'throw', collection: 'credential_lists' },
);

export const credentialListModel = (conn: Connection): Model<CredentialListDoc> =>
  conn.models.CredentialList ?? conn.model<CredentialListDoc>('CredentialList', listSchema);
