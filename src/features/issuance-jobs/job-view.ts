import type { JobDoc } from './issuance-job.model.js';
import { jobCounts } from './job-progress.js';

/** A job as the API shows it: settings, counts, times and the links to its results and cancel. */
export function jobView(job: JobDoc, publicUrl: string) {
  const self = `${publicUrl}/api/v1/issuance-jobs/${job._id}`;
  return {
    id: job._id,
    state: job.state,
    source: job.source,
    ...(job.fileName ? { fileName: job.fileName } : {}),
    ...job.settings,
    ...jobCounts(job),
    createdAt: job.createdAt.toISOString(),
    ...(job.startedAt ? { startedAt: new Date(job.startedAt).toISOString() } : {}),
    ...(job.cancelledAt ? { cancelledAt: new Date(job.cancelledAt).toISOString() } : {}),
    ...(job.finishedAt ? { finishedAt: new Date(job.finishedAt).toISOString() } : {}),
    links: {
      self,
      results: `${self}/results`,
      resultsCsv: `${self}/results.csv`,
      cancel: `${self}/cancel`,
    },
  };
}

export type JobView = ReturnType<typeof jobView>;
