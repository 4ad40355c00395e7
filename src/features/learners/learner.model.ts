import { Schema, type Connection, type Model } from 'mongoose';
import type { LearnerRecord } from '../../core/types.js';

export type LearnerDoc = Omit<LearnerRecord, 'id' | 'createdAt' | 'updatedAt'> & {
  _id: string;
  createdAt: Date;
  updatedAt: Date;
};

const learnerSchema = new Schema<LearnerDoc>(
  {
    _id: { type: String, required: true },
    issuerId: { type: String, required: true },
    givenName: { type: String, required: true },
    familyName: { type: String, required: true },
    email: { type: String, required: true },
    did: String,
    preferredLanguage: { type: String, enum: ['en', 'lv', 'lt'], required: true, default: 'lv' },
    status: { type: String, enum: ['active', 'archived'], required: true, default: 'active' },
  },
  { timestamps: true, strict: 'throw', collection: 'learners' },
);
learnerSchema.index({ issuerId: 1, email: 1 }, { unique: true });
learnerSchema.index({ issuerId: 1, createdAt: 1 });

export const learnerModel = (conn: Connection): Model<LearnerDoc> =>
  conn.models.Learner ?? conn.model<LearnerDoc>('Learner', learnerSchema);
