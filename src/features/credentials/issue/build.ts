import { randomBytes } from 'node:crypto';
import { buildOpenBadgeCredential } from '../../../core/ob3/build-credential.js';
import type { IssuerRecord, JsonObject, LearnerRecord } from '../../../core/types.js';
import type { IssuePlan } from './plan.js';

/** The learner as the credential names them: one given inline is not registered yet (see registerLearner). */
export function learnerOf(issuerId: string, plan: IssuePlan): LearnerRecord {
  if (!('pending' in plan.learner)) return plan.learner;
  return {
    id: 'pending',
    issuerId,
    preferredLanguage: 'lv',
    status: 'active',
    createdAt: '',
    updatedAt: '',
    ...plan.learner.pending,
  };
}

export interface BuildInput {
  issuer: IssuerRecord;
  plan: IssuePlan;
  credentialId: string;
  /** the credential's status entries: OB 3.0 credentials carry one (revocation), as an object */
  entries: JsonObject[];
  publicUrl: string;
}

/** Build: the unsigned OpenBadgeCredential of the plan, with its frozen edition and its status entry. */
export function buildCredential({ issuer, plan, credentialId, entries, publicUrl }: BuildInput) {
  return buildOpenBadgeCredential({
    issuer,
    achievement: plan.achievement,
    edition: plan.edition,
    learner: learnerOf(issuer.id, plan),
    publicUrl,
    credentialId,
    salt: randomBytes(16).toString('hex'),
    award: {
      language: plan.language,
      awardedDate: plan.awardedDate,
      validUntil: plan.validUntil,
      result: plan.result,
    },
    credentialStatus: entries.length === 1 ? entries[0] : entries,
  }) as unknown as Record<string, unknown>;
}
