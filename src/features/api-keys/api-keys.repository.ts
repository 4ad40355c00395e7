import { randomBytes, randomUUID } from 'node:crypto';
import type { Connection, Model } from 'mongoose';
import type { Principal } from '../../actor.js';
import { createTtlCache } from '../../core/ttl-cache.js';
import { sameHash, sha256Hex } from '../../infra/local-secrets.js';
import { apiKeyModel, type ApiKeyDoc } from './api-key.model.js';

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

/** How long a found API key is kept in memory (by the hash of its secret) before it is read again. */
export const API_KEY_KEPT_MS = 5_000;

type KeyDoc = { _id: string; issuerId: string; revokedAt?: Date | null };

/**
 * A new key: its secret (returned once to the caller) and the record stored for it. Only the SHA-256 of
 * the secret and a short prefix (to recognise the key in lists) are stored, so a read of the store never
 * yields a usable key.
 */
function newApiKey(issuerId: string, label: string | undefined, createdAt: Date) {
  const apiKey = `tilts_${randomBytes(32).toString('base64url')}`;
  const doc = {
    _id: randomUUID(),
    issuerId,
    hash: sha256Hex(apiKey),
    prefix: apiKey.slice(0, 12),
    label,
    createdAt,
  };
  return { apiKey, doc };
}

/**
 * The key records found by the hash of their secret, kept for {@link API_KEY_KEPT_MS} so a burst of
 * requests with one key reads it once. Only found keys are kept (see `keep`): guessed secrets that match
 * nothing cannot crowd the kept keys out.
 */
function createKeptKeys(model: Model<ApiKeyDoc>, clock: () => Date) {
  const kept = createTtlCache<KeyDoc | undefined>({
    ttlMs: API_KEY_KEPT_MS,
    max: 10_000,
    clock,
    keep: (doc) => doc !== undefined,
  });
  const find = (hash: string): Promise<KeyDoc | undefined> =>
    kept.get(
      hash,
      hash,
      async () => (await model.findOne({ hash }, { issuerId: 1, revokedAt: 1 }).lean()) ?? undefined,
    );
  return { find, drop: (hash: string) => kept.drop(hash) };
}

/**
 * Admin token or issuer key → principal. The admin token is compared by hash in constant time; a token
 * without the key prefix is not looked up, and a key counts only while it is not revoked and its issuer
 * is active (so deactivating an issuer shuts out all its keys without touching them).
 */
function authenticator(
  adminTokenHash: string,
  find: (hash: string) => Promise<KeyDoc | undefined>,
  isIssuerActive: (id: string) => Promise<boolean>,
): ApiKeys['authenticate'] {
  return async (token) => {
    const hash = sha256Hex(token);
    if (sameHash(hash, adminTokenHash)) return { kind: 'admin' };
    if (!token.startsWith('tilts_')) return undefined;
    const doc = await find(hash);
    if (!doc || doc.revokedAt || !(await isIssuerActive(doc.issuerId))) return undefined;
    return { kind: 'issuer', issuerId: doc.issuerId, apiKeyId: doc._id };
  };
}

/**
 * API keys are 256-bit random secrets, so a plain SHA-256 is a sound storage hash (no stretching needed).
 * A key that was found is kept for 5 s, so a burst of requests reads it once; a revocation or removal in
 * this process drops it at once, one in another instance takes effect there within the 5 s. A secret
 * that matches no key is not kept, so guessed secrets cannot crowd the kept keys out.
 */
export function createApiKeys(
  conn: Connection,
  adminTokenHash: string,
  clock: () => Date,
  isIssuerActive: (id: string) => Promise<boolean>,
): ApiKeys {
  const model = apiKeyModel(conn);
  const kept = createKeptKeys(model, clock);
  return {
    async create(issuerId, label) {
      const { apiKey, doc } = newApiKey(issuerId, label, clock());
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
      if (doc) kept.drop(doc.hash);
      return doc ? info(doc) : undefined;
    },
    async discard(issuerId) {
      const hashes = (await model.find({ issuerId }, { hash: 1 }).lean()).map((d) => d.hash);
      await model.deleteMany({ issuerId });
      for (const hash of hashes) kept.drop(hash);
    },
    authenticate: authenticator(adminTokenHash, kept.find, isIssuerActive),
  };
}
