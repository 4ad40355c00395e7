/**
 * Batches writes: the first item goes out at once, alone; items that arrive while a write is under
 * way wait for it and then go out together in one write (at most `max` each). Each caller's promise
 * settles with the write that carried its item — a failed write is reported to its own callers alone.
 * At one request in flight nothing waits; at N in flight N items cost about two writes, not N.
 */
export function batched<T>(write: (items: T[]) => Promise<void>, max = 256): (item: T) => Promise<void> {
  let waiting: Array<{ item: T; done: () => void; failed: (error: unknown) => void }> = [];
  let busy = false;
  const flush = async (): Promise<void> => {
    while (waiting.length > 0) {
      const batch = waiting.slice(0, max);
      waiting = waiting.slice(batch.length);
      busy = true;
      try {
        await write(batch.map((w) => w.item));
        for (const w of batch) w.done();
      } catch (error) {
        for (const w of batch) w.failed(error);
      } finally {
        busy = false;
      }
    }
  };
  return (item) =>
    new Promise<void>((done, failed) => {
      waiting.push({ item, done, failed });
      if (!busy) void flush();
    });
}
