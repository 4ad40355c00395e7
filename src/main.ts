import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { buildDeps, type Deps } from './deps.js';
import { limitHeapGrowth } from './infra/heap.js';
import { createLogger } from './infra/logger.js';

function fail(message: string): never {
  process.stderr.write(`tilts: ${message}\n`);
  process.exit(1);
}

function announce(deps: Deps): void {
  const { config, logger } = deps;
  if (deps.generatedAdminToken) {
    const { token, keep } = deps.generatedAdminToken;
    process.stdout.write(
      `\nAdmin token (shown once; only its hash is kept in ${config.dataDir}/admin-token.sha256):\n  ${token}\n` +
        `Create the first issuer:  curl -X POST ${config.publicUrl}/api/v1/issuers -H "Authorization: Bearer <token>" ` +
        `-H "Content-Type: application/json" -d @issuer.json   (example body: ${config.publicUrl}/docs)\n\n`,
    );
    keep();
  }
  if (deps.masterKeyCreated)
    logger.warn('generated a master key; back it up', { file: `${config.keysDir}/master.key` });
}

/** Idle keep-alive connections are closed after this long. */
const KEEP_ALIVE_TIMEOUT_MS = 5000;

function listen(deps: Deps): Promise<Server> {
  const { config } = deps;
  const app = createApp(deps);
  const { headersMs, requestMs } = config.httpTimeouts;
  // Node checks both deadlines on this interval (default 30 s), so it bounds how late a slow client is cut off
  const timeouts = {
    headersTimeout: headersMs,
    requestTimeout: requestMs,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    connectionsCheckingInterval: Math.min(1000, headersMs),
  };
  const server = config.tls
    ? createHttpsServer(
        { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile), ...timeouts },
        app,
      )
    : createHttpServer(timeouts, app);
  return new Promise((done, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => done(server));
  });
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  limitHeapGrowth(config.heapGrowingPercent);
  const logger = createLogger(config.logLevel);
  const deps = await buildDeps(config, logger).catch((error: Error) => fail(error.message));
  const server = await listen(deps).catch(async (error: Error) => {
    await deps.close();
    return fail(`cannot listen on ${config.host}:${config.port}: ${error.message}`);
  });
  logger.info('listening', {
    url: config.publicUrl,
    port: config.port,
    tls: Boolean(config.tls),
    store: deps.embeddedStore ? 'embedded FerretDB' : 'MONGODB_URI',
  });
  announce(deps);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 10000);
    force.unref();
    // issuance-job workers finish their current row and hand their chunks over at once
    void deps.stopJobs();
    server.close(() => {
      deps.close().finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
