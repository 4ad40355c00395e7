import mongoose, { type Schema } from 'mongoose';

const { MongoNetworkError, MongoNetworkTimeoutError } = mongoose.mongo;

/**
 * How much a failed heartbeat says that the store is gone: 2 (at once) when it refused the
 * connection (ECONNREFUSED, or ENOENT for a Unix socket: nothing listens there); 1 when it dropped one (closed, reset): a
 * store gone, or one connection lost on a healthy store, so it counts only when the next heartbeat
 * fails as well; 0 for a timeout or any other failure: a store under heavy load, or frozen for a
 * moment, answers late, and requests keep waiting for it as the driver's server selection does.
 * Weights add up over the failures since the server's last successful heartbeat.
 */
export function refusalWeight(failure: unknown): number {
  if (!(failure instanceof MongoNetworkError) || failure instanceof MongoNetworkTimeoutError) return 0;
  const code = (failure.cause as { code?: unknown } | undefined)?.code;
  // ENOENT: the Unix socket of an embedded store that is gone
  return code === 'ECONNREFUSED' || code === 'ENOENT' ? 2 : 1;
}

/**
 * An operation not even tried because the driver's monitor has seen every server of the store
 * refuse its connection: the same "store unavailable" (503) that the driver's server-selection
 * wait ends with, only without the wait (isStoreUnavailable says so).
 */
export class StoreDownError extends Error {
  override name = 'StoreDownError';
  constructor() {
    super('the store refuses connections');
  }
}

/** What the driver's own monitoring says of the store, as it changes. */
export interface StoreHealth {
  /** true while every server of the store refused the heartbeat's connection, or dropped it twice in a row */
  down(): boolean;
  /** calls `listener` at each change of `down()`; returns its removal */
  watch(listener: (down: boolean) => void): () => void;
}

interface HeartbeatEvent {
  connectionId: string;
}
/** The MongoClient events read here (public SDAM monitoring events of the driver). */
interface MonitoredClient {
  on(event: 'serverHeartbeatSucceeded', listener: (e: HeartbeatEvent) => void): unknown;
  on(event: 'serverHeartbeatFailed', listener: (e: HeartbeatEvent & { failure: Error }) => void): unknown;
  on(
    event: 'topologyDescriptionChanged',
    listener: (e: { newDescription: { servers: Map<string, unknown> } }) => void,
  ): unknown;
}

/**
 * How long a refusal seen by the monitor keeps the store "down" without another: a store that is gone
 * is refused again at every heartbeat (every second); three missed ones and the view no longer speaks.
 */
const FRESH_MS = 3_000;

/**
 * Follows the driver's heartbeats (every heartbeatFrequencyMS, also while the store is down) and
 * the servers of its topology. "Down" needs every known server to have refused its last heartbeat's
 * connection, or dropped it twice, since its last successful heartbeat (refusalWeight): one
 * member of a replica set gone, or an election under way with members still answering, leaves the
 * driver's own wait for a primary in place. The next heartbeat that succeeds ends it.
 */
export function watchStoreHealth(
  client: MonitoredClient,
  { freshMs = FRESH_MS, now: clock = Date.now }: { freshMs?: number; now?: () => number } = {},
): StoreHealth {
  /** per server, the weight of its heartbeat failures since its last success (refusalWeight) */
  const strikes = new Map<string, number>();
  let servers: string[] = [];
  let down = false;
  /** when the last refusal arrived: "down" holds only while the monitor keeps saying so */
  let lastRefusal = 0;
  const listeners = new Set<(down: boolean) => void>();
  const update = () => {
    const now = servers.length > 0 && servers.every((address) => (strikes.get(address) ?? 0) >= 2);
    if (now === down) return;
    down = now;
    for (const listener of listeners) listener(down);
  };
  client.on('serverHeartbeatFailed', (e) => {
    // a timeout neither starts nor ends "down": only a heartbeat that succeeds does (a loaded
    // event loop can time out a connection the store refused at once)
    const weight = refusalWeight(e.failure);
    if (weight) {
      strikes.set(e.connectionId, (strikes.get(e.connectionId) ?? 0) + weight);
      lastRefusal = clock();
    }
    update();
  });
  client.on('serverHeartbeatSucceeded', (e) => {
    strikes.delete(e.connectionId);
    update();
  });
  client.on('topologyDescriptionChanged', (e) => {
    servers = [...e.newDescription.servers.keys()];
    for (const address of strikes.keys()) if (!e.newDescription.servers.has(address)) strikes.delete(address);
    update();
  });
  return {
    // a view no heartbeat has confirmed for freshMs is not trusted: should the monitor's events stop
    // coming, operations go to the driver again (its own wait), never refused for good
    down: () => down && clock() - lastRefusal < freshMs,
    watch: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Every mongoose query and document operation that reaches the store (aggregate, insertMany, bulkWrite apart). */
const STORE_OPERATIONS = [
  'find',
  'findOne',
  'countDocuments',
  'estimatedDocumentCount',
  'distinct',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'replaceOne',
  'updateOne',
  'updateMany',
  'deleteOne',
  'deleteMany',
  'save',
] as const;

/** The connection an operation runs on: a document's or model's `db`, a query's or aggregate's model's. */
function connectionOf(target: unknown): object | undefined {
  const t = target as { db?: object; model?: { db?: object }; _model?: { db?: object } } | undefined;
  return t?.db ?? t?.model?.db ?? t?._model?.db;
}

/**
 * A plugin that fails every model operation at once with StoreDownError while the health view of its
 * connection (`healthOf`) says the store is down, instead of letting it wait serverSelectionTimeoutMS
 * for a store the monitor knows is gone. The view is looked up per operation, not captured: mongoose
 * applies a connection's plugins to a schema once, for the first connection that compiles it, and
 * the schemas are module constants shared by every connection of the process.
 * Operations on a raw collection (`model.collection`) check the view themselves (insertEach).
 */
export function failFastWhenDown(healthOf: (connection: object) => StoreHealth | undefined) {
  return (schema: Schema): void => {
    const refuse = function (this: unknown) {
      const connection = connectionOf(this);
      if (connection && healthOf(connection)?.down()) throw new StoreDownError();
    };
    schema.pre([...STORE_OPERATIONS], { document: true, query: true }, refuse);
    schema.pre('aggregate', refuse);
    schema.pre('insertMany', refuse);
    schema.pre('bulkWrite', refuse);
  };
}
