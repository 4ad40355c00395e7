/**
 * The service as `npm run bench` measures it: a process of its own (forked by the bench, configured
 * by its environment like src/main.ts, HTTP server settings as main's), which also counts the
 * commands it sends to the store (driver command monitoring), by command and collection, and answers
 * those counts over IPC. Sends
 * `{ port }` once it listens.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { buildDeps } from '../src/deps.js';
import { limitHeapGrowth } from '../src/infra/heap.js';
import { createLogger } from '../src/infra/logger.js';

const config = loadConfig(process.env);
limitHeapGrowth(config.heapGrowingPercent);
const deps = await buildDeps(config, createLogger(config.logLevel));
let commands = 0;
/** commands by `<command> <collection>`, and their summed durations under `<kind>\tms` */
const by: Record<string, number> = {};
const kinds = new Map<number, string>();
const client = deps.store.connection.getClient();
client.on('commandStarted', (event) => {
  commands += 1;
  const target = event.command[event.commandName] as unknown;
  const kind = `${event.commandName}${typeof target === 'string' ? ` ${target}` : ''}`;
  by[kind] = (by[kind] ?? 0) + 1;
  kinds.set(event.requestId, kind);
});
const done = (event: { requestId: number; duration: number }) => {
  const kind = kinds.get(event.requestId);
  kinds.delete(event.requestId);
  if (kind) by[`${kind}\tms`] = (by[`${kind}\tms`] ?? 0) + event.duration;
};
client.on('commandSucceeded', done);
client.on('commandFailed', done);
const server = createServer({ keepAliveTimeout: 5000 }, createApp(deps));
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('message', (message: { ask?: string }) => {
  if (message.ask === 'commands') process.send?.({ commands, by });
});
process.on('SIGTERM', () => {
  void deps.stopJobs();
  server.close(() => void deps.close().finally(() => process.exit(0)));
  server.closeAllConnections();
});
