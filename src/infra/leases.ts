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
  /**
   * a lease outlives its holder's last renewal by this long; a live holder renews it every third of
   * it, so above 3 × CLOCK_GRACE_MS a holder whose renewals run in time never finds itself late
   */
  ttlMs?: number;
  /** how long to wait for a busy lease before answering 503 */
  waitMs?: number;
}

/**
 * What a holder's work is given. `check()` throws LeaseLostError once the lease may have passed to
 * someone else: its holder could not renew it in time (its process was paused, or the store too slow)
 * and it is within CLOCK_GRACE_MS of expiring. Work calls it right before each write the lease
 * guards, so a holder that wakes from a long pause writes nothing: only a pause between that check
 * and the store applying the write remains unguarded (FerretDB has no atomic compare-and-set to close it).
 */
export interface Lease {
  check(): void;
}

/** Runs work as the only holder of a named lease. */
export type WithLease = <T>(key: string, work: (lease: Lease) => Promise<T>) => Promise<T>;

const busy = (key: string) =>
  new AppError(
    'service-unavailable',
    `The service is busy with ${key.split(':')[0]}; try again shortly`,
    [],
    {
      'Retry-After': '1',
    },
  );

/** The holder's lease ran out before a write it guards: nothing was written; the work may be tried again. */
export class LeaseLostError extends AppError {
  constructor(key: string) {
    super(
      'service-unavailable',
      `The service lost its turn with ${key.split(':')[0]}; try again shortly`,
      [],
      {
        'Retry-After': '1',
      },
    );
  }
}

interface LeaseTable {
  leases: Model<LeaseDoc>;
  marks: Marks;
  now: () => number;
}

/**
 * A holder touches its lease only with its token in the filter: one round trip. On MongoDB that is
 * a compare-and-set; FerretDB reads the document and writes it by `_id` inside the command, which is
 * what a separate read and write did, with a shorter gap. What makes it safe on both is `late()`: a
 * holder stops touching its lease well before anyone may take it over (CLOCK_GRACE_MS). The filter
 * on `token` scans the `leases` collection on FerretDB, which holds only the live leases and rare marks.
 */
const mine = (key: string, token: string) => ({ _id: key, token });

/** Ends the lease instance `token` of `key`, if this caller is the one to decide it ends. */
async function endLease({ leases, marks }: LeaseTable, key: string, token: string): Promise<void> {
  if (!(await marks.take(`ended:${key}:${token}`))) return;
  const current = await leases.findById(key).lean();
  if (current?.token === token) await leases.deleteOne({ _id: key });
}

async function takeOverIfAbandoned(t: LeaseTable, key: string): Promise<void> {
  const current = await t.leases.findById(key).lean();
  if (current && new Date(current.until).getTime() + CLOCK_GRACE_MS < t.now())
    await endLease(t, key, current.token);
}

/**
 * Takes the lease `key` as `token`, waiting up to `waitMs` for its holder: answers when it expires by
 * this process's monotonic clock (performance.now()), which a step of the wall clock does not move.
 */
async function acquireLease(t: LeaseTable, key: string, token: string, ttlMs: number, waitMs: number) {
  const started = performance.now();
  for (let attempt = 0; ; attempt += 1) {
    const sent = performance.now();
    try {
      await t.leases.create({ _id: key, token, until: new Date(t.now() + ttlMs) });
      return sent + ttlMs;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    if (attempt % 10 === 9) await takeOverIfAbandoned(t, key);
    if (performance.now() - started > waitMs) throw busy(key);
    await delay(Math.min(2 + attempt, 25) + randomInt(4));
  }
}

/**
 * Runs `work` under the lease `key` taken as `token`, renewing it every third of `ttlMs`; `expires` is
 * when it runs out by the monotonic clock (a renewal moves it on from the moment it was sent).
 */
async function holdLease<T>(
  t: LeaseTable,
  { key, token, expires: taken, ttlMs }: { key: string; token: string; expires: number; ttlMs: number },
  work: (lease: Lease) => Promise<T>,
): Promise<T> {
  let expires = taken;
  const late = () => performance.now() >= expires - CLOCK_GRACE_MS;
  let renewing: Promise<unknown> = Promise.resolve();
  const renew = () => {
    if (late()) return; // too late to touch it safely; release will go through the mark
    const sent = performance.now();
    renewing = (async () => {
      const until = new Date(t.now() + ttlMs);
      const { matchedCount } = await t.leases.updateOne(mine(key, token), { $set: { until } });
      if (matchedCount === 1) expires = sent + ttlMs;
    })().catch(() => undefined); // a failed renewal is retried on the next tick
  };
  const timer = setInterval(renew, Math.max(50, Math.floor(ttlMs / 3)));
  timer.unref();
  try {
    return await work({
      check: () => {
        if (late()) throw new LeaseLostError(key);
      },
    });
  } finally {
    clearInterval(timer);
    await renewing;
    // a lease that cannot be given back (store gone) expires and is taken over: never mask the work's outcome
    await (late() ? endLease(t, key, token) : t.leases.deleteOne(mine(key, token))).catch(() => undefined);
  }
}

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
  const t: LeaseTable = {
    leases: leaseModel(conn),
    marks: createMarks(conn, clock),
    now: () => clock().getTime(),
  };
  return async (key, work) => {
    const token = randomUUID();
    const expires = await acquireLease(t, key, token, ttlMs, waitMs);
    return holdLease(t, { key, token, expires, ttlMs }, work);
  };
}
