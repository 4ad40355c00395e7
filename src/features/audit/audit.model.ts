import { Schema, type Connection, type Model } from 'mongoose';

/** One audit event. Append-only: the repository has no update or delete, and the model refuses them. */
export interface AuditDoc {
  _id: string;
  at: Date;
  /** "admin" or "api-key:<id>" or "system" */
  actor: string;
  /** the issuer the event belongs to (absent for platform events) */
  issuerId?: string;
  /** e.g. issuer.created, achievement.updated, credential.issued */
  action: string;
  targetType: string;
  targetId: string;
  requestId?: string;
  /** ids and codes only — never personal data */
  details?: Record<string, unknown>;
}

const auditSchema = new Schema<AuditDoc>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    issuerId: String,
    action: { type: String, required: true },
    targetType: { type: String, required: true },
    targetId: { type: String, required: true },
    requestId: String,
    details: { type: Schema.Types.Mixed },
  },
  { strict: 'throw', collection: 'audit_log' },
);
auditSchema.index({ issuerId: 1, at: 1 });
auditSchema.index({ at: 1 });

const refuse = function (): never {
  throw new Error('the audit log is append-only');
};
for (const op of [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndDelete',
] as const) {
  auditSchema.pre(op, refuse);
}

export const auditModel = (conn: Connection): Model<AuditDoc> =>
  conn.models.AuditEvent ?? conn.model<AuditDoc>('AuditEvent', auditSchema);
