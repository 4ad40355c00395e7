import { checkEuMandatoryElements } from '../../core/ob3/eu-record-rules.js';
import type { Achievement } from '../../core/ob3/types.js';
import type { AchievementRecord, Lang, LearnerRecord } from '../../core/types.js';
import { AppError, unlessNotFound, type FieldError } from '../../errors.js';
import type { AchievementsService } from '../achievements/achievements.service.js';
import type { LearnerInput, LearnersService } from '../learners/learners.service.js';
import type { Actor } from '../../actor.js';
import type { CredentialFormat } from './credential.model.js';

export interface IssueInput {
  achievementId: string;
  learnerId?: string;
  learner?: LearnerInput;
  language: Lang;
  awardedDate?: string;
  result?: { value: string };
  validUntil?: string;
  format?: CredentialFormat;
  idempotencyKey?: string;
}

/** Everything an issuance needs, checked: nothing is written before a plan exists. */
export interface IssuePlan {
  achievement: AchievementRecord;
  /** the edition of the achievement's current version in `language`, frozen: the credential embeds it */
  edition: Achievement;
  /** the registered learner, or the details of one to register */
  learner: LearnerRecord | { pending: LearnerInput };
  language: Lang;
  format: CredentialFormat;
  awardedDate: Date;
  validUntil?: Date;
  result?: { value: string };
}

const unprocessable = (
  errors: FieldError[],
  code: 'unprocessable-entity' | 'language-not-available' | 'learner-did-required' = 'unprocessable-entity',
) => new AppError(code, errors.map((e) => e.detail).join('; '), errors);

async function findAchievement(
  achievements: AchievementsService,
  issuerId: string,
  id: string,
): Promise<AchievementRecord> {
  const found = await unlessNotFound(achievements.get(issuerId, id));
  if (!found)
    throw unprocessable([{ pointer: '/achievementId', detail: 'no achievement of this issuer has this id' }]);
  if (found.status !== 'active')
    throw unprocessable([{ pointer: '/achievementId', detail: 'the achievement is archived' }]);
  const gaps = checkEuMandatoryElements(found);
  if (gaps.length > 0) {
    const errors = gaps.map((g) => ({
      pointer: '/achievementId',
      detail: `the achievement lacks an EU micro-credential element: ${g.pointer} ${g.detail}`,
    }));
    throw new AppError(
      'credential-invalid',
      'The achievement is missing mandatory EU micro-credential elements',
      errors,
    );
  }
  return found;
}

async function findLearner(
  learners: LearnersService,
  issuerId: string,
  input: IssueInput,
): Promise<IssuePlan['learner']> {
  if ((input.learnerId === undefined) === (input.learner === undefined)) {
    throw new AppError('invalid-request', 'Give exactly one of learnerId and learner', [
      { pointer: '/learnerId', detail: 'give exactly one of learnerId and learner' },
    ]);
  }
  if (input.learnerId) {
    const found = await unlessNotFound(learners.get(issuerId, input.learnerId));
    if (!found)
      throw unprocessable([{ pointer: '/learnerId', detail: 'no learner of this issuer has this id' }]);
    if (found.status !== 'active')
      throw unprocessable([{ pointer: '/learnerId', detail: 'the learner is archived' }]);
    return found;
  }
  const pending = input.learner as LearnerInput;
  return (await learners.findByEmail(issuerId, pending.email)) ?? { pending };
}

function checkAward(
  input: IssueInput,
  achievement: AchievementRecord,
  now: Date,
): { awardedDate: Date; validUntil?: Date } {
  const awardedDate = input.awardedDate ? new Date(input.awardedDate) : now;
  const errors: FieldError[] = [];
  if (awardedDate.getTime() > now.getTime() + 60_000)
    errors.push({ pointer: '/awardedDate', detail: 'must not be in the future' });
  const validUntil = input.validUntil ? new Date(input.validUntil) : undefined;
  if (validUntil && validUntil <= awardedDate)
    errors.push({ pointer: '/validUntil', detail: 'must be after awardedDate' });
  const allowed = achievement.gradeScheme?.allowedValues;
  if (input.result && allowed && !allowed.includes(input.result.value)) {
    errors.push({
      pointer: '/result/value',
      detail: `must be one of the grade scheme's values: ${allowed.join(', ')}`,
    });
  }
  if (input.result && !achievement.gradeScheme)
    errors.push({ pointer: '/result', detail: 'the achievement has no grade scheme' });
  if (errors.length) throw unprocessable(errors);
  return { awardedDate, validUntil };
}

/** Resolves and checks an issuance request against the issuer's own records. */
export async function planIssue(
  deps: { achievements: AchievementsService; learners: LearnersService },
  actor: Actor,
  input: IssueInput,
  now: Date,
): Promise<IssuePlan> {
  const achievement = await findAchievement(deps.achievements, actor.issuerId, input.achievementId);
  if (!achievement.title[input.language]) {
    const offered = Object.keys(achievement.title).join(', ');
    throw unprocessable(
      [
        {
          pointer: '/language',
          detail: `the achievement has no "${input.language}" edition (it has: ${offered})`,
        },
      ],
      'language-not-available',
    );
  }
  const learner = await findLearner(deps.learners, actor.issuerId, input);
  const format = input.format ?? 'ob3-di';
  const did = 'pending' in learner ? learner.pending.did : learner.did;
  if (format === 'ob3-jwt' && !did) {
    const pointer = input.learnerId ? '/learnerId' : '/learner/did';
    throw unprocessable(
      [
        {
          pointer,
          detail: 'VC-JWT needs the learner DID as its subject (sub); register the DID or use format ob3-di',
        },
      ],
      'learner-did-required',
    );
  }
  const award = checkAward(input, achievement, now);
  // last, once every check has passed: the first credential of an edition freezes it
  const edition = await deps.achievements.edition(achievement, input.language);
  return { achievement, edition, learner, language: input.language, format, ...award, result: input.result };
}
