import { LRUCache } from 'lru-cache';
import type { JsonRecord } from './util.js';

/** A fetched document and the number of bytes it was read from (what the cache's size limit counts). */
export interface CachedDocument {
  document: JsonRecord;
  bytes: number;
}

/** The remote resolver's document cache: least-recently-used, bounded by count and by bytes, with expiry. */
export type RemoteCache = LRUCache<string, CachedDocument>;

export interface RemoteCacheLimits {
  /** documents kept at most */
  maxEntries: number;
  /** response bytes kept at most, all documents together */
  maxBytes: number;
  /** how long a document is served from the cache */
  ttlMs: number;
}

/** 256 documents, 8 MB of responses, 5 minutes: a few hundred issuers' keys and lists, never more memory. */
export const REMOTE_CACHE_LIMITS: RemoteCacheLimits = {
  maxEntries: 256,
  maxBytes: 8 * 1024 * 1024,
  ttlMs: 5 * 60 * 1000,
};

/**
 * The cache of remote controller documents and status lists: an LRU bounded by entry count and by
 * total response size, whose entries expire after `ttlMs` on the injected clock (ms). A document
 * larger than the whole budget is simply not kept.
 */
export function createRemoteCache(limits: Partial<RemoteCacheLimits>, now: () => number): RemoteCache {
  const { maxEntries, maxBytes, ttlMs } = { ...REMOTE_CACHE_LIMITS, ...limits };
  return new LRUCache<string, CachedDocument>({
    max: maxEntries,
    maxSize: maxBytes,
    // a parsed document costs more than its bytes; a floor keeps tiny documents from being free
    sizeCalculation: (entry) => Math.max(entry.bytes, 1),
    ttl: ttlMs,
    // read the injected clock on every check (no cached "now", no timers)
    ttlResolution: 0,
    perf: { now },
  });
}
