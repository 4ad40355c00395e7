import { Schema, type Connection, type Model } from 'mongoose';
import { langMapSchema } from '../shared/mongo-types.js';

export interface IssuerDoc {
  _id: string;
  slug: string;
  legalName: Record<string, string>;
  legalIdentifier: { value: string; country: string };
  country: string;
  region?: string;
  homepage: string;
  email: string;
  logo?: string;
  qualityAssurance?: Record<string, string>;
  status: 'active' | 'archived';
  createdAt: Date;
  updatedAt: Date;
}

const issuerSchema = new Schema<IssuerDoc>(
  {
    _id: { type: String, required: true },
    slug: { type: String, required: true, unique: true, match: /^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/ },
    legalName: { type: langMapSchema, required: true },
    legalIdentifier: {
      type: new Schema(
        {
          value: { type: String, required: true },
          country: { type: String, required: true, match: /^[A-Z]{2}$/ },
        },
        { _id: false },
      ),
      required: true,
    },
    country: { type: String, required: true, match: /^[A-Z]{2}$/ },
    region: String,
    homepage: { type: String, required: true },
    email: { type: String, required: true },
    logo: String,
    qualityAssurance: langMapSchema,
    status: { type: String, enum: ['active', 'archived'], default: 'active', required: true },
  },
  { timestamps: true, strict: 'throw', collection: 'issuers' },
);
issuerSchema.index({ createdAt: 1 });

export const issuerModel = (conn: Connection): Model<IssuerDoc> =>
  conn.models.Issuer ?? conn.model<IssuerDoc>('Issuer', issuerSchema);
