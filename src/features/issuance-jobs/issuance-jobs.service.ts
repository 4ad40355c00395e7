import type { Actor } from '../../actor.js';
import { AppError, notFound } from '../../errors.js';
import type { Page, PageRequest } from '../shared/paging.js';
import type { JobDoc } from './issuance-job.model.js';
import type { IssuanceJobsRepository } from './issuance-jobs.repository.js';
import {
  createJob,
  csvJobRows,
  JOB_LIMITS,
  jsonRows,
  type IssuanceJobsDeps,
  type JobOptions,
} from './job-intake.js';
import { FINAL_STATES } from './job-progress.js';
import { chunkResults, resultsCsv, type RowResultView } from './job-results.js';
import { jobView } from './job-view.js';

export { JOB_LIMITS, type IssuanceJobsDeps, type JobLimits, type JobOptions } from './job-intake.js';
export type { JobView } from './job-view.js';

/** Reading a job and its results: the caller's own jobs only, the results a chunk at a time. */
function createJobReads(repo: IssuanceJobsRepository) {
  /** The caller's own job; another issuer's job does not exist for them. */
  async function owned(issuerId: string, id: string): Promise<JobDoc> {
    const job = await repo.getJob(id);
    if (!job || job.issuerId !== issuerId) throw notFound('Issuance job');
    return job;
  }
  const chunkOf = async (job: JobDoc, n: number) => {
    const [rows, results] = await Promise.all([repo.getRows(job._id, n), repo.getResults(job._id, n)]);
    return chunkResults(rows?.rows ?? [], results);
  };
  /** A page of the results in row order; each page reads only the chunks it covers. */
  async function results(
    issuerId: string,
    id: string,
    { page, pageSize }: PageRequest,
  ): Promise<Page<RowResultView>> {
    const job = await owned(issuerId, id);
    const start = (page - 1) * pageSize;
    const end = Math.min(job.totalRows, start + pageSize);
    const items: RowResultView[] = [];
    for (let n = Math.floor(start / job.chunkSize); n * job.chunkSize < end; n += 1) {
      const offset = n * job.chunkSize;
      items.push(...(await chunkOf(job, n)).filter((_, i) => offset + i >= start && offset + i < end));
    }
    return { items, page, pageSize, total: job.totalRows };
  }
  /** Checks access first, then streams the results file chunk by chunk. */
  async function csv(issuerId: string, id: string): Promise<AsyncGenerator<string>> {
    const job = await owned(issuerId, id);
    return resultsCsv(job, (n) => chunkOf(job, n));
  }
  return { owned, results, resultsCsv: csv };
}

/** The job cancelled now, or undefined when it already was; a finished job cannot be. */
function cancelling(clock: () => Date) {
  return (j: JobDoc) => {
    if (j.state === 'cancelled') return false;
    if (FINAL_STATES.has(j.state))
      throw new AppError(
        'issuance-job-finished',
        `The job has finished (${j.state}); there is nothing to cancel`,
      );
    Object.assign(j, { state: 'cancelled', cancelledAt: clock() });
    return true;
  };
}

export function createIssuanceJobsService(deps: IssuanceJobsDeps) {
  const { repo, clock, publicUrl } = deps;
  const limits = { ...JOB_LIMITS, ...deps.limits };
  const view = (job: JobDoc) => jobView(job, publicUrl);
  const { owned, results, resultsCsv } = createJobReads(repo);
  const intake = { ...deps, limits };
  return {
    view,
    createFromJson: (actor: Actor, body: JobOptions & { learners: Array<Record<string, unknown>> }) => {
      const { learners, ...options } = body;
      return createJob(intake, actor, options, jsonRows(learners, limits.maxRows)).then(view);
    },
    createFromCsv: async (
      actor: Actor,
      options: JobOptions,
      bytes: AsyncIterable<Uint8Array>,
      fileName?: string,
    ) => view(await createJob(intake, actor, options, csvJobRows(bytes, limits, fileName))),
    get: async (issuerId: string, id: string) => view(await owned(issuerId, id)),
    results,
    resultsCsv,
    /** Stops further rows: rows not yet begun are reported as cancelled, the row being issued completes. */
    async cancel(actor: Actor, id: string) {
      await owned(actor.issuerId, id);
      const job = await repo.updateJob(id, cancelling(clock));
      if (!job) throw notFound('Issuance job');
      await deps.audit.append({
        principal: actor.principal,
        issuerId: actor.issuerId,
        action: 'issuance-job.cancelled',
        targetType: 'issuance-job',
        targetId: id,
        requestId: actor.requestId,
      });
      deps.wake();
      return view(job);
    },
  };
}

export type IssuanceJobsService = ReturnType<typeof createIssuanceJobsService>;
