import { randomBytes, randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { Principal } from '../../actor.js';
import { sameHash, sha256Hex } from '../../infra/local-secrets.js';
import { apiKeyModel } from './api-key.model.js';

export interface ApiKeyInfo {
  id: string;
  issuerId: string;
  prefix: string;
  label?: string;
  createdAt: string;
  revokedAt?: string;
}

export interface ApiKeys {
  /** creates a key and returns its secret — the only time the secret exists outside the caller */
  create(issuerId: string, label?: string): Promise<{ info: ApiKeyInfo; apiKey: string }>;
  list(issuerId: string): Promise<ApiKeyInfo[]>;
  revoke(issuerId: string, id: string): Promise<ApiKeyInfo | undefined>;
  discard(issuerId: string): Promise<void>;
  /** admin token or issuer key → principal; anything else → undefined */
  authenticate(token: string): Promise<Principal | undefined>;
}

const info = (d: {
  _id: string;
  issuerId: string;
  prefix: string;
  label?: string;
  createdAt: Date;
  revokedAt?: Date;
}): ApiKeyInfo => ({
  id: d._id,
  issuerId: d.issuerId,
  prefix: d.prefix,
  ...(d.label ? { label: d.label } : {}),
  createdAt: d.createdAt.toISOString(),
  ...(d.revokedAt ? { revokedAt: d.revokedAt.toISOString() } : {}),
});

/** API keys are 256-bit random secrets, so a plain SHA-256 is a sound storage hash (no stretching needed). */
export function createApiKeys(
  conn: Connection,
  adminTokenHash: string,
  clock: () => Date,
  isIssuerActive: (id: string) => Promise<boolean>,
): ApiKeys {
  const model = apiKeyModel(conn);
  return {
    async create(issuerId, label) {
      const apiKey = `tilts_${randomBytes(32).toString('base64url')}`;
      const doc = {
        _id: randomUUID(),
        issuerId,
        hash: sha256Hex(apiKey),
        prefix: apiKey.slice(0, 12),
        label,
        createdAt: clock(),
      };
      await model.create(doc);
      return { info: info(doc), apiKey };
    },
    async list(issuerId) {
      return (await model.find({ issuerId }).sort({ createdAt: 1 }).lean()).map(info);
    },
    async revoke(issuerId, id) {
      const doc = await model
        .findOneAndUpdate(
          { _id: id, issuerId },
          { $set: { revokedAt: clock() } },
          { returnDocument: 'after' },
        )
        .lean();
      return doc ? info(doc) : undefined;
    },
    async discard(issuerId) {
      await model.deleteMany({ issuerId });
    },
    async authenticate(token) {
      const hash = sha256Hex(token);
      if (sameHash(hash, adminTokenHash)) return { kind: 'admin' };
      if (!token.startsWith('tilts_')) return undefined;
      const doc = await model.findOne({ hash }).lean();
      if (!doc || doc.revokedAt || !(await isIssuerActive(doc.issuerId))) return undefined;
      return { kind: 'issuer', issuerId: doc.issuerId, apiKeyId: doc._id };
    },
  };
}
