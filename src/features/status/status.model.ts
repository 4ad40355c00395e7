import { Schema, type Connection, type Model } from 'mongoose';
import type { StatusPurpose } from '../../core/status/index.js';

/** One Bitstring Status List of one issuer, purpose and identity. */
export interface StatusListDoc {
  _id: string;
  issuerId: string;
  purpose: StatusPurpose;
  /** bits in the list (≥ 131,072) */
  size: number;
  /** the bitstring itself (size / 8 bytes), changed only under the list's lease */
  bits: Buffer;
  /** bumped on every bit change */
  version: number;
  /** the signed list credential of one version; re-signed when the version moves on */
  signed?: { version: number; credential: Record<string, unknown>; at: Date };
  createdAt: Date;
  /** who the list is issued and signed as: see {@link StatusListIdentity} */
  identity?: StatusListIdentity;
}

/**
 * The list an issuer's new credentials of one purpose and list identity get their index in: `_id` =
 * `<issuerId>:<purpose>:<identity>`, so finding it is an `_id` lookup (on FerretDB's SQLite backend
 * any other filter reads every document of the collection).
 */
export interface StatusHeadDoc {
  _id: string;
  listId: string;
  size: number;
  createdAt: Date;
}

/**
 * The identity a status list is issued as, which must be the issuer of the credentials pointing at it
 * (and resolvable by their verifiers): `did:web` = the issuer's did:web (OB 3.0 credentials), a
 * `did:key:z6Mk…` = that Ed25519 did:key (W3C VC-API credentials). Absent on lists opened before the
 * did:web: those are issued as the https URL of the issuer's Profile, as their credentials are.
 */
export type StatusListIdentity = 'did:web' | `did:key:${string}`;

/** A claimed index: `_id` = `<listId>:<index>` makes the claim unique across service instances. */
export interface StatusEntryDoc {
  _id: string;
  listId: string;
  index: number;
  credentialId?: string;
  createdAt: Date;
}

/**
 * An index handed out whose credential is not known to be stored yet (same `_id` as its entry). The
 * issuance renews `until` while it runs and removes this once the credential is stored; one left
 * behind past `until` belongs to an issuance that died, and the reclaimer settles it. Only issuances in
 * flight (and dead ones not yet settled) are here, so reading the whole collection stays cheap.
 */
export interface StatusPendingDoc {
  _id: string;
  credentialId: string;
  until: Date;
  createdAt: Date;
}

const listSchema = new Schema<StatusListDoc>(
  {
    _id: { type: String, required: true },
    issuerId: { type: String, required: true },
    purpose: { type: String, enum: ['revocation', 'suspension'], required: true },
    size: { type: Number, required: true },
    bits: { type: Buffer, required: true },
    version: { type: Number, required: true },
    signed: {
      type: new Schema({ version: Number, credential: Schema.Types.Mixed, at: Date }, { _id: false }),
    },
    createdAt: { type: Date, required: true },
    identity: String,
  },
  // lists opened before status_heads carry `allocated` and `open`, which nothing reads any more
  { strict: 'throw', collection: 'status_lists' },
);

const headSchema = new Schema<StatusHeadDoc>(
  {
    _id: { type: String, required: true },
    listId: { type: String, required: true },
    size: { type: Number, required: true },
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', collection: 'status_heads' },
);

const entrySchema = new Schema<StatusEntryDoc>(
  {
    _id: { type: String, required: true },
    listId: { type: String, required: true },
    index: { type: Number, required: true },
    credentialId: String,
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', collection: 'status_entries' },
);

const pendingSchema = new Schema<StatusPendingDoc>(
  {
    _id: { type: String, required: true },
    credentialId: { type: String, required: true },
    until: { type: Date, required: true },
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', collection: 'status_pending' },
);

export const statusListModel = (conn: Connection): Model<StatusListDoc> =>
  conn.models.StatusList ?? conn.model<StatusListDoc>('StatusList', listSchema);
export const statusHeadModel = (conn: Connection): Model<StatusHeadDoc> =>
  conn.models.StatusHead ?? conn.model<StatusHeadDoc>('StatusHead', headSchema);
export const statusEntryModel = (conn: Connection): Model<StatusEntryDoc> =>
  conn.models.StatusEntry ?? conn.model<StatusEntryDoc>('StatusEntry', entrySchema);
export const statusPendingModel = (conn: Connection): Model<StatusPendingDoc> =>
  conn.models.StatusPending ?? conn.model<StatusPendingDoc>('StatusPending', pendingSchema);
