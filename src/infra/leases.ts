import { randomInt, randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Schema, type Connection, type Model } from 'mongoose';

interface LeaseDoc {
  _id: string;
  token: string;
  until: Date;
}

const leaseSchema = new Schema<LeaseDoc>(
  {
    _id: { type: String, required: true },
    token: { type: String, required: true },
    until: { type: Date, required: true },
  },
  { strict: 'throw', collection: 'leases' },
);

const leaseModel = (conn: Connection): Model<LeaseDoc> =>
  conn.models.Lease ?? conn.model<LeaseDoc>('Lease', leaseSchema);

const isDuplicate = (error: unknown): boolean => (error as { code?: number })?.code === 11000;

export interface LeaseOptions {
  clock: () => Date;
  /** a lease outlives a holder that died mid-work by this long; a live holder gives it back at once */
  ttlMs?: number;
  /** how many times to try before giving up */
  attempts?: number;
}

/** Runs work as the only holder of a named lease. */
export type WithLease = <T>(key: string, work: () => Promise<T>) => Promise<T>;

/**
 * Mutual exclusion across service instances, on any MongoDB-compatible store. FerretDB (SQLite)
 * applies a filtered update by reading the document and writing all of it back, so a filter is no
 * compare-and-set there; a unique insert is atomic everywhere. Read-check-write sequences on one record
 * (a status list's bits, a credential's status) therefore run under a lease claimed by such an insert.
 */
export function createLeases(
  conn: Connection,
  { clock, ttlMs = 15_000, attempts = 5_000 }: LeaseOptions,
): WithLease {
  const leases = leaseModel(conn);
  return async (key, work) => {
    const token = randomUUID();
    for (let attempt = 0; ; attempt += 1) {
      try {
        await leases.create({ _id: key, token, until: new Date(clock().getTime() + ttlMs) });
        break;
      } catch (error) {
        if (!isDuplicate(error)) throw error;
        if (attempt >= attempts) throw new Error(`${key} is busy`, { cause: error });
        if (attempt % 20 === 19) await leases.deleteOne({ _id: key, until: { $lt: clock() } });
        await delay(1 + randomInt(2 + Math.min(attempt, 10)));
      }
    }
    try {
      return await work();
    } finally {
      await leases.deleteOne({ _id: key, token });
    }
  };
}
