import type { Config } from '../config.js';
import type { DnsLookup, RemoteFetch } from '../core/verify/index.js';
import type { SignerOptions } from '../features/credentials/signer.js';
import type { JobLimits } from '../features/issuance-jobs/issuance-jobs.service.js';
import type { WorkerOptions } from '../features/issuance-jobs/issuance-jobs.worker.js';
import type { Logger } from '../infra/logger.js';
import type { Store } from '../infra/mongo.js';
import type { SecretBox } from '../infra/secret-box.js';

export interface DepsOptions {
  /** injectable clock (tests) */
  clock?: () => Date;
  /** root of schemas/ (default: ./schemas) */
  schemasDir?: string;
  /** the verifier's network access (tests inject fakes that count calls) */
  remoteFetch?: RemoteFetch;
  dnsLookup?: DnsLookup;
  /** issuance jobs: worker tuning and limits (tests) */
  issuanceJobs?: { worker?: Partial<WorkerOptions>; limits?: Partial<JobLimits> };
  /** sees every Data Integrity proof the credential signer makes (tests check its bytes) */
  onDataIntegrityProof?: SignerOptions['onProof'];
}

/** What every builder of the composition root is given: settings, clock, the open store and the secret box. */
export interface Base {
  config: Readonly<Config>;
  logger: Logger;
  options: DepsOptions;
  clock: () => Date;
  conn: Store['connection'];
  box: SecretBox;
}

/** What close() stops: each starts as a no-op and is replaced when the part it stops has started. */
export interface Running {
  stopWorkers: () => Promise<void>;
  stopReclaimer: () => void;
  reclaimSoon: () => void;
  stopJobs: () => Promise<void>;
}

export const notRunning = (): Running => ({
  stopWorkers: async () => {},
  stopReclaimer: () => {},
  reclaimSoon: () => {},
  stopJobs: async () => {},
});
