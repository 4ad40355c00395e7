import { Schema, type Connection, type Model } from 'mongoose';
import type { SealedSecret } from '../../infra/secret-box.js';

/** One seal certificate of an issuer: the chain in the clear, the private key sealed under the master key. */
export interface SealKeyEntry {
  source: 'self-signed' | 'uploaded';
  /** base64 DER, the seal's own certificate first */
  chain: string[];
  fingerprint: string;
  notAfter: Date;
  createdAt: Date;
  /** absent on retired entries: only the current key signs */
  key?: SealedSecret;
}

/** An issuer's seal keys, addressed by `_id` = issuer id (the only fast lookup on FerretDB). */
export interface SealKeysDoc {
  _id: string;
  current: SealKeyEntry;
  /** earlier certificates, kept so EDCs sealed with them are still recognised as the issuer's */
  retired: SealKeyEntry[];
}

const entry = new Schema<SealKeyEntry>(
  {
    source: { type: String, enum: ['self-signed', 'uploaded'], required: true },
    chain: { type: [String], required: true },
    fingerprint: { type: String, required: true },
    notAfter: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    key: { type: Schema.Types.Mixed },
  },
  { _id: false },
);

const sealKeysSchema = new Schema<SealKeysDoc>(
  { _id: { type: String, required: true }, current: { type: entry, required: true }, retired: [entry] },
  { strict: 'throw', collection: 'edc_seal_keys' },
);

/** The sealed EDC of a credential, made once and then served as it is (`_id` = credential id). */
export interface SealedEdcDoc {
  _id: string;
  issuerId: string;
  /** the JAdES JWS in JSON serialization; its payload is the credential */
  sealed: { payload: string; signatures: Array<{ protected: string; signature: string }> };
  fingerprint: string;
  createdAt: Date;
}

const sealedEdcSchema = new Schema<SealedEdcDoc>(
  {
    _id: { type: String, required: true },
    issuerId: { type: String, required: true },
    sealed: { type: Schema.Types.Mixed, required: true },
    fingerprint: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', collection: 'edc_credentials', minimize: false },
);

export const sealKeysModel = (conn: Connection): Model<SealKeysDoc> =>
  conn.models.EdcSealKeys ?? conn.model<SealKeysDoc>('EdcSealKeys', sealKeysSchema);
export const sealedEdcModel = (conn: Connection): Model<SealedEdcDoc> =>
  conn.models.SealedEdc ?? conn.model<SealedEdcDoc>('SealedEdc', sealedEdcSchema);
