import mongoose, { type Connection, type Model, type Schema } from 'mongoose';
import { batchedEach } from '../core/batch.js';
import type { Logger } from './logger.js';
import { failFastWhenDown, StoreDownError, watchStoreHealth, type StoreHealth } from './store-health.js';

/**
 * A unique-index violation. MongoDB says code 11000; FerretDB's SQLite backend says so for inserts but
 * reports findAndModify and update violations as InternalError "UNIQUE constraint failed".
 */
export function isDuplicateKeyError(error: unknown): boolean {
  const e = error as { code?: unknown; name?: unknown; message?: unknown } | null | undefined;
  if (e?.code === 11000 || e?.code === 11001) return true;
  return e?.name === 'MongoServerError' && /UNIQUE constraint failed/.test(String(e.message));
}

const { MongoError, MongoNetworkError, MongoServerError, MongoServerSelectionError } = mongoose.mongo;

/** Driver failures that mean "the store cannot be reached or is going away", never "bad input". */
const UNREACHABLE = new Set([
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoServerClosedError',
  'MongoClientClosedError',
  'MongoOperationTimeoutError',
  'MongoPoolClosedError',
  'MongoPoolClearedError',
  'MongoWaitQueueTimeoutError',
]);
/** Server answers of a store that is shutting down or changing primary (retryable). */
const GOING_AWAY_CODES = new Set([91, 189, 10107, 11600, 11602, 13435, 13436]);

/**
 * True when an operation failed because the store is down, unreachable, frozen or going away — the
 * answer is then "could not check, try again" (503), never a verdict about the request.
 */
export function isStoreUnavailable(error: unknown): boolean {
  if (error instanceof MongoNetworkError || error instanceof MongoServerSelectionError) return true;
  if (error instanceof StoreDownError) return true;
  const e = error as
    | { name?: unknown; code?: unknown; message?: unknown; errorResponse?: unknown; writeErrors?: unknown }
    | null
    | undefined;
  // a bulk write (insertMany, bulkWrite) whose command failed, no document refused: the driver wraps
  // that failure (a closed connection, say) in its bulk error, which alone says nothing of the store
  const bulkCause = e?.name === 'MongoBulkWriteError' && !(e.writeErrors as unknown[] | undefined)?.length;
  if (bulkCause && e.errorResponse instanceof Error && e.errorResponse !== error)
    return isStoreUnavailable(e.errorResponse);
  if (typeof e?.name === 'string' && UNREACHABLE.has(e.name)) return true;
  if (error instanceof MongoServerError && GOING_AWAY_CODES.has(Number(e?.code))) return true;
  if (error instanceof MongoError && error.hasErrorLabel('RetryableWriteError')) return true;
  // a socket the store closed mid-write; mongoose buffering while disconnected
  if (e?.code === 'ERR_STREAM_WRITE_AFTER_END' || e?.code === 'ECONNRESET' || e?.code === 'EPIPE')
    return true;
  return (
    e?.name === 'MongooseError' && /buffering timed out|Connection was force closed/.test(String(e.message))
  );
}

const WRITES =
  /^(save|insertMany|bulkWrite|updateOne|updateMany|replaceOne|findOneAndUpdate|findOneAndReplace)$/;

/** Gives every duplicate-key error the MongoDB code 11000, so callers test one code on either store. */
function duplicateKeyCode(schema: Schema): void {
  schema.post(WRITES, { errorHandler: true }, (error: Error) => {
    if (isDuplicateKeyError(error)) Object.assign(error, { code: 11000 });
  });
}

export interface Store {
  connection: Connection;
  /** what the driver's monitoring says of the store: while down(), store operations fail at once */
  health: StoreHealth;
  /** true when the store answers a ping within the timeout; false at once while health.down() */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * How long the driver waits on a store that does not answer, so that a store that is down or frozen
 * turns into a 503 within seconds instead of holding requests: the heartbeat (every second) gives up
 * on a silent store after connectTimeoutMS, marks it unknown, clears the pool and interrupts the
 * operations under way and those waiting for a connection; new ones wait at most
 * serverSelectionTimeoutMS for it to come back — unless the heartbeat saw the store refuse or drop
 * its connection (store-health.ts): then they fail at once. socketTimeoutMS only frees a connection
 * that no heartbeat failure cut loose (long enough for a slow scan of a big collection). No
 * wait-queue timeout: a store that answers, only slowly (instances creating their collections
 * together at start), is waited for; a request still has its deadline (http/request-deadline.ts).
 * Each of these given as an option of the MongoDB URI (`?serverSelectionTimeoutMS=20000`) wins.
 */
export const STORE_TIMEOUTS = {
  heartbeatFrequencyMS: 1000,
  connectTimeoutMS: 4000,
  serverSelectionTimeoutMS: 5000,
  socketTimeoutMS: 30000,
} as const;

/** STORE_TIMEOUTS but those the URI names (URI options are case-insensitive). */
function timeoutsFor(uri: string): Partial<typeof STORE_TIMEOUTS> {
  const query = uri.includes('?') ? uri.slice(uri.indexOf('?') + 1) : '';
  const named = new Set([...new URLSearchParams(query).keys()].map((k) => k.toLowerCase()));
  return Object.fromEntries(
    Object.entries(STORE_TIMEOUTS).filter(([name]) => !named.has(name.toLowerCase())),
  );
}

/** The health view of each open connection, for operations on raw collections (insertEach). */
const healthOf = new WeakMap<object, StoreHealth>();

/** Logs each change of the store's health, and mongoose's own view of the connection. */
function logChanges(connection: Connection, health: StoreHealth, logger: Logger, closing: () => boolean) {
  let wasDown = false;
  connection.on('disconnected', () => {
    if (closing()) return;
    wasDown = true;
    logger.error('store disconnected', { reason: 'connection to MongoDB lost; retrying' });
  });
  connection.on('reconnected', () => logger.info('store reconnected'));
  connection.on('connected', () => {
    if (wasDown) logger.info('store connected again');
  });
  health.watch((down) => {
    if (closing()) return;
    if (down) logger.error('store refuses connections', { reason: 'answering 503 at once until it is back' });
    else logger.info('store answers heartbeats again');
  });
}

/**
 * Opens a mongoose connection of its own (no global mongoose state). The driver keeps monitoring
 * the server, so the service recovers by itself whenever the store comes back.
 */
export async function connectStore(uri: string, logger: Logger): Promise<Store> {
  const connection = mongoose.createConnection(uri, { ...timeoutsFor(uri), autoIndex: true });
  // the client exists once createConnection returns: the monitor is followed from its first event
  const health = watchStoreHealth(connection.getClient());
  healthOf.set(connection, health);
  connection.plugin(duplicateKeyCode);
  connection.plugin(failFastWhenDown((conn) => healthOf.get(conn)));
  let closing = false;
  logChanges(connection, health, logger, () => closing);
  await connection.asPromise();
  return {
    connection,
    health,
    ping: async (timeoutMs = 1000) => {
      const db = connection.db;
      if (!db || health.down()) return false;
      const timeout = new Promise<false>((done) => setTimeout(() => done(false), timeoutMs).unref());
      const answer = db
        .command({ ping: 1 })
        .then((r) => r.ok === 1)
        .catch(() => false);
      return Promise.race([answer, timeout]);
    },
    close: async () => {
      closing = true;
      await connection.close();
    },
  };
}

/**
 * Inserts documents in one unordered command and tells for each whether it was inserted (true) or
 * refused as a duplicate `_id` or unique key (false). Any other failure rejects the whole call: then
 * any of them may have been written.
 */
export async function insertEach<D extends object>(
  collection: { insertMany(docs: D[], options: { ordered: false }): Promise<unknown>; conn?: object },
  docs: D[],
): Promise<boolean[]> {
  // a raw collection has no mongoose middleware: fail fast here as failFastWhenDown does
  if (collection.conn && healthOf.get(collection.conn)?.down()) throw new StoreDownError();
  try {
    await collection.insertMany(docs, { ordered: false });
    return docs.map(() => true);
  } catch (error) {
    const refused = (error as { writeErrors?: unknown }).writeErrors;
    const list = Array.isArray(refused) ? refused : refused ? [refused] : undefined;
    // no document refused: the command itself failed (isStoreUnavailable reads the driver's bulk
    // error for the failure it carries, a closed connection say)
    if (!list?.length) throw error;
    const taken = docs.map(() => true);
    for (const e of list as Array<{ index?: unknown; code?: unknown; errmsg?: unknown }>) {
      const detail = { code: e.code, name: 'MongoServerError', message: e.errmsg };
      if (typeof e.index !== 'number' || !isDuplicateKeyError(detail)) throw error;
      taken[e.index] = false;
    }
    return taken;
  }
}

/**
 * Inserts into one model by concurrent callers, sent as one unordered insert per batch (core/batch.ts).
 * Each document is cast, timestamped and validated by the model as `create` would, then stored as
 * that plain object; the answer says whether it was inserted (false: its `_id` or a unique key is
 * taken). Any other failure rejects every caller of its batch.
 */
export function batchedInsert<D>(
  model: Model<D>,
): (fields: object) => Promise<{ inserted: boolean; doc: D }> {
  const insert = batchedEach((docs: object[]) => insertEach(model.collection, docs));
  const versionKey = model.schema.get('versionKey');
  return async (fields) => {
    const created = new model(fields) as unknown as {
      initializeTimestamps?: () => void;
      validate(): Promise<void>;
      toObject(): Record<string, unknown>;
    };
    created.initializeTimestamps?.();
    await created.validate();
    const doc = created.toObject();
    if (typeof versionKey === 'string') doc[versionKey] = 0;
    return { inserted: await insert(doc), doc: doc as D };
  };
}

/** The error a store gives for a duplicate key, for callers that batch inserts yet keep `create`'s contract. */
export const duplicateKey = (): Error =>
  Object.assign(new Error('E11000 duplicate key error'), { name: 'MongoServerError', code: 11000 });
