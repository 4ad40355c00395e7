import type { Logger } from '../../infra/logger.js';
import type { JobDoc, JobRow, ResultsDoc, RowResult } from './issuance-job.model.js';
import { chunkId, type ChunkClaim, type IssuanceJobsRepository } from './issuance-jobs.repository.js';
import { renewing, type Lease } from './chunk-claims.js';
import { chunkCounts, FINAL_STATES, recordChunk } from './job-progress.js';
import { windowFrom, type WindowRow } from './job-window.js';

/** A cancel is seen within this long, without a read before every window. */
const CANCEL_CHECK_MS = 500;

/** What working on a chunk needs of its worker. */
export interface ChunkWork {
  repo: IssuanceJobsRepository;
  clock: () => Date;
  logger: Logger;
  options: { claimTtlMs: number; maxAttempts: number; rowsInFlight: number };
  /** this instance's name in claims and results */
  owner: string;
  stopping: () => boolean;
  issueRow: (job: JobDoc, row: JobRow, lease: { lost: boolean }) => Promise<RowResult | undefined>;
}

/** Whether the job was cancelled (or finished), and which positions a previous owner left in flight. */
interface Settle {
  settling: boolean;
  checked: number;
  leftover: number[];
}

/**
 * The next window from row `from`: up to `rowsInFlight` rows to issue at once, with the rows between
 * them that need no issuance (refused up front, cancelled, given up) answered in place.
 */
async function nextWindow(
  work: ChunkWork,
  { job, claim, rows }: { job: JobDoc; claim: ChunkClaim; rows: JobRow[] },
  from: number,
  settle: Settle,
): Promise<WindowRow[]> {
  const { clock, repo, options } = work;
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

/** Records the window's rows to issue as `inFlight` (with a previous owner's still ahead) before issuing them. */
async function markInFlight(
  repo: IssuanceJobsRepository,
  results: ResultsDoc,
  issuing: WindowRow[],
  settle: Settle,
  from: number,
) {
  if (!issuing.length) return;
  results.inFlight = [
    ...new Set([...issuing.map((w) => w.index), ...settle.leftover.filter((k) => k >= from)]),
  ];
  await repo.saveResults(results);
  settle.leftover = results.inFlight;
}

/**
 * Issues the chunk's rows from where its results stop, a window of rows at once; true when every
 * row has its result. The window's positions are written as `inFlight` before any of its rows is
 * issued, so a crash leaves them to be replayed under their idempotency keys.
 */
async function processRows(
  work: ChunkWork,
  chunk: { job: JobDoc; claim: ChunkClaim; rows: JobRow[] },
  results: ResultsDoc,
  lease: Lease,
) {
  const { repo, clock } = work;
  const settle: Settle = {
    settling: FINAL_STATES.has(chunk.job.state),
    checked: clock().getTime(),
    leftover: results.inFlight === undefined ? [] : [results.inFlight].flat(),
  };
  while (results.rows.length < chunk.rows.length) {
    if (!(await lease.ensure())) return false; // the new owner's results are not ours to write
    const from = results.rows.length;
    if (work.stopping()) {
      await repo.saveResults({ ...results, inFlight: settle.leftover.filter((k) => k >= from) });
      return false;
    }
    const window = await nextWindow(work, chunk, from, settle);
    const issuing = window.filter((w) => !w.result);
    await markInFlight(repo, results, issuing, settle, from);
    const issued = await Promise.all(issuing.map((w) => work.issueRow(chunk.job, w.row, lease)));
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

function markRunning(job: JobDoc, now: Date): boolean {
  if (job.state !== 'queued') return false;
  job.state = 'running';
  job.startedAt = now;
  return true;
}

/** Works on a claimed chunk until every row has its result, then counts it into the job. */
export async function runChunk(work: ChunkWork, job: JobDoc, claim: ChunkClaim): Promise<void> {
  const { repo, clock, owner, options } = work;
  const lease = renewing(repo, claim, { clock, claimTtlMs: options.claimTtlMs });
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
    const chunk = { job, claim, rows: rowsDoc.rows };
    if (!results.complete && !(await processRows(work, chunk, results, lease))) return;
    const counts = chunkCounts(rowsDoc.rows, results.rows);
    const after = await repo.updateJob(job._id, (j) => recordChunk(j, claim.chunk, counts, clock()));
    if (after?.finishedAt) await repo.dequeue(job._id);
    await repo.dropClaims(claim);
    finished = true;
  } finally {
    lease.stop();
    if (!finished && work.stopping()) await repo.expireClaim(claim).catch(() => undefined);
  }
}
