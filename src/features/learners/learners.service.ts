import type { Lang, LearnerRecord } from '../../core/types.js';
import { AppError } from '../../errors.js';
import type { AuditLog } from '../audit/audit.repository.js';
import type { Actor } from '../../actor.js';
import { createLifecycle } from '../shared/lifecycle.js';
import type { ScopedRepository } from '../shared/scoped-repository.js';

export interface LearnerInput {
  givenName: string;
  familyName: string;
  email: string;
  did?: string;
  preferredLanguage?: Lang;
}

export interface LearnersDeps {
  repo: ScopedRepository<LearnerRecord>;
  audit: AuditLog;
}

const duplicateEmail = (error: unknown): boolean => (error as { code?: number })?.code === 11000;

const emailTaken = () =>
  new AppError('conflict', 'This issuer already has a learner with this email', [
    { pointer: '/email', detail: 'is already registered' },
  ]);

/** Names are stored exactly as given (no trimming or normalisation), so they round-trip byte for byte. */
export function createLearnersService({ repo, audit }: LearnersDeps) {
  const lifecycle = createLifecycle(repo, audit, 'learner', 'Learner');
  const mapDuplicate = async <T>(work: Promise<T>): Promise<T> => {
    try {
      return await work;
    } catch (error) {
      throw duplicateEmail(error) ? emailTaken() : error;
    }
  };
  return {
    get: lifecycle.get,
    /** The issuer's learner, or undefined: for callers that refuse an unknown id (422), not 404. */
    find: (issuerId: string, id: string): Promise<LearnerRecord | undefined> => repo.get(issuerId, id),
    findByEmail: (issuerId: string, email: string): Promise<LearnerRecord | undefined> =>
      repo.findOne(issuerId, { email }),
    list: lifecycle.list,
    archive: lifecycle.archive,
    create: (actor: Actor, input: LearnerInput): Promise<LearnerRecord> =>
      mapDuplicate(lifecycle.create(actor, { preferredLanguage: 'lv', ...input })),
    update: (actor: Actor, id: string, changes: Partial<LearnerInput>): Promise<LearnerRecord> =>
      mapDuplicate(lifecycle.update(actor, id, { ...changes })),
  };
}

export type LearnersService = ReturnType<typeof createLearnersService>;
