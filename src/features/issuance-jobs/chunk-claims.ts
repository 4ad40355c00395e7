import type { JobDoc } from './issuance-job.model.js';
import type { ChunkClaim, IssuanceJobsRepository } from './issuance-jobs.repository.js';
import { isChunkDone } from './job-progress.js';

/** A queue entry older than this without its job is a creation that died before its commit point. */
const ORPHAN_QUEUE_MS = 10 * 60_000;

export interface Lease {
  lost: boolean;
  ensure(): Promise<boolean>;
}

/**
 * Keeps the claim alive while the chunk is worked on; `lost` once another worker took it over.
 * `ensure()` before a write renews first when the last renewal is old (this worker may have been
 * stalled past its lease), so a worker that lost its chunk does not overwrite the new owner's results.
 */
export function renewing(
  repo: IssuanceJobsRepository,
  claim: ChunkClaim,
  { clock, claimTtlMs }: { clock: () => Date; claimTtlMs: number },
): Lease & { stop(): void } {
  const every = claimTtlMs / 3;
  let renewedAt = clock().getTime();
  const renew = async () => {
    const kept = await repo.renewClaim(claim, claimTtlMs);
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

export interface ClaimRules {
  owner: string;
  claimTtlMs: number;
  clock: () => Date;
  stopping: () => boolean;
}

/** The job of a queue entry, or undefined after dropping an entry that has no work left. */
async function queuedJob(
  repo: IssuanceJobsRepository,
  entry: { _id: string; createdAt: Date },
  clock: () => Date,
): Promise<JobDoc | undefined> {
  const job = await repo.getJob(entry._id);
  if (!job) {
    // a creation that died before its commit point
    if (clock().getTime() - new Date(entry.createdAt).getTime() > ORPHAN_QUEUE_MS)
      await repo.dequeue(entry._id);
    return undefined;
  }
  if (!job.finishedAt) return job;
  await repo.dequeue(job._id);
  return undefined;
}

/** The first chunk of a queued job that no live owner holds, claimed; `turn` spreads loops over jobs. */
export async function claimWork(
  repo: IssuanceJobsRepository,
  turn: number,
  rules: ClaimRules,
): Promise<{ job: JobDoc; claim: ChunkClaim } | undefined> {
  const queue = await repo.queued();
  for (let k = 0; k < queue.length && !rules.stopping(); k += 1) {
    const entry = queue[(k + turn) % queue.length] as { _id: string; createdAt: Date };
    const job = await queuedJob(repo, entry, rules.clock);
    if (!job) continue;
    for (let chunk = 0; chunk < job.chunkCount && !rules.stopping(); chunk += 1) {
      if (isChunkDone(job, chunk)) continue;
      const claim = await repo.claimChunk(job._id, chunk, rules.owner, rules.claimTtlMs);
      if (claim) return { job, claim };
    }
  }
  return undefined;
}
