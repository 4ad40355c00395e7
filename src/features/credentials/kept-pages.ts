import type { ListRow } from './credential-list.model.js';

/** Parsed pages a reader keeps (at most; ≈145 KiB each when full, measured: ≈36 MiB in all). */
const KEPT_PAGES = 256;

/**
 * Pages as read, by id and version, the least recently used dropped first. A page's version goes up
 * with every write, and the head names the version it was written with, so a kept page is used only
 * while the head still names its version. The rows are shared: readers never change them.
 */
export function keptPages() {
  const pages = new Map<string, { v: number; rows: ListRow[] }>();
  return {
    get(id: string, v: number): ListRow[] | undefined {
      const hit = pages.get(id);
      if (hit?.v !== v) return undefined;
      pages.delete(id);
      pages.set(id, hit);
      return hit.rows;
    },
    set(id: string, v: number, rows: ListRow[]): void {
      pages.delete(id);
      pages.set(id, { v, rows });
      if (pages.size > KEPT_PAGES) pages.delete(pages.keys().next().value as string);
    },
  };
}
