import type { Connection } from 'mongoose';
import { createLeases } from '../../infra/leases.js';
import { isDuplicateKeyError } from '../../infra/mongo.js';
import {
  jobModels,
  type ClaimDoc,
  type JobDoc,
  type ResultsDoc,
  type RowsDoc,
} from './issuance-job.model.js';

export const chunkId = (jobId: string, chunk: number): string => `${jobId}:${chunk}`;
const claimId = (jobId: string, chunk: number, attempt: number): string => `${jobId}:${chunk}:${attempt}`;

/** A chunk this worker holds: its attempt number names its claim document. */
export interface ChunkClaim {
  jobId: string;
  chunk: number;
  attempt: number;
}

type JobModels = ReturnType<typeof jobModels>;

const lean = async <T>(query: PromiseLike<unknown>): Promise<T | undefined> =>
  ((await query) as T | null) ?? undefined;

/** The job documents, their rows and results by chunk, and the queue of jobs to run. */
function jobTables(m: JobModels, clock: () => Date, withLease: ReturnType<typeof createLeases>) {
  return {
    getJob: (id: string) => lean<JobDoc>(m.jobs.findById(id).lean()),
    /** The commit point of a creation: rows and the queue entry are written before it. */
    insertJob: async (doc: JobDoc) => void (await m.jobs.create(doc)),
    /** Read-modify-write of one job as its only writer across instances; `change` returns false for no write. */
    updateJob: (id: string, change: (job: JobDoc) => boolean) =>
      withLease(`issuance-job:${id}`, async (lease) => {
        const job = await lean<JobDoc>(m.jobs.findById(id).lean());
        if (!job || !change(job)) return job;
        const { _id, ...fields } = job;
        lease.check(); // a holder paused past its lease could undo another's progress or cancellation
        await m.jobs.updateOne({ _id }, { $set: fields });
        return job;
      }),

    insertRows: async (docs: RowsDoc[]) => void (await m.rows.insertMany(docs, { ordered: true })),
    getRows: (jobId: string, chunk: number) => lean<RowsDoc>(m.rows.findById(chunkId(jobId, chunk)).lean()),
    /** Removes the rows of a creation that was refused half-way (one `_id` at a time: no scans). */
    async deleteRows(jobId: string, chunks: number): Promise<void> {
      for (let n = 0; n < chunks; n += 1) await m.rows.deleteOne({ _id: chunkId(jobId, n) });
    },

    getResults: (jobId: string, chunk: number) =>
      lean<ResultsDoc>(m.results.findById(chunkId(jobId, chunk)).lean()),
    async saveResults(doc: ResultsDoc): Promise<void> {
      await m.results.replaceOne({ _id: doc._id }, doc, { upsert: true });
    },

    enqueue: async (jobId: string) => void (await m.queue.create({ _id: jobId, createdAt: clock() })),
    dequeue: async (jobId: string) => void (await m.queue.deleteOne({ _id: jobId })),
    queued: async (): Promise<Array<{ _id: string; createdAt: Date }>> =>
      (await m.queue.find().sort({ createdAt: 1 }).limit(1000).lean()) as Array<{
        _id: string;
        createdAt: Date;
      }>,
  };
}

/**
 * Claims a chunk for `ttlMs`: attempt 0 is a unique insert; an attempt whose owner let its lease
 * run out is followed by the next one, again a unique insert, so two takers never both win.
 * Undefined when a live owner holds it.
 */
async function claimChunk(
  m: JobModels,
  clock: () => Date,
  { jobId, chunk, owner, ttlMs }: { jobId: string; chunk: number; owner: string; ttlMs: number },
): Promise<ChunkClaim | undefined> {
  for (let attempt = 0, tries = 0; tries < 100; tries += 1) {
    const _id = claimId(jobId, chunk, attempt);
    try {
      await m.claims.create({ _id, owner, until: new Date(clock().getTime() + ttlMs) });
      return { jobId, chunk, attempt };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const held = await lean<ClaimDoc>(m.claims.findById(_id).lean());
    if (held && new Date(held.until).getTime() > clock().getTime()) return undefined;
    // a lapsed claim is followed by the next attempt; one just removed is tried again
    if (held) attempt += 1;
  }
  return undefined;
}

/** Which worker holds which chunk of a job, for how long. */
function chunkClaims(m: JobModels, clock: () => Date) {
  return {
    claimChunk: (jobId: string, chunk: number, owner: string, ttlMs: number) =>
      claimChunk(m, clock, { jobId, chunk, owner, ttlMs }),
    /** Extends the owner's lease; false when a later attempt exists (someone took the chunk over). */
    async renewClaim(claim: ChunkClaim, ttlMs: number): Promise<boolean> {
      const { jobId, chunk, attempt } = claim;
      const next = await m.claims.exists({ _id: claimId(jobId, chunk, attempt + 1) });
      if (next) return false;
      await m.claims.updateOne(
        { _id: claimId(jobId, chunk, attempt) },
        { $set: { until: new Date(clock().getTime() + ttlMs) } },
      );
      return true;
    },
    /** Lets another worker take the chunk at once (a graceful stop). */
    async expireClaim(claim: ChunkClaim): Promise<void> {
      await m.claims.updateOne(
        { _id: claimId(claim.jobId, claim.chunk, claim.attempt) },
        { $set: { until: new Date(0) } },
      );
    },
    /** Removes every attempt's claim of a finished chunk. */
    async dropClaims(claim: ChunkClaim): Promise<void> {
      for (let a = claim.attempt; a >= 0; a -= 1)
        await m.claims.deleteOne({ _id: claimId(claim.jobId, claim.chunk, a) });
    },
  };
}

/**
 * Every read and write is by `_id` (or of the small queue collection as a whole): on FerretDB's SQLite
 * backend any other filter reads the whole collection. No transactions: each step is safe to repeat.
 */
export function createIssuanceJobsRepository(conn: Connection, clock: () => Date) {
  const m = jobModels(conn);
  return { ...jobTables(m, clock, createLeases(conn, { clock })), ...chunkClaims(m, clock) };
}

export type IssuanceJobsRepository = ReturnType<typeof createIssuanceJobsRepository>;
