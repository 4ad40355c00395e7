import type { LearnerRecord } from '../../../core/types.js';
import type { Actor } from '../../../actor.js';
import type { LearnersService } from '../../learners/learners.service.js';
import type { CredentialDoc, StatusRef } from '../credential.model.js';
import type { CredentialsRepository } from '../credentials.repository.js';
import type { IssuePlan } from './plan.js';
import type { Signed } from './seal.js';

/** What one issuance ends with: the credential under its id, and whether this request stored it. */
export interface Issued {
  doc: CredentialDoc;
  created: boolean;
}

/** What storing came to: the credential, or 'voided' (the reclaimer voided the attempt's id). */
export type Persisted = Issued | 'voided';

const sameRefs = (a: StatusRef[], b: StatusRef[]) =>
  a.length === b.length && a.every((r, i) => r.listId === b[i]?.listId && r.index === b[i]?.index);

/**
 * Persist: stores the credential and lists it, unless something is stored under its id already: a
 * credential of this issuer holding this attempt's indexes is this attempt's own insert whose answer
 * was lost (relisted, its row may be missing); one holding other indexes was stored by another attempt
 * at the same idempotency key (a takeover raced it: answered as a replay); a void mark means the
 * reclaimer took this attempt for dead and voided its id.
 */
export async function persist(
  repo: Pick<CredentialsRepository, 'insertOnce' | 'stored' | 'relist'>,
  doc: CredentialDoc,
): Promise<Persisted> {
  if (await repo.insertOnce(doc)) return { doc, created: true };
  const stored = await repo.stored(doc._id);
  if (stored.kind !== 'credential' || stored.doc.issuerId !== doc.issuerId) return 'voided';
  await repo.relist(stored.doc);
  return { doc: stored.doc, created: sameRefs(stored.doc.statusRefs, doc.statusRefs) };
}

/** The learner the plan names: a learner given inline is registered now, once the credential is sealed. */
export async function registerLearner(
  learners: Pick<LearnersService, 'create'>,
  actor: Actor,
  plan: IssuePlan,
): Promise<LearnerRecord> {
  return 'pending' in plan.learner ? learners.create(actor, plan.learner.pending) : plan.learner;
}

/** The record of an OB 3.0 issuance: the signed credential (or JWT), its award and its status entries. */
export function credentialRecord(
  issuerId: string,
  plan: IssuePlan,
  ids: { credentialId: string; learnerId: string },
  signed: Signed,
  statusRefs: StatusRef[],
  createdAt: Date,
): CredentialDoc {
  return {
    _id: ids.credentialId,
    issuerId,
    achievementId: plan.achievement.id,
    learnerId: ids.learnerId,
    language: plan.language,
    format: plan.format,
    ...signed,
    status: 'active',
    statusHistory: [],
    statusRefs,
    awardedDate: plan.awardedDate,
    validUntil: plan.validUntil,
    createdAt,
  };
}

/** The record of a caller-built credential signed through the W3C VC-API: the document and its entries. */
export function signedRecord(
  issuerId: string,
  credentialId: string,
  credential: Record<string, unknown>,
  statusRefs: StatusRef[],
  createdAt: Date,
): CredentialDoc {
  return {
    _id: credentialId,
    issuerId,
    format: 'vc-di',
    credential,
    status: 'active',
    statusHistory: [],
    statusRefs,
    createdAt,
  };
}
