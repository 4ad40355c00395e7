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
  /** bumped on every bit change; the cached signed list is valid for this version only */
  version: number;
  signed?: { version: number; credential: Record<string, unknown>; at: Date };
  createdAt: Date;
}

/** A claimed index: `_id` = `<listId>:<index>` makes the claim unique across service instances. */
export interface StatusEntryDoc {
  _id: string;
  listId: string;
  index: number;
  credentialId?: string;
  /** the bit: revoked (revocation list) or suspended (suspension list) */
  set: boolean;
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
    version: { type: Number, required: true },
    signed: {
      type: new Schema({ version: Number, credential: Schema.Types.Mixed, at: Date }, { _id: false }),
    },
    createdAt: { type: Date, required: true },
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
    set: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', collection: 'status_entries' },
);
entrySchema.index({ listId: 1, set: 1 });

export const statusListModel = (conn: Connection): Model<StatusListDoc> =>
  conn.models.StatusList ?? conn.model<StatusListDoc>('StatusList', listSchema);
export const statusEntryModel = (conn: Connection): Model<StatusEntryDoc> =>
  conn.models.StatusEntry ?? conn.model<StatusEntryDoc>('StatusEntry', entrySchema);
