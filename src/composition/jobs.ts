import type { Validator } from '../http/validation.js';
import { createIssuanceJobsRepository } from '../features/issuance-jobs/issuance-jobs.repository.js';
import { createIssuanceJobsService, JOB_LIMITS } from '../features/issuance-jobs/issuance-jobs.service.js';
import { createIssuanceWorker } from '../features/issuance-jobs/issuance-jobs.worker.js';
import type { Base } from './context.js';
import type { Credentials } from './credentials.js';
import type { Records } from './records.js';

/** Issuance jobs (CSV batches): the service that takes them and the worker that issues their rows. */
export function buildJobs(base: Base, validator: Validator, records: Records, { credentials }: Credentials) {
  const { conn, clock, config, logger, options } = base;
  const repo = createIssuanceJobsRepository(conn, clock);
  const worker = createIssuanceWorker({
    repo,
    issue: (actor, input) => credentials.issue(actor, input),
    clock,
    logger: logger.child({ component: 'issuance-jobs' }),
    options: options.issuanceJobs?.worker,
  });
  const limits = { ...JOB_LIMITS, ...options.issuanceJobs?.limits };
  const service = createIssuanceJobsService({
    repo,
    check: (schemaId, value) => validator.check(schemaId, value),
    achievement: (issuerId, id) => records.achievements.find(issuerId, id),
    audit: records.audit,
    publicUrl: config.publicUrl,
    clock,
    wake: worker.wake,
    limits,
  });
  return { worker, service, limits };
}

export type Jobs = ReturnType<typeof buildJobs>;
