import type { IssuerKeys } from './issuer-keys.repository.js';

export interface SigningKeyCacheOptions {
  /** how long decrypted keys are kept after they were read (default 60 s) */
  ttlMs?: number;
  /** issuers (and did:key keys) kept at most; the oldest goes first (default 1,000) */
  max?: number;
  clock: () => Date;
}

/** Keys kept per issuer (its current pair) or per did:key: until `until`, then read again. */
interface Entry<T> {
  issuerId: string;
  until: number;
  value: Promise<T>;
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
  const ttl = options.ttlMs ?? 60_000;
  const max = options.max ?? 1_000;
  const entries = new Map<string, Entry<unknown>>();
  const now = () => options.clock().getTime();

  const kept = <T>(key: string, issuerId: string, read: () => Promise<T>): Promise<T> => {
    const hit = entries.get(key);
    if (hit && hit.until > now()) return hit.value as Promise<T>;
    const value = read();
    entries.delete(key);
    entries.set(key, { issuerId, until: now() + ttl, value });
    if (entries.size > max) entries.delete(entries.keys().next().value as string);
    value.catch(() => {
      if (entries.get(key)?.value === value) entries.delete(key);
    });
    return value;
  };

  const forget = (issuerId: string) => {
    for (const [key, entry] of entries) if (entry.issuerId === issuerId) entries.delete(key);
  };

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
