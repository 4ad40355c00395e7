import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { buildDeps, type Deps } from './deps.js';
import { superviseWorkers } from './infra/cluster.js';
import { startEmbeddedStore } from './infra/embedded-store.js';
import { loadOrCreateAdminToken, loadOrCreateMasterKey } from './infra/local-secrets.js';
import { createLogger, type Logger } from './infra/logger.js';

function fail(message: string): never {
  process.stderr.write(`tilts: ${message}\n`);
  process.exit(1);
}

interface Announcement {
  /** set when this start generated the admin token: printed once, then its hash is kept */
  generatedAdminToken?: { token: string; keep: () => void };
  masterKeyCreated: boolean;
}

function announce(config: Readonly<Config>, logger: Logger, what: Announcement): void {
  if (what.generatedAdminToken) {
    const { token, keep } = what.generatedAdminToken;
    process.stdout.write(
      `\nAdmin token (shown once; only its hash is kept in ${config.dataDir}/admin-token.sha256):\n  ${token}\n` +
        `Create the first issuer:  curl -X POST ${config.publicUrl}/api/v1/issuers -H "Authorization: Bearer <token>" ` +
        `-H "Content-Type: application/json" -d @issuer.json   (example body: ${config.publicUrl}/docs)\n\n`,
    );
    keep();
  }
  if (what.masterKeyCreated)
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
  const logger = createLogger(config.logLevel);
  if (config.workers > 1 && cluster.isPrimary) return runPrimary(config, logger);
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
  // a cluster worker: its primary announces what it generated
  if (cluster.isPrimary) announce(config, logger, deps);
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

/**
 * WORKERS > 1: this process serves nothing itself. It makes what must exist once — the embedded store,
 * a generated master key or admin token — before it forks the workers, which then start as a single
 * process would, on the same store and port.
 */
async function runPrimary(config: Readonly<Config>, logger: Logger): Promise<void> {
  const { created: masterKeyCreated } = loadOrCreateMasterKey(config.masterKey, config.keysDir);
  const admin = loadOrCreateAdminToken(config.adminToken, config.dataDir);
  const store = config.mongodbUri
    ? undefined
    : await startEmbeddedStore({
        binary: config.ferretdbBin,
        dataDir: join(config.dataDir, 'store'),
        port: config.embeddedStorePort,
        logger: logger.child({ component: 'embedded-store' }),
      }).catch((error: Error) => fail(error.message));
  const stop = async (code: number) => {
    await workers.stop();
    await store?.stop();
    process.exit(code);
  };
  const workers = superviseWorkers({
    count: config.workers,
    env: {
      // the database buildDeps uses on the embedded store
      ...(store ? { MONGODB_URI: `${store.uri}tilts` } : {}),
      ...(admin.generatedToken ? { ADMIN_TOKEN: admin.generatedToken } : {}),
    },
    logger,
    onListening: () => {
      logger.info('workers listening', { workers: config.workers, url: config.publicUrl });
      const token = admin.generatedToken;
      announce(config, logger, {
        generatedAdminToken: token && admin.keep ? { token, keep: admin.keep } : undefined,
        masterKeyCreated,
      });
    },
    onStartFailed: (code) => {
      process.stderr.write(`tilts: a worker failed to start (exit code ${code})\n`);
      void stop(1);
    },
  });
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info('shutting down', { signal, workers: config.workers });
      void stop(0);
    });
}

void main();
