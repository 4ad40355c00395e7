import { Schema, type Connection, type Model } from 'mongoose';
import type { Lang } from '../../core/types.js';

/** `edc`: the OB 3.0 record (Data Integrity) plus a sealed European Digital Credential of the same award */
export type CredentialFormat = 'ob3-di' | 'ob3-jwt' | 'edc';
export type CredentialState = 'active' | 'revoked' | 'suspended';

export interface StatusRef {
  listId: string;
  index: number;
  purpose: 'revocation' | 'suspension';
}

export interface StatusChange {
  status: CredentialState;
  reason?: string;
  at: Date;
  actor: string;
}

/** An issued credential as stored: the exact signed document (or JWT) and its lifecycle. */
export interface CredentialDoc {
  _id: string;
  issuerId: string;
  /** absent for credentials signed through the VC-API */
  achievementId?: string;
  learnerId?: string;
  language?: Lang;
  format: CredentialFormat | 'vc-di';
  /** the signed credential (DI) or the credential inside the JWT */
  credential: Record<string, unknown>;
  jwt?: string;
  status: CredentialState;
  statusHistory: StatusChange[];
  statusRefs: StatusRef[];
  awardedDate?: Date;
  validUntil?: Date;
  idempotencyKey?: string;
  createdAt: Date;
}

const credentialSchema = new Schema<CredentialDoc>(
  {
    _id: { type: String, required: true },
    issuerId: { type: String, required: true },
    achievementId: String,
    learnerId: String,
    language: String,
    format: { type: String, enum: ['ob3-di', 'ob3-jwt', 'edc', 'vc-di'], required: true },
    credential: { type: Schema.Types.Mixed, required: true },
    jwt: String,
    status: { type: String, enum: ['active', 'revoked', 'suspended'], required: true },
    statusHistory: [new Schema({ status: String, reason: String, at: Date, actor: String }, { _id: false })],
    statusRefs: [new Schema({ listId: String, index: Number, purpose: String }, { _id: false })],
    awardedDate: Date,
    validUntil: Date,
    idempotencyKey: String,
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', collection: 'credentials', minimize: false },
);
credentialSchema.index({ issuerId: 1, createdAt: 1 });
credentialSchema.index({ issuerId: 1, learnerId: 1 });
credentialSchema.index({ issuerId: 1, achievementId: 1 });
credentialSchema.index({ 'credential.id': 1 });

/** Idempotency claims: `_id` = `<issuerId>:<key>`, so one key can only ever be claimed once. */
export interface IdempotencyDoc {
  _id: string;
  requestHash: string;
  credentialId: string;
  state: 'pending' | 'done';
  createdAt: Date;
}

const idempotencySchema = new Schema<IdempotencyDoc>(
  {
    _id: { type: String, required: true },
    requestHash: { type: String, required: true },
    credentialId: { type: String, required: true },
    state: { type: String, enum: ['pending', 'done'], required: true },
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', collection: 'idempotency_keys' },
);

export const credentialModel = (conn: Connection): Model<CredentialDoc> =>
  conn.models.Credential ?? conn.model<CredentialDoc>('Credential', credentialSchema);
export const idempotencyModel = (conn: Connection): Model<IdempotencyDoc> =>
  conn.models.IdempotencyKey ?? conn.model<IdempotencyDoc>('IdempotencyKey', idempotencySchema);
