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
  /**
   * the signed credential (DI) or the credential inside the JWT; stored as its JSON text (an opaque
   * string costs FerretDB nothing to decode on every read and write of the record; records stored
   * before hold the object itself, which reads the same)
   */
  credential: Record<string, unknown>;
  /** the credential's own `id`, where the VC-API caller chose one (found by it without reading `credential`) */
  vcId?: string;
  jwt?: string;
  status: CredentialState;
  statusHistory: StatusChange[];
  statusRefs: StatusRef[];
  awardedDate?: Date;
  validUntil?: Date;
  createdAt: Date;
}

/**
 * What the reclaimer stores under the id of a credential whose issuance died before storing it: the
 * unique `_id` makes sure that issuance, should it wake up, can no longer store the credential (its
 * status-list index has been given back). Never shown: every read treats it as absent.
 */
export interface VoidCredentialDoc {
  _id: string;
  status: 'void';
  createdAt: Date;
}

/** A credential record as stored: the credential as JSON text (or, in records stored before, the object). */
export interface StoredCredentialDoc extends Omit<CredentialDoc, 'credential'> {
  credential: string | Record<string, unknown>;
}

const credentialSchema = new Schema<StoredCredentialDoc>(
  {
    _id: { type: String, required: true },
    issuerId: { type: String, required: true },
    achievementId: String,
    learnerId: String,
    language: String,
    format: { type: String, enum: ['ob3-di', 'ob3-jwt', 'edc', 'vc-di'], required: true },
    credential: { type: Schema.Types.Mixed, required: true },
    vcId: String,
    jwt: String,
    status: { type: String, enum: ['active', 'revoked', 'suspended'], required: true },
    statusHistory: [new Schema({ status: String, reason: String, at: Date, actor: String }, { _id: false })],
    statusRefs: [new Schema({ listId: String, index: Number, purpose: String }, { _id: false })],
    awardedDate: Date,
    validUntil: Date,
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', collection: 'credentials', minimize: false },
);
credentialSchema.index({ issuerId: 1, createdAt: 1 });
credentialSchema.index({ issuerId: 1, learnerId: 1 });
credentialSchema.index({ issuerId: 1, achievementId: 1 });
credentialSchema.index({ 'credential.id': 1 });
credentialSchema.index({ issuerId: 1, vcId: 1 });

/**
 * Idempotency claims: `_id` = `<issuerId>:<key>`, so one key can only ever be claimed once. Every
 * attempt at a key issues the credential under the claim's `credentialId`, so however many attempts
 * race, the credential's own unique `_id` lets only one be stored.
 */
export interface IdempotencyDoc {
  _id: string;
  requestHash: string;
  credentialId: string;
  state: 'pending' | 'done';
  /** the attempt working on a pending claim, and until when it holds it (renewed while it works) */
  holder?: string;
  until?: Date;
  createdAt: Date;
}

const idempotencySchema = new Schema<IdempotencyDoc>(
  {
    _id: { type: String, required: true },
    requestHash: { type: String, required: true },
    credentialId: { type: String, required: true },
    state: { type: String, enum: ['pending', 'done'], required: true },
    holder: String,
    until: Date,
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', collection: 'idempotency_keys' },
);

export const credentialModel = (conn: Connection): Model<StoredCredentialDoc> =>
  conn.models.Credential ?? conn.model<StoredCredentialDoc>('Credential', credentialSchema);
export const idempotencyModel = (conn: Connection): Model<IdempotencyDoc> =>
  conn.models.IdempotencyKey ?? conn.model<IdempotencyDoc>('IdempotencyKey', idempotencySchema);
