import type { Connection } from 'mongoose';
import type { LearnerRecord } from '../../core/types.js';
import { createScopedRepository, type ScopedRepository } from '../shared/scoped-repository.js';
import { learnerModel, type LearnerDoc } from './learner.model.js';

export interface LearnersRepository extends ScopedRepository<LearnerRecord> {
  /** Removes a learner that lost the race for its e-mail, before anyone was told it exists (by `_id`). */
  remove(issuerId: string, id: string): Promise<void>;
}

export function createLearnersRepository(conn: Connection): LearnersRepository {
  const model = learnerModel(conn);
  const scoped = createScopedRepository<LearnerDoc, LearnerRecord>(model);
  return {
    ...scoped,
    async remove(issuerId, id) {
      if (await scoped.get(issuerId, id)) await model.deleteOne({ _id: id });
    },
  };
}
