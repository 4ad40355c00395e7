/**
 * Coalesces repeated work on one key: at most one run per key at a time, and at most one more queued
 * behind it. A caller asking while a run is under way joins the queued run, which starts after the
 * current one ends and so sees everything that happened before the caller asked. N concurrent asks
 * for one key cost at most two runs, never N; a failed run is reported to its callers alone.
 */
export function coalesce(work: (key: string) => Promise<void>): (key: string) => Promise<void> {
  const running = new Map<string, Promise<void>>();
  const queued = new Map<string, Promise<void>>();
  const start = (key: string): Promise<void> => {
    const run = work(key).finally(() => running.delete(key));
    running.set(key, run);
    return run;
  };
  return (key) => {
    const waiting = queued.get(key);
    if (waiting) return waiting;
    const current = running.get(key);
    if (!current) return start(key);
    const next = current
      .catch(() => undefined)
      .then(() => {
        queued.delete(key);
        return start(key);
      });
    queued.set(key, next);
    return next;
  };
}
