export interface TtlCacheOptions<T = unknown> {
  /** how long an answer is kept after it was read */
  ttlMs: number;
  /** entries kept at most; the oldest goes first */
  max: number;
  clock: () => Date;
  /** answers not to keep (e.g. "not found": a miss read again each time cannot crowd the hits out) */
  keep?: (value: T) => boolean;
}

/**
 * Answers of an async read, kept for `ttlMs` by key, each under a `group` that `forget` drops at once
 * (e.g. every entry of one issuer). A failed read is not kept; concurrent reads of a key share one.
 */
export interface TtlCache<T> {
  get(key: string, group: string, read: () => Promise<T>): Promise<T>;
  forget(group: string): void;
  /** drops one key */
  drop(key: string): void;
}

export function createTtlCache<T>({ ttlMs, max, clock, keep }: TtlCacheOptions<T>): TtlCache<T> {
  const entries = new Map<string, { group: string; until: number; value: Promise<T> }>();
  const now = () => clock().getTime();
  return {
    get(key, group, read) {
      const hit = entries.get(key);
      if (hit && hit.until > now()) return hit.value;
      const value = read();
      entries.delete(key);
      entries.set(key, { group, until: now() + ttlMs, value });
      if (entries.size > max) entries.delete(entries.keys().next().value as string);
      const unkeep = () => {
        if (entries.get(key)?.value === value) entries.delete(key);
      };
      value.then((v) => keep && !keep(v) && unkeep(), unkeep);
      return value;
    },
    forget(group) {
      for (const [key, entry] of entries) if (entry.group === group) entries.delete(key);
    },
    drop(key) {
      entries.delete(key);
    },
  };
}
