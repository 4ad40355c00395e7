import type { JobCounts, JobDoc, JobRow, JobState, RowResult } from './issuance-job.model.js';

export const FINAL_STATES: ReadonlySet<JobState> = new Set(['done', 'cancelled', 'failed']);

const bitmap = (job: Pick<JobDoc, 'chunksDone' | 'chunkCount'>): Buffer => {
  const bits = Buffer.alloc(Math.ceil(job.chunkCount / 8));
  Buffer.from(job.chunksDone, 'base64').copy(bits);
  return bits;
};

export const isChunkDone = (job: Pick<JobDoc, 'chunksDone' | 'chunkCount'>, chunk: number): boolean =>
  ((bitmap(job)[chunk >> 3] ?? 0) & (1 << (chunk & 7))) !== 0;

export const emptyCounts = (): JobCounts => ({ issued: 0, refused: 0, failed: 0, cancelled: 0 });

/** What a finished chunk adds to the job's counts: rows refused up front were counted at creation. */
export function chunkCounts(rows: JobRow[], results: RowResult[]): JobCounts {
  const counts = emptyCounts();
  results.forEach((result, i) => {
    if (!rows[i]?.refused) counts[result.outcome] += 1;
  });
  return counts;
}

/**
 * Adds a finished chunk to its job, once: the chunk's bit guards the counts, so a worker that dies
 * after counting and before cleaning up does no harm when the next one counts again. The job is
 * finished when every chunk is; it failed when none of its rows could be issued.
 */
export function recordChunk(job: JobDoc, chunk: number, counts: JobCounts, now: Date): boolean {
  if (isChunkDone(job, chunk)) return false;
  const bits = bitmap(job);
  bits[chunk >> 3] = (bits[chunk >> 3] ?? 0) | (1 << (chunk & 7));
  job.chunksDone = bits.toString('base64');
  for (const key of Object.keys(counts) as Array<keyof JobCounts>) job.counts[key] += counts[key];
  let done = 0;
  for (let n = 0; n < job.chunkCount; n += 1) if (((bits[n >> 3] ?? 0) & (1 << (n & 7))) !== 0) done += 1;
  if (done === job.chunkCount) {
    job.finishedAt = now;
    if (job.state !== 'cancelled') job.state = job.counts.issued === 0 ? 'failed' : 'done';
  }
  return true;
}

/** Counts and progress as the API shows them. */
export function jobCounts(job: JobDoc) {
  const c = job.counts;
  const refused = job.refusedUpFront + c.refused;
  const processed = c.issued + refused + c.failed + c.cancelled;
  return {
    counts: {
      total: job.totalRows,
      issued: c.issued,
      refused,
      failed: c.failed,
      cancelled: c.cancelled,
      pending: job.totalRows - processed,
    },
    progress: {
      processed,
      total: job.totalRows,
      percent: job.totalRows ? Math.floor((processed * 100) / job.totalRows) : 100,
    },
  };
}
