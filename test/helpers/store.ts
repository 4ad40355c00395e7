import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmbeddedStore, type EmbeddedStore } from '../../src/infra/embedded-store.js';
import { createLogger } from '../../src/infra/logger.js';

let store: Promise<EmbeddedStore> | undefined;
let dir: string | undefined;

/** The FerretDB binary the setup script installs. */
export const FERRETDB_BIN = resolve('.tools/bin/ferretdb');

/**
 * A MongoDB URI for tests: MONGODB_URI when set, else one embedded FerretDB for the whole run,
 * started on first use on a free port in a temp directory. Each test file uses its own database.
 */
export async function testMongoBaseUri(): Promise<string> {
  if (process.env.MONGODB_URI) return process.env.MONGODB_URI;
  if (!store) {
    dir = mkdtempSync(join(tmpdir(), 'tilts-test-store-'));
    store = startEmbeddedStore({
      binary: FERRETDB_BIN,
      dataDir: dir,
      port: 0,
      logger: createLogger('silent'),
    });
  }
  return (await store).uri;
}

/**
 * The shared test store over loopback TCP, as `{ hostname, port }`: for tests that put a TCP proxy
 * between a service and the store (the service itself reaches the embedded store by its Unix socket).
 * With MONGODB_URI set, that store's first host.
 */
export async function testStoreTcp(): Promise<{ hostname: string; port: number }> {
  await testMongoBaseUri();
  const uri = process.env.MONGODB_URI ?? (store ? (await store).tcpUri : '');
  const url = new URL(uri.replace(/^mongodb(\+srv)?:\/\/([^/,]*@)?([^/,]+).*$/, 'mongodb://$3/'));
  return { hostname: url.hostname, port: Number(url.port || 27017) };
}

/** A fresh database name per test file or suite. */
export function uniqueDbName(prefix: string): string {
  return `${prefix.replace(/[^a-z0-9]/gi, '_').slice(0, 30)}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
}

/** URI of a database of its own inside the shared test store. */
export async function testMongoUri(prefix: string): Promise<string> {
  const base = new URL(await testMongoBaseUri());
  base.pathname = `/${uniqueDbName(prefix)}`;
  return base.toString();
}

export async function stopTestStore(): Promise<void> {
  if (store) await (await store).stop();
  store = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** A FerretDB of a test's own (not the shared one), not restarted when it dies: the test kills and restarts it. */
export function startStandaloneStore(dataDir: string, port = 0): Promise<EmbeddedStore> {
  return startEmbeddedStore({
    binary: FERRETDB_BIN,
    dataDir,
    port,
    logger: createLogger('silent'),
    supervise: false,
  });
}
