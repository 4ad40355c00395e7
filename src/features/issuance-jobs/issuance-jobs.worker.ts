import { randomUUID } from 'node:crypto';
import type { Actor } from '../../actor.js';
import { AppError } from '../../errors.js';
import type { Logger } from '../../infra/logger.js';
import { isStoreUnavailable } from '../../infra/mongo.js';
import type { IssueInput } from '../credentials/index.js';
import type { JobDoc, JobRow, ResultsDoc, RowResult } from './issuance-job.model.js';
import { chunkId, type ChunkClaim, type IssuanceJobsRepository } from './issuance-jobs.repository.js';
import { chunkCounts, FINAL_STATES, isChunkDone, recordChunk } from './job-progress.js';
import { issueInput } from './job-rows.js';
import { failure, refusal, windowFrom, type WindowRow } from './job-window.js';

/** The credentials feature's public issue use case, as far as a job needs it. */
export type IssueCredential = (
  actor: Actor,
  input: IssueInput,
) => Promise<{ view: { id: string; links: Record<string, string> }; replayed: boolean }>;

export interface WorkerOptions {
  /** chunks this instance works on at once */
  concurrency: number;
  /** idle wait between looks for work */
  pollMs: number;
  /** a chunk's claim outlives an owner that died by this long; a live owner renews it every third */
  claimTtlMs: number;
  /** after this many attempts at a chunk, the row that keeps interrupting them is given up as failed */
  maxAttempts: number;
  /** rows of a chunk issued at once (their store round trips overlap; list writes batch) */
  rowsInFlight: number;
  /** a graceful stop waits this long for the rows being issued */
  stopGraceMs: number;
}

export const WORKER_DEFAULTS: WorkerOptions = {
  concurrency: 2,
  pollMs: 1000,
  claimTtlMs: 15_000,
  maxAttempts: 20,
  rowsInFlight: 8,
  stopGraceMs: 8000,
};

export interface WorkerDeps {
  repo: IssuanceJobsRepository;
  issue: IssueCredential;
  clock: () => Date;
  logger: Logger;
  options?: Partial<WorkerOptions>;
}

type RowProblem = 'row' | 'transient' | 'internal';

/** A row's own fault (4xx), a passing condition worth waiting out, or our own failure. */
function classify(error: unknown): RowProblem {
  if (error instanceof AppError) {
    const inProgress =
      error.code === 'idempotency-key-in-progress' ||
      (error.code === 'conflict' && 'Retry-After' in error.headers);
    if (inProgress || error.code === 'service-unavailable' || error.code === 'store-timeout')
      return 'transient';
    return error.status < 500 ? 'row' : 'internal';
  }
  return isStoreUnavailable(error) ? 'transient' : 'internal';
}

const ORPHAN_QUEUE_MS = 10 * 60_000;

interface Lease {
  lost: boolean;
  ensure(): Promise<boolean>;
}
const CANCEL_CHECK_MS = 500;

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
  const wakeAll = () => [...sleepers].forEach((wake) => wake());

  /**
   * Keeps the claim alive while the chunk is worked on; `lost` once another worker took it over.
   * `ensure()` before a write renews first when the last renewal is old (this worker may have been
   * stalled past its lease), so a worker that lost its chunk does not overwrite the new owner's results.
   */
  function renewing(claim: ChunkClaim) {
    const every = options.claimTtlMs / 3;
    let renewedAt = clock().getTime();
    const renew = async () => {
      const kept = await repo.renewClaim(claim, options.claimTtlMs);
      if (kept) renewedAt = clock().getTime();
      else state.lost = true;
      return kept;
    };
    const state = {
      lost: false,
      stop: () => clearInterval(timer),
      ensure: async () => !state.lost && (clock().getTime() - renewedAt < every || (await renew())),
    };
    // the store is away: the claim lapses and the chunk is taken over later
    const timer = setInterval(() => void renew().catch(() => undefined), every);
    timer.unref();
    return state;
  }

  async function issueRow(
    job: JobDoc,
    row: JobRow,
    lease: { lost: boolean },
  ): Promise<RowResult | undefined> {
    const actor: Actor = {
      principal: { kind: 'issuer', issuerId: job.issuerId, apiKeyId: job.apiKeyId },
      issuerId: job.issuerId,
      requestId: `job:${job._id}`,
    };
    const input = issueInput(job, row);
    for (let attempt = 1; ; attempt += 1) {
      try {
        const { view, replayed } = await deps.issue(actor, input);
        return {
          row: row.row,
          outcome: 'issued',
          credentialId: view.id,
          ...(view.links.self ? { credentialUrl: view.links.self } : {}),
          ...(replayed ? { replayed: true } : {}),
        };
      } catch (error) {
        const problem = classify(error);
        const code = error instanceof AppError ? error.code : 'internal-error';
        // a conflict may be a race with another job registering the same learner: look again first
        if (problem === 'row' && !(error instanceof AppError && error.status === 409 && attempt < 3))
          return refusal(row, error as AppError);
        logger.warn('issuance row not issued yet', { jobId: job._id, row: row.row, code, attempt });
        if (problem === 'internal' && attempt >= 3)
          return failure(row.row, 'an internal error stopped this row');
        if (problem === 'transient' && attempt >= 8) return undefined;
        if (stopping || lease.lost) return undefined;
        await sleep(Math.min(500 * 2 ** (attempt - 1), 15_000));
      }
    }
  }

  /**
   * The next window from row `from`: up to `rowsInFlight` rows to issue at once, with the rows between
   * them that need no issuance (refused up front, cancelled, given up) answered in place.
   */
  async function nextWindow(
    job: JobDoc,
    claim: ChunkClaim,
    rows: JobRow[],
    from: number,
    settle: { settling: boolean; checked: number; leftover: number[] },
  ): Promise<WindowRow[]> {
    // a cancel is seen within CANCEL_CHECK_MS, without a read before every window
    if (!settle.settling && clock().getTime() - settle.checked >= CANCEL_CHECK_MS) {
      settle.settling = FINAL_STATES.has((await repo.getJob(job._id))?.state ?? 'cancelled');
      settle.checked = clock().getTime();
    }
    return windowFrom(job, rows, from, {
      size: options.rowsInFlight,
      settling: settle.settling,
      leftover: settle.leftover,
      givenUp: claim.attempt >= options.maxAttempts ? claim.attempt : undefined,
    });
  }

  /**
   * Issues the chunk's rows from where its results stop, a window of rows at once; true when every
   * row has its result. The window's positions are written as `inFlight` before any of its rows is
   * issued, so a crash leaves them to be replayed under their idempotency keys.
   */
  async function processRows(
    job: JobDoc,
    claim: ChunkClaim,
    rows: JobRow[],
    results: ResultsDoc,
    lease: Lease,
  ) {
    const settle = {
      settling: FINAL_STATES.has(job.state),
      checked: clock().getTime(),
      leftover: results.inFlight === undefined ? [] : [results.inFlight].flat(),
    };
    while (results.rows.length < rows.length) {
      if (!(await lease.ensure())) return false; // the new owner's results are not ours to write
      const from = results.rows.length;
      if (stopping) {
        await repo.saveResults({ ...results, inFlight: settle.leftover.filter((k) => k >= from) });
        return false;
      }
      const window = await nextWindow(job, claim, rows, from, settle);
      const issuing = window.filter((w) => !w.result);
      if (issuing.length) {
        results.inFlight = [
          ...new Set([...issuing.map((w) => w.index), ...settle.leftover.filter((k) => k >= from)]),
        ];
        await repo.saveResults(results);
        settle.leftover = results.inFlight;
      }
      const issued = await Promise.all(issuing.map((w) => issueRow(job, w.row, lease)));
      issuing.forEach((w, k) => (w.result = issued[k]));
      for (const w of window) {
        if (!w.result) return false;
        results.rows.push(w.result);
      }
    }
    if (!(await lease.ensure())) return false;
    await repo.saveResults({ ...results, inFlight: undefined, complete: true });
    return true;
  }

  async function runChunk(job: JobDoc, claim: ChunkClaim): Promise<void> {
    const lease = renewing(claim);
    let finished = false;
    try {
      if (job.state === 'queued') await repo.updateJob(job._id, (j) => markRunning(j, clock()));
      const rowsDoc = await repo.getRows(job._id, claim.chunk);
      if (!rowsDoc) throw new Error(`the rows of chunk ${claim.chunk} are missing`);
      const results: ResultsDoc = (await repo.getResults(job._id, claim.chunk)) ?? {
        _id: chunkId(job._id, claim.chunk),
        owner,
        rows: [],
        complete: false,
      };
      results.owner = owner;
      if (!results.complete && !(await processRows(job, claim, rowsDoc.rows, results, lease))) return;
      const counts = chunkCounts(rowsDoc.rows, results.rows);
      const after = await repo.updateJob(job._id, (j) => recordChunk(j, claim.chunk, counts, clock()));
      if (after?.finishedAt) await repo.dequeue(job._id);
      await repo.dropClaims(claim);
      finished = true;
    } finally {
      lease.stop();
      if (!finished && stopping) await repo.expireClaim(claim).catch(() => undefined);
    }
  }

  /** The first chunk of a queued job that no live owner holds, claimed. */
  async function claimWork(turn: number): Promise<{ job: JobDoc; claim: ChunkClaim } | undefined> {
    const queue = await repo.queued();
    for (let k = 0; k < queue.length && !stopping; k += 1) {
      const entry = queue[(k + turn) % queue.length] as { _id: string; createdAt: Date };
      const job = await repo.getJob(entry._id);
      if (!job) {
        // a creation that died before its commit point
        if (clock().getTime() - new Date(entry.createdAt).getTime() > ORPHAN_QUEUE_MS)
          await repo.dequeue(entry._id);
        continue;
      }
      if (job.finishedAt) {
        await repo.dequeue(job._id);
        continue;
      }
      for (let chunk = 0; chunk < job.chunkCount && !stopping; chunk += 1) {
        if (isChunkDone(job, chunk)) continue;
        const claim = await repo.claimChunk(job._id, chunk, owner, options.claimTtlMs);
        if (claim) return { job, claim };
      }
    }
    return undefined;
  }

  async function loop(index: number): Promise<void> {
    for (let turn = index; !stopping; turn += 1) {
      let worked = false;
      try {
        const work = await claimWork(turn);
        if (work) await runChunk(work.job, work.claim);
        worked = Boolean(work);
      } catch (error) {
        logger.error('issuance worker step failed', {
          error: (error as Error)?.name,
          code: (error as AppError)?.code,
        });
      }
      if (!worked && !stopping) await sleep(options.pollMs);
    }
  }

  return {
    /** this instance's name in claims and results */
    owner,
    start(): void {
      if (loops.length) return;
      loops = Array.from({ length: options.concurrency }, (_, i) => loop(i));
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

function markRunning(job: JobDoc, now: Date): boolean {
  if (job.state !== 'queued') return false;
  job.state = 'running';
  job.startedAt = now;
  return true;
}
