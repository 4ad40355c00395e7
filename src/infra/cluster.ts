import cluster, { type Worker } from 'node:cluster';
import type { Logger } from './logger.js';

export interface WorkerSupervisorOptions {
  /** worker processes (WORKERS) */
  count: number;
  /** environment added to the primary's for every worker (the store's URI, a generated admin token) */
  env: Record<string, string>;
  logger: Logger;
  /** the first time every worker listens */
  onListening?: () => void;
  /** a worker died before it ever listened: the start failed, and so would a replacement */
  onStartFailed: (code: number | null) => void;
}

/** Replacements of workers that keep dying are spaced out up to this. */
const MAX_RESTART_DELAY_MS = 5000;

/**
 * The primary of a node:cluster: forks `count` service processes that share the listening port (the
 * primary hands each new connection to the next worker) and replaces any that dies once it has
 * listened. A request a dead worker had answered is in the store already; the ones it held die with
 * its connections and are never acknowledged. `stop` sends SIGTERM to every worker (each finishes its
 * requests) and waits for them.
 */
export function superviseWorkers(options: WorkerSupervisorOptions) {
  const { count, env, logger } = options;
  let stopping = false;
  let listening = 0;
  let restarts = 0;

  const fork = (): Worker => {
    const worker = cluster.fork(env);
    let listened = false;
    worker.once('listening', () => {
      listened = true;
      restarts = 0;
      listening += 1;
      if (listening === count) options.onListening?.();
    });
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      if (!listened) {
        stopping = true;
        return options.onStartFailed(code);
      }
      logger.error('worker exited; starting another', { pid: worker.process.pid, code, signal });
      const delay = Math.min(MAX_RESTART_DELAY_MS, 100 * 2 ** Math.min(restarts, 6));
      restarts += 1;
      setTimeout(() => stopping || fork(), delay).unref();
    });
    return worker;
  };
  for (let i = 0; i < count; i += 1) fork();

  return {
    async stop(): Promise<void> {
      stopping = true;
      const alive = Object.values(cluster.workers ?? {}).filter(
        (w): w is Worker => w !== undefined && !w.isDead(),
      );
      await Promise.all(
        alive.map(
          (w) =>
            new Promise<void>((done) => {
              w.once('exit', () => done());
              w.process.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
