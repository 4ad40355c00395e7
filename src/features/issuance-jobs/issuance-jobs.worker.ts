import { randomUUID } from 'node:crypto';
import type { AppError } from '../../errors.js';
import type { Logger } from '../../infra/logger.js';
import { claimWork } from './chunk-claims.js';
import { runChunk, type ChunkWork } from './chunk-runner.js';
import type { IssuanceJobsRepository } from './issuance-jobs.repository.js';
import { createRowIssuer, type IssueCredential } from './row-issuer.js';

export type { IssueCredential } from './row-issuer.js';

export interface WorkerOptions {
  /** chunks this instance works on at once */
  concurrency: number;
  /** idle wait between looks for work */
  pollMs: number;
  /** a chunk's claim outlives an owner that died by this long; a live owner renews it every third */
  claimTtlMs: number;
  /** after this many attempts at a chunk, the row that keeps interrupting them is given up as failed */
  maxAttempts: number;
  /** rows of a chunk issued at once (their store round trips overlap; their writes batch) */
  rowsInFlight: number;
  /** a graceful stop waits this long for the rows being issued */
  stopGraceMs: number;
}

/**
 * Three chunks at once, each chunk's 25 rows at once: up to 75 rows in flight per instance, so that
 * their writes go out in large batches (measured on the 1,000-row bench job, 2 cores: 8 rows × 2
 * chunks 1.14× raw issue, 25 × 2 1.44×, 25 × 3 1.52–1.75×, 25 × 4 1.67×; at 25 × 6 a status read
 * during the job waited past its deadline).
 */
export const WORKER_DEFAULTS: WorkerOptions = {
  concurrency: 3,
  pollMs: 1000,
  claimTtlMs: 15_000,
  maxAttempts: 20,
  rowsInFlight: 25,
  stopGraceMs: 8000,
};

export interface WorkerDeps {
  repo: IssuanceJobsRepository;
  issue: IssueCredential;
  clock: () => Date;
  logger: Logger;
  options?: Partial<WorkerOptions>;
}

/** Sleeps that a wake-up cuts short (a job was created, or the worker stops). */
function createSleepers() {
  const sleepers = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((done) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        done();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });
  return { sleep, wakeAll: () => [...sleepers].forEach((wake) => wake()) };
}

/** One of the worker's loops: claims a chunk and works on it, or sleeps until polled or woken. */
async function loop(work: ChunkWork, index: number, idle: () => Promise<void>): Promise<void> {
  const rules = {
    owner: work.owner,
    claimTtlMs: work.options.claimTtlMs,
    clock: work.clock,
    stopping: work.stopping,
  };
  for (let turn = index; !work.stopping(); turn += 1) {
    let worked = false;
    try {
      const claimed = await claimWork(work.repo, turn, rules);
      if (claimed) await runChunk(work, claimed.job, claimed.claim);
      worked = Boolean(claimed);
    } catch (error) {
      work.logger.error('issuance worker step failed', {
        error: (error as Error)?.name,
        code: (error as AppError)?.code,
      });
    }
    if (!worked && !work.stopping()) await idle();
  }
}

/**
 * The in-process worker of one service instance: a few loops that claim chunks of queued jobs and
 * issue their rows one by one through the credentials feature, each under its deterministic
 * idempotency key. Any number of instances may run on one store: chunk claims are unique inserts
 * with a lease, results are written after every row, and a row interrupted by a crash replays.
 */
export function createIssuanceWorker(deps: WorkerDeps) {
  const { repo, clock, logger } = deps;
  const options = { ...WORKER_DEFAULTS, ...deps.options };
  const owner = randomUUID();
  let stopping = false;
  let loops: Array<Promise<void>> = [];
  const { sleep, wakeAll } = createSleepers();
  const isStopping = () => stopping;
  const issueRow = createRowIssuer({ issue: deps.issue, logger, sleep, stopping: isStopping });
  const work: ChunkWork = { repo, clock, logger, options, owner, stopping: isStopping, issueRow };

  return {
    /** this instance's name in claims and results */
    owner,
    start(): void {
      if (loops.length) return;
      loops = Array.from({ length: options.concurrency }, (_, i) =>
        loop(work, i, () => sleep(options.pollMs)),
      );
    },
    /** Looks for work now (a job was just created here). */
    wake: wakeAll,
    /** Finishes the rows being issued (up to the grace time), hands the claims over, and stops. */
    async stop(): Promise<void> {
      stopping = true;
      wakeAll();
      const grace = new Promise<void>((done) => setTimeout(done, options.stopGraceMs).unref());
      await Promise.race([Promise.all(loops), grace]);
    },
  };
}

export type IssuanceWorker = ReturnType<typeof createIssuanceWorker>;
