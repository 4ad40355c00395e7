import { AppError } from '../../errors.js';
import { LeaseLostError, type Lease } from '../../infra/leases.js';
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

/** How many times in a row a batch is taken to a new lease after its holder lost one to a pause. */
const LOST_RETRIES = 3;

/**
 * Bit changes per list, written in batches: the first change to a list takes its lease, and every
 * change that arrives while that write runs goes into the next one. A change resolves only once it is
 * stored; a failed write fails every change in it. A holder that finds its lease lost right before
 * writing (it was paused past its renewals) writes nothing — its bits, read before the pause, could
 * undo a revocation another instance wrote meanwhile — and the batch is read and written anew.
 */
export function createBitWriter(
  lists: ReturnType<typeof statusListModel>,
  underLease: (listId: string, work: (lease: Lease) => Promise<void>) => Promise<void>,
) {
  const queues = new Map<string, BitChange[]>();

  const write = async (listId: string, changes: BitChange[], lease: Lease): Promise<void> => {
    const doc = await lists.findById(listId, { bits: 1, version: 1 }).lean();
    if (!doc) throw new AppError('internal-error', `status list ${listId} not found`);
    const bits = new Uint8Array(Buffer.from(asBytes(doc.bits)));
    let changed = false;
    for (const { index, value } of changes) {
      if (getBit(bits, index) === value) continue;
      setBit(bits, index, value);
      changed = true;
    }
    if (!changed) return;
    lease.check();
    await lists.updateOne({ _id: listId }, { $set: { bits: Buffer.from(bits) }, $inc: { version: 1 } });
  };

  const drain = async (listId: string, queue: BitChange[]): Promise<void> => {
    while (queue.length) {
      const batch = queue.splice(0);
      for (let lost = 0; ; lost += 1) {
        try {
          await underLease(listId, (lease) => write(listId, batch, lease));
          for (const change of batch) change.done();
        } catch (error) {
          if (error instanceof LeaseLostError && lost < LOST_RETRIES) continue;
          for (const change of batch) change.fail(error);
        }
        break;
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
