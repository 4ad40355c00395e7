import { randomInt, randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Schema, type Connection, type Model } from 'mongoose';
import { AppError } from '../errors.js';
import { isDuplicateKeyError } from './mongo.js';

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

/**
 * How far apart the clocks of two service instances (and a holder's last look at its clock and its
 * write) may be: a lease counts as abandoned only this long after it expired, and a holder stops
 * touching its lease this long before it expires.
 */
export const CLOCK_GRACE_MS = 2_000;

/** Decisions taken once: the first to insert a mark wins, on any store (a unique insert is atomic everywhere). */
export interface Marks {
  /** true for exactly one caller per id, ever */
  take(id: string): Promise<boolean>;
}

export function createMarks(conn: Connection, clock: () => Date): Marks {
  const leases = leaseModel(conn);
  return {
    async take(id) {
      try {
        await leases.create({ _id: `mark:${id}`, token: id, until: clock() });
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    },
  };
}

export interface LeaseOptions {
  clock: () => Date;
  /** a lease outlives its holder's last renewal by this long; a live holder renews it every third of it */
  ttlMs?: number;
  /** how long to wait for a busy lease before answering 503 */
  waitMs?: number;
}

/** Runs work as the only holder of a named lease. */
export type WithLease = <T>(key: string, work: () => Promise<T>) => Promise<T>;

const busy = (key: string) =>
  new AppError(
    'service-unavailable',
    `The service is busy with ${key.split(':')[0]}; try again shortly`,
    [],
    {
      'Retry-After': '1',
    },
  );

/**
 * Mutual exclusion across service instances, on any MongoDB-compatible store. FerretDB (SQLite)
 * applies a filtered update or delete by reading the document and then writing or deleting it by
 * `_id`, so no filter is a compare-and-set there; a unique insert is the one atomic step everywhere.
 * So: a lease is taken by inserting `{_id: key}`; its holder renews it while the work runs, so a slow
 * holder keeps it; a lease whose holder stopped renewing (it died) is ended by whoever first inserts
 * the mark `ended:<key>:<token>` — of two takers racing for one expired lease exactly one wins and
 * removes it, and a holder that wakes up late must win that same mark before it touches its lease, so
 * it can never remove a lease someone else took since. Marks are rare (only abandoned or late leases).
 */
export function createLeases(
  conn: Connection,
  { clock, ttlMs = 10_000, waitMs = 8_000 }: LeaseOptions,
): WithLease {
  const leases = leaseModel(conn);
  const marks = createMarks(conn, clock);
  const now = () => clock().getTime();

  /**
   * A holder touches its lease only with its token in the filter: one round trip. On MongoDB that is
   * a compare-and-set; FerretDB reads the document and writes it by `_id` inside the command, which is
   * what a separate read and write did, with a shorter gap. What makes it safe on both is `late()`: a
   * holder stops touching its lease well before anyone may take it over (CLOCK_GRACE_MS). The filter
   * on `token` scans the `leases` collection on FerretDB, which holds only the live leases and rare marks.
   */
  const mine = (key: string, token: string) => ({ _id: key, token });

  /** Ends the lease instance `token` of `key`, if this caller is the one to decide it ends. */
  const end = async (key: string, token: string): Promise<void> => {
    if (!(await marks.take(`ended:${key}:${token}`))) return;
    const current = await leases.findById(key).lean();
    if (current?.token === token) await leases.deleteOne({ _id: key });
  };

  const takeOverIfAbandoned = async (key: string): Promise<void> => {
    const current = await leases.findById(key).lean();
    if (current && new Date(current.until).getTime() + CLOCK_GRACE_MS < now()) await end(key, current.token);
  };

  const acquire = async (key: string, token: string): Promise<number> => {
    const started = performance.now();
    for (let attempt = 0; ; attempt += 1) {
      const until = now() + ttlMs;
      try {
        await leases.create({ _id: key, token, until: new Date(until) });
        return until;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      if (attempt % 10 === 9) await takeOverIfAbandoned(key);
      if (performance.now() - started > waitMs) throw busy(key);
      await delay(Math.min(2 + attempt, 25) + randomInt(4));
    }
  };

  return async (key, work) => {
    const token = randomUUID();
    let until = await acquire(key, token);
    const late = () => now() >= until - CLOCK_GRACE_MS;
    let renewing: Promise<unknown> = Promise.resolve();
    const renew = () => {
      if (late()) return; // too late to touch it safely; release will go through the mark
      const next = now() + ttlMs;
      renewing = (async () => {
        const { matchedCount } = await leases.updateOne(mine(key, token), {
          $set: { until: new Date(next) },
        });
        if (matchedCount === 1) until = next;
      })().catch(() => undefined); // a failed renewal is retried on the next tick
    };
    const release = async () => {
      if (late()) await end(key, token);
      else await leases.deleteOne(mine(key, token));
    };
    const timer = setInterval(renew, Math.max(50, Math.floor(ttlMs / 3)));
    timer.unref();
    try {
      return await work();
    } finally {
      clearInterval(timer);
      await renewing;
      // a lease that cannot be given back (store gone) expires and is taken over: never mask the work's outcome
      await release().catch(() => undefined);
    }
  };
}
