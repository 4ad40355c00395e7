import { Schema, type Connection, type Model } from 'mongoose';

/** An issuer API key; only the SHA-256 of the secret is stored. */
export interface ApiKeyDoc {
  _id: string;
  issuerId: string;
  hash: string;
  /** the first characters of the key, to recognise it in lists */
  prefix: string;
  label?: string;
  createdAt: Date;
  revokedAt?: Date;
}

const apiKeySchema = new Schema<ApiKeyDoc>(
  {
    _id: { type: String, required: true },
    issuerId: { type: String, required: true },
    hash: { type: String, required: true, unique: true },
    prefix: { type: String, required: true },
    label: String,
    createdAt: { type: Date, required: true },
    revokedAt: Date,
  },
  { strict: 'throw', collection: 'api_keys' },
);
apiKeySchema.index({ issuerId: 1, createdAt: 1 });

export const apiKeyModel = (conn: Connection): Model<ApiKeyDoc> =>
  conn.models.ApiKey ?? conn.model<ApiKeyDoc>('ApiKey', apiKeySchema);
