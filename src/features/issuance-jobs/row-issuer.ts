import type { Actor } from '../../actor.js';
import { AppError } from '../../errors.js';
import type { Logger } from '../../infra/logger.js';
import { isStoreUnavailable } from '../../infra/mongo.js';
import type { IssueInput } from '../credentials/index.js';
import type { JobDoc, JobRow, RowResult } from './issuance-job.model.js';
import { issueInput } from './job-rows.js';
import { failure, refusal } from './job-window.js';

/** The credentials feature's public issue use case, as far as a job needs it. */
export type IssueCredential = (
  actor: Actor,
  input: IssueInput,
) => Promise<{ view: { id: string; links: Record<string, string> }; replayed: boolean }>;

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

/** A job's rows are issued as the API key that created the job; the request id names the job. */
const jobActor = (job: JobDoc): Actor => ({
  principal: { kind: 'issuer', issuerId: job.issuerId, apiKeyId: job.apiKeyId },
  issuerId: job.issuerId,
  requestId: `job:${job._id}`,
});

const issuedResult = (row: JobRow, { view, replayed }: Awaited<ReturnType<IssueCredential>>): RowResult => ({
  row: row.row,
  outcome: 'issued',
  credentialId: view.id,
  ...(view.links.self ? { credentialUrl: view.links.self } : {}),
  ...(replayed ? { replayed: true } : {}),
});

export interface RowIssuerDeps {
  issue: IssueCredential;
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
  /** the worker is stopping: a row not issued yet is left for the next owner */
  stopping: () => boolean;
}

/**
 * Issues one row, retrying what may pass: its result, or undefined when it is left unfinished (the
 * worker stops, the chunk's lease was lost, or the store stays away) to be replayed later.
 */
export function createRowIssuer({ issue, logger, sleep, stopping }: RowIssuerDeps) {
  return async function issueRow(
    job: JobDoc,
    row: JobRow,
    lease: { lost: boolean },
  ): Promise<RowResult | undefined> {
    const actor = jobActor(job);
    const input = issueInput(job, row);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return issuedResult(row, await issue(actor, input));
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
        if (stopping() || lease.lost) return undefined;
        await sleep(Math.min(500 * 2 ** (attempt - 1), 15_000));
      }
    }
  };
}
