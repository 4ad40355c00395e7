import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer, connect, type NetConnectOpts } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Logger } from './logger.js';

export interface EmbeddedStoreOptions {
  /** path of the FerretDB binary (scripts/install-ferretdb.sh puts it in .tools/bin) */
  binary: string;
  /** directory for the SQLite files and FerretDB's state */
  dataDir: string;
  /** 0 picks a free loopback port once; the store keeps it across restarts */
  port: number;
  logger: Logger;
  /** restart the store when it exits unexpectedly (default true) */
  supervise?: boolean;
  /**
   * FerretDB's debug handler (Prometheus metrics at `/debug/metrics`), `host:port`; default off. The
   * bench counts store commands there, which costs the service nothing.
   */
  debugAddr?: string;
}

export interface EmbeddedStore {
  /** the store's address for the service: its Unix domain socket */
  readonly uri: string;
  /** the same store over loopback TCP (tools, and tests that put a proxy in between) */
  readonly tcpUri: string;
  readonly port: number;
  /** true while the child process runs */
  running(): boolean;
  /** the process id of the current FerretDB child (tests kill it to prove recovery) */
  pid(): number | undefined;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

function canConnect(to: NetConnectOpts): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(to);
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

async function waitUntilListening(
  at: { port: number; socket: string },
  child: ChildProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`FerretDB exited with code ${child.exitCode} during start`);
    if ((await canConnect({ host: '127.0.0.1', port: at.port })) && (await canConnect({ path: at.socket })))
      return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`FerretDB did not listen on 127.0.0.1:${at.port} and ${at.socket} within ${timeoutMs} ms`);
}

/**
 * Where the store listens besides loopback TCP: a Unix domain socket in its data directory (or, where
 * that path is too long for a socket address, in the temporary directory under a name derived from
 * it). Every store command crosses it twice, and a Unix socket skips the TCP stack: measured on this
 * machine, 10–20% less of the service's CPU per command than loopback TCP.
 */
export function storeSocketPath(dataDir: string): string {
  const inDir = join(dataDir, 'ferretdb.sock');
  if (Buffer.byteLength(inDir) <= 100) return inDir;
  return join(tmpdir(), `tilts-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}.sock`);
}

/**
 * The store's environment. Go's collector runs at GOGC=400 instead of 100: FerretDB's heap is small
 * (tens of MiB) and garbage-heavy (every command decodes documents), and the less frequent collection
 * took ≈10% off its CPU per issuance (measured: 5.6 → 4.9 s of CPU over 600 issuances). GOGC set in
 * the service's own environment wins.
 */
const storeEnv = (): NodeJS.ProcessEnv => ({ ...process.env, GOGC: process.env.GOGC ?? '400' });

/**
 * Starts FerretDB (SQLite backend, loopback only, telemetry and debug handler off — DESIGN.md §4),
 * waits until it accepts connections, and — when supervised — restarts it whenever it dies, so the
 * service recovers without a restart of its own.
 */
export async function startEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const port = options.port || (await freePort());
  const socket = storeSocketPath(dataDir);
  const { logger } = options;
  const args = [
    '--handler=sqlite',
    `--sqlite-url=file:${dataDir}/`,
    `--state-dir=${dataDir}`,
    `--listen-addr=127.0.0.1:${port}`,
    `--listen-unix=${socket}`,
    '--telemetry=disable',
    `--debug-addr=${options.debugAddr ?? '-'}`,
    '--log-level=warn',
    '--log-format=json',
  ];
  let child: ChildProcess | undefined;
  let stopping = false;
  let restarts = 0;

  const launch = async (): Promise<void> => {
    rmSync(socket, { force: true }); // left behind by a store that was killed: FerretDB would not bind
    const proc = spawn(options.binary, args, { stdio: ['ignore', 'ignore', 'pipe'], env: storeEnv() });
    child = proc;
    let stderr = '';
    proc.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    proc.on('error', (error) => logger.error('embedded store failed to spawn', { error: error.message }));
    proc.on('exit', (code, signal) => {
      if (stopping || child !== proc) return;
      logger.error('embedded store exited', { code, signal, stderr: stderr.trim().slice(-500) });
      if (options.supervise === false) return;
      const delay = Math.min(5000, 200 * 2 ** Math.min(restarts, 5));
      restarts += 1;
      setTimeout(() => {
        if (stopping) return;
        logger.warn('restarting embedded store', { attempt: restarts });
        launch()
          .then(() => {
            restarts = 0;
            logger.info('embedded store back', { port });
          })
          .catch((error: Error) => logger.error('embedded store restart failed', { error: error.message }));
      }, delay).unref();
    });
    await waitUntilListening({ port, socket }, proc, 30000);
  };

  await launch();
  logger.info('embedded store started', { engine: 'FerretDB', port, socket, dataDir });
  return {
    uri: `mongodb://${encodeURIComponent(socket)}/`,
    tcpUri: `mongodb://127.0.0.1:${port}/`,
    port,
    running: () => child !== undefined && child.exitCode === null && child.signalCode === null,
    pid: () => child?.pid,
    stop: async () => {
      stopping = true;
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      await new Promise<void>((done) => {
        const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
        proc.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        proc.kill('SIGTERM');
      });
    },
  };
}
