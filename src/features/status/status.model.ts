import { Schema, type Connection, type Model } from 'mongoose';
import type { StatusPurpose } from '../../core/status/index.js';

/** One Bitstring Status List of one issuer and purpose. */
export interface StatusListDoc {
  _id: string;
  issuerId: string;
  purpose: StatusPurpose;
  /** bits in the list (≥ 131,072) */
  size: number;
  /** indexes handed out so far */
  allocated: number;
  /** closed lists hand out no more indexes */
  open: boolean;
  /** the bitstring itself (size / 8 bytes), changed only by compare-and-set on `version` */
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

const listSchema = new Schema<StatusListDoc>(
  {
    _id: { type: String, required: true },
    issuerId: { type: String, required: true },
    purpose: { type: String, enum: ['revocation', 'suspension'], required: true },
    size: { type: Number, required: true },
    allocated: { type: Number, required: true },
    open: { type: Boolean, required: true },
    bits: { type: Buffer, required: true },
    version: { type: Number, required: true },
    signed: {
      type: new Schema({ version: Number, credential: Schema.Types.Mixed, at: Date }, { _id: false }),
    },
    createdAt: { type: Date, required: true },
    identity: String,
  },
  { strict: 'throw', collection: 'status_lists' },
);
listSchema.index({ issuerId: 1, purpose: 1, open: 1 });

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

export const statusListModel = (conn: Connection): Model<StatusListDoc> =>
  conn.models.StatusList ?? conn.model<StatusListDoc>('StatusList', listSchema);
export const statusEntryModel = (conn: Connection): Model<StatusEntryDoc> =>
  conn.models.StatusEntry ?? conn.model<StatusEntryDoc>('StatusEntry', entrySchema);
