import { createTtlCache } from '../../core/ttl-cache.js';
import type { IssuerKeys } from './issuer-keys.repository.js';

export interface SigningKeyCacheOptions {
  /** how long decrypted keys are kept after they were read (default 60 s) */
  ttlMs?: number;
  /** issuers (and did:key keys) kept at most; the oldest goes first (default 1,000) */
  max?: number;
  clock: () => Date;
}

/**
 * Issuer keys with the decrypted signing keys kept in memory for a short while, so an issuance costs
 * no key read and no decryption: `signing` and `ed25519` answers are kept `ttlMs` (60 s) after they
 * were read; `rotate` and `discard` drop the issuer's entries at once in this process. Another
 * instance that rotates an issuer's keys is seen here within `ttlMs`: meanwhile this process still
 * signs with the key just retired, which stays published, so those credentials keep verifying.
 * A failed read is not kept. The objects handed out stay the same while kept (signer.ts imports
 * each once).
 */
export function cacheSigningKeys(keys: IssuerKeys, options: SigningKeyCacheOptions): IssuerKeys {
  const cache = createTtlCache<unknown>({
    ttlMs: options.ttlMs ?? 60_000,
    max: options.max ?? 1_000,
    clock: options.clock,
  });
  const kept = <T>(key: string, issuerId: string, read: () => Promise<T>) =>
    cache.get(key, issuerId, read) as Promise<T>;
  const forget = (issuerId: string) => cache.forget(issuerId);

  return {
    ...keys,
    signing: (issuerId) => kept(`signing:${issuerId}`, issuerId, () => keys.signing(issuerId)),
    ed25519: (issuerId, publicKeyMultibase) =>
      kept(`ed25519:${issuerId}:${publicKeyMultibase}`, issuerId, () =>
        keys.ed25519(issuerId, publicKeyMultibase),
      ),
    async rotate(issuerId) {
      forget(issuerId);
      try {
        return await keys.rotate(issuerId);
      } finally {
        forget(issuerId);
      }
    },
    async discard(issuerId) {
      forget(issuerId);
      await keys.discard(issuerId);
      forget(issuerId);
    },
  };
}
