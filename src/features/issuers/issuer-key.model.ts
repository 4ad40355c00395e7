import { Schema, type Connection, type Model } from 'mongoose';
import type { SealedSecret } from '../../infra/secret-box.js';

export type IssuerKeyType = 'Ed25519' | 'P-256';

/** An issuer's signing key. The private part is sealed (AES-256-GCM under the master key). */
export interface IssuerKeyDoc {
  _id: string;
  issuerId: string;
  type: IssuerKeyType;
  status: 'current' | 'retired';
  /** Ed25519: Multikey publicKeyMultibase */
  publicKeyMultibase?: string;
  /** P-256: public JWK (with kid) */
  publicJwk?: Record<string, string>;
  kid?: string;
  sealedPrivateKey: SealedSecret;
  createdAt: Date;
  retiredAt?: Date;
}

const sealedSchema = new Schema(
  {
    v: { type: Number, required: true },
    iv: { type: String, required: true },
    tag: { type: String, required: true },
    data: { type: String, required: true },
  },
  { _id: false },
);

const issuerKeySchema = new Schema<IssuerKeyDoc>(
  {
    _id: { type: String, required: true },
    issuerId: { type: String, required: true },
    type: { type: String, enum: ['Ed25519', 'P-256'], required: true },
    status: { type: String, enum: ['current', 'retired'], required: true },
    publicKeyMultibase: String,
    publicJwk: { type: Schema.Types.Mixed },
    kid: String,
    sealedPrivateKey: { type: sealedSchema, required: true },
    createdAt: { type: Date, required: true },
    retiredAt: Date,
  },
  { strict: 'throw', collection: 'issuer_keys' },
);
issuerKeySchema.index({ issuerId: 1, type: 1, status: 1 });
issuerKeySchema.index({ publicKeyMultibase: 1 });

export const issuerKeyModel = (conn: Connection): Model<IssuerKeyDoc> =>
  conn.models.IssuerKey ?? conn.model<IssuerKeyDoc>('IssuerKey', issuerKeySchema);
