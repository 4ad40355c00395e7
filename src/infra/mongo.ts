import mongoose, { type Connection } from 'mongoose';
import type { Logger } from './logger.js';

export interface Store {
  connection: Connection;
  /** true when the store answers a ping within the timeout */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Opens a mongoose connection of its own (no global mongoose state). The driver keeps monitoring
 * the server, so the service recovers by itself whenever the store comes back.
 */
export async function connectStore(uri: string, logger: Logger): Promise<Store> {
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: 10000,
    heartbeatFrequencyMS: 1000,
    autoIndex: true,
  });
  let wasDown = false;
  let closing = false;
  connection.on('disconnected', () => {
    if (closing) return;
    wasDown = true;
    logger.error('store disconnected', { reason: 'connection to MongoDB lost; retrying' });
  });
  connection.on('reconnected', () => logger.info('store reconnected'));
  connection.on('connected', () => {
    if (wasDown) logger.info('store connected again');
  });
  await connection.asPromise();
  return {
    connection,
    ping: async (timeoutMs = 1000) => {
      const db = connection.db;
      if (!db) return false;
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
