import type { AchievementRecord, IssuerRecord, LearnerRecord } from '../../core/types.js';
import type { EdcRecords, StoredCredential } from './edc.service.js';

/** What the EDC feature reads, each by id; other features are reached only through these functions. */
export interface EdcRecordSources {
  issuer(id: string): Promise<IssuerRecord | undefined>;
  /** the achievement as it stood at `version` (a past version keeps what it said), else as it is now */
  achievement(issuerId: string, id: string, version?: number): Promise<AchievementRecord | undefined>;
  learner(issuerId: string, id: string): Promise<LearnerRecord | undefined>;
  credential(id: string): Promise<StoredCredential | undefined>;
}

/** Adapts the features' look-ups to the EDC feature's "undefined when absent". */
export function edcRecords(sources: EdcRecordSources): EdcRecords {
  return {
    issuer: (id) => sources.issuer(id),
    achievement: (issuerId, id, version) => sources.achievement(issuerId, id, version),
    learner: (issuerId, id) => sources.learner(issuerId, id),
    credential: (id) => sources.credential(id),
  };
}

/** Seals a new issuer's first EDC certificate as soon as the issuer exists (issuers that predate this get one lazily). */
export function sealOnCreate<S extends { create(...args: never[]): Promise<{ issuer: IssuerRecord }> }>(
  service: S,
  seal: (issuer: IssuerRecord) => Promise<unknown>,
  onError: (error: unknown) => void,
): S {
  return {
    ...service,
    async create(...args: Parameters<S['create']>) {
      const created = await service.create(...args);
      // the issuer exists either way; a failed seal is made again on first use
      await seal(created.issuer).catch(onError);
      return created;
    },
  };
}
