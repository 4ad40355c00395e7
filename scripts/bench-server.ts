/**
 * The service as `npm run bench` measures it: a process of its own (forked by the bench, configured
 * by its environment like src/main.ts, HTTP server settings as main's), which also counts the
 * commands it sends to the store (driver command monitoring) and answers that count over IPC. Sends
 * `{ port }` once it listens.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { buildDeps } from '../src/deps.js';
import { createLogger } from '../src/infra/logger.js';

const config = loadConfig(process.env);
const deps = await buildDeps(config, createLogger(config.logLevel));
let commands = 0;
deps.store.connection.getClient().on('commandStarted', () => (commands += 1));
const server = createServer({ keepAliveTimeout: 5000 }, createApp(deps));
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('message', (message: { ask?: string }) => {
  if (message.ask === 'commands') process.send?.({ commands });
});
process.on('SIGTERM', () => {
  void deps.stopJobs();
  server.close(() => void deps.close().finally(() => process.exit(0)));
  server.closeAllConnections();
});
