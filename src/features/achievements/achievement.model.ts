import { Schema, type Connection, type Model } from 'mongoose';
import type { AchievementRecord } from '../../core/types.js';
import { langMapSchema } from '../shared/mongo-types.js';

export type AchievementDoc = Omit<AchievementRecord, 'id' | 'createdAt' | 'updatedAt'> & {
  _id: string;
  createdAt: Date;
  updatedAt: Date;
};

const requiredLangMap = { type: langMapSchema, required: true };

const organisationSchema = new Schema(
  { name: requiredLangMap, country: { type: String, required: true }, url: String, identifier: String },
  { _id: false },
);

const achievementSchema = new Schema<AchievementDoc>(
  {
    _id: { type: String, required: true },
    issuerId: { type: String, required: true },
    title: requiredLangMap,
    description: requiredLangMap,
    criteria: requiredLangMap,
    learningOutcomes: {
      type: [
        new Schema(
          { text: requiredLangMap, escoSkills: { type: [String], default: undefined } },
          { _id: false },
        ),
      ],
      required: true,
      validate: (v: unknown[]) => v.length > 0,
    },
    workload: {
      type: new Schema(
        {
          hours: { type: Number, required: true, min: 1, max: 2000 },
          credits: new Schema(
            { system: { type: String, required: true }, value: { type: Number, required: true, min: 0 } },
            { _id: false },
          ),
        },
        { _id: false },
      ),
      required: true,
    },
    eqfLevel: { type: Number, required: true, min: 1, max: 8 },
    nqfLevel: new Schema(
      { framework: { type: String, enum: ['LV', 'LT'] }, level: { type: Number, min: 1, max: 8 } },
      { _id: false },
    ),
    iscedField: { type: String, required: true },
    assessmentTypes: { type: [String], required: true, validate: (v: unknown[]) => v.length > 0 },
    participationForm: { type: String, required: true },
    learningSetting: String,
    qualityAssurance: {
      type: new Schema(
        { type: { type: String, required: true }, description: langMapSchema, body: organisationSchema },
        { _id: false },
      ),
      required: true,
    },
    awardingBody: organisationSchema,
    prerequisites: langMapSchema,
    supervision: String,
    gradeScheme: new Schema(
      {
        resultType: { type: String, required: true },
        name: requiredLangMap,
        allowedValues: { type: [String], default: undefined },
        valueMin: String,
        valueMax: String,
        requiredValue: String,
      },
      { _id: false },
    ),
    stackability: new Schema(
      {
        mode: { type: String, enum: ['stand-alone', 'integrated'], required: true },
        isPartOf: { type: [String], default: [] },
        combines: { type: [String], default: [] },
      },
      { _id: false },
    ),
    furtherInformation: langMapSchema,
    image: String,
    version: { type: Number, required: true, min: 1 },
    status: { type: String, enum: ['active', 'archived'], required: true, default: 'active' },
  },
  { timestamps: true, strict: 'throw', collection: 'achievements' },
);
achievementSchema.index({ issuerId: 1, createdAt: 1 });

export const achievementModel = (conn: Connection): Model<AchievementDoc> =>
  conn.models.Achievement ?? conn.model<AchievementDoc>('Achievement', achievementSchema);
