/**
 * Batches writes: the first item goes out at once, alone; items that arrive while a write is under
 * way wait for it and then go out together in one write (at most `max` each). Each caller's promise
 * settles with the write that carried its item — a failed write is reported to its own callers alone.
 * At one request in flight nothing waits; at N in flight N items cost about two writes, not N.
 */
export function batched<T>(write: (items: T[]) => Promise<void>, max = 256): (item: T) => Promise<void> {
  return batchedEach<T, void>(async (items) => {
    await write(items);
    return items.map(() => undefined);
  }, max);
}

/**
 * As {@link batched}, with an answer per item: `write` returns one result for each item, in order
 * (e.g. whether a unique insert took it), and each caller gets its own.
 */
export function batchedEach<T, R>(write: (items: T[]) => Promise<R[]>, max = 256): (item: T) => Promise<R> {
  let waiting: Array<{ item: T; done: (result: R) => void; failed: (error: unknown) => void }> = [];
  let busy = false;
  const flush = async (): Promise<void> => {
    while (waiting.length > 0) {
      const batch = waiting.slice(0, max);
      waiting = waiting.slice(batch.length);
      busy = true;
      try {
        const results = await write(batch.map((w) => w.item));
        batch.forEach((w, i) => w.done(results[i] as R));
      } catch (error) {
        for (const w of batch) w.failed(error);
      } finally {
        busy = false;
      }
    }
  };
  return (item) =>
    new Promise<R>((done, failed) => {
      waiting.push({ item, done, failed });
      if (!busy) void flush();
    });
}
