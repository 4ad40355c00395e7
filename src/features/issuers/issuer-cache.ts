import { createTtlCache } from '../../core/ttl-cache.js';
import type { IssuerRecord } from '../../core/types.js';
import type { IssuersRepository } from './issuers.repository.js';

export interface IssuerCacheOptions {
  /** how long an issuer record is kept after it was read (default 5 s) */
  ttlMs?: number;
  /** records kept at most (default 1,000) */
  max?: number;
  clock: () => Date;
}

/**
 * Issuer records by id kept in memory for a short while (5 s), so that one request reads its issuer
 * once (authentication, then the use case) and a burst of requests of one issuer reads it once. An
 * insert, update or removal in this process drops the record at once; a change made by another
 * instance is seen here within the lifetime. Each caller gets its own copy.
 */
export function cacheIssuerRecords(repo: IssuersRepository, options: IssuerCacheOptions): IssuersRepository {
  const cache = createTtlCache<IssuerRecord | undefined>({
    ttlMs: options.ttlMs ?? 5_000,
    max: options.max ?? 1_000,
    clock: options.clock,
  });
  const dropping =
    <A extends [string, ...unknown[]], R>(write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      cache.forget(args[0]);
      try {
        return await write(...args);
      } finally {
        cache.forget(args[0]);
      }
    };
  return {
    ...repo,
    get: async (id) => structuredClone(await cache.get(id, id, () => repo.get(id))),
    insert: async (record) => dropping(async (_id: string) => repo.insert(record))(record.id),
    update: dropping(repo.update),
    remove: dropping(repo.remove),
  };
}
