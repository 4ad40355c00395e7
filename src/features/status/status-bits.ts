import { AppError } from '../../errors.js';
import { getBit, setBit } from '../../core/status/index.js';
import type { statusListModel } from './status.model.js';

/** lean() hands back BSON Binary for Buffer fields; both forms expose the bytes. */
export const asBytes = (value: unknown): Uint8Array =>
  value instanceof Uint8Array ? value : ((value as { buffer: Uint8Array }).buffer ?? new Uint8Array());

interface BitChange {
  index: number;
  value: boolean;
  done: () => void;
  fail: (error: unknown) => void;
}

/**
 * Bit changes per list, written in batches: the first change to a list takes its lease, and every
 * change that arrives while that write runs goes into the next one. A change resolves only once it is
 * stored; a failed write fails every change in it.
 */
export function createBitWriter(
  lists: ReturnType<typeof statusListModel>,
  underLease: (listId: string, work: () => Promise<void>) => Promise<void>,
) {
  const queues = new Map<string, BitChange[]>();

  const write = async (listId: string, changes: BitChange[]): Promise<void> => {
    const doc = await lists.findById(listId, { bits: 1, version: 1 }).lean();
    if (!doc) throw new AppError('internal-error', `status list ${listId} not found`);
    const bits = new Uint8Array(Buffer.from(asBytes(doc.bits)));
    let changed = false;
    for (const { index, value } of changes) {
      if (getBit(bits, index) === value) continue;
      setBit(bits, index, value);
      changed = true;
    }
    if (changed)
      await lists.updateOne({ _id: listId }, { $set: { bits: Buffer.from(bits) }, $inc: { version: 1 } });
  };

  const drain = async (listId: string, queue: BitChange[]): Promise<void> => {
    while (queue.length) {
      const batch = queue.splice(0);
      try {
        await underLease(listId, () => write(listId, batch));
        for (const change of batch) change.done();
      } catch (error) {
        for (const change of batch) change.fail(error);
      }
    }
    queues.delete(listId);
  };

  return (listId: string, index: number, value: boolean): Promise<void> =>
    new Promise((done, fail) => {
      const queue = queues.get(listId);
      if (queue) return void queue.push({ index, value, done, fail });
      const fresh: BitChange[] = [{ index, value, done, fail }];
      queues.set(listId, fresh);
      void drain(listId, fresh);
    });
}
