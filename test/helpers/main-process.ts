import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config.js';

/** One `node --import tsx src/main.ts` process, started from the project root. */
export interface MainProcess {
  /** stdout and stderr so far */
  out(): string;
  err(): string;
  exit: Promise<number | null>;
  /** SIGTERM, then the exit code */
  stop(): Promise<number | null>;
  /** sends a signal (SIGKILL: a crash, nothing is cleaned up) */
  kill(signal: NodeJS.Signals): void;
}

/** Runs the service with exactly `env` (plus PATH and HOME) and a temp DATA_DIR / KEYS_DIR of its own. */
export function runMain(env: Record<string, string>): MainProcess {
  const data = mkdtempSync(join(tmpdir(), 'tilts-proc-data-'));
  const keys = mkdtempSync(join(tmpdir(), 'tilts-proc-keys-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      DATA_DIR: data,
      KEYS_DIR: keys,
      REFERENCE_DATA_DIR: join(PROJECT_ROOT, 'data', 'reference'),
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = new Promise<number | null>((done) =>
    child.on('close', (code) => {
      rmSync(data, { recursive: true, force: true });
      rmSync(keys, { recursive: true, force: true });
      done(code);
    }),
  );
  return {
    out: () => out,
    err: () => err,
    exit,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exit;
    },
    kill: (signal) => void child.kill(signal),
  };
}

/** Polls `ready` until it answers true, failing with the process output if it exits or takes too long. */
export async function waitUntilReady(
  run: MainProcess,
  ready: () => Promise<boolean>,
  timeoutMs = 60000,
): Promise<void> {
  let exited = false;
  void run.exit.then(() => (exited = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited) {
    if (await ready().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(
    `the service did not become ready (exited: ${exited})\nstdout: ${run.out()}\nstderr: ${run.err()}`,
  );
}
