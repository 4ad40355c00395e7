import { checkEuMandatoryElements } from '../../../core/ob3/eu-record-rules.js';
import { availableLanguages, missingTexts } from '../../../core/ob3/text.js';
import type { Achievement } from '../../../core/ob3/types.js';
import type { AchievementRecord, Lang, LearnerRecord } from '../../../core/types.js';
import { AppError, type ErrorCode, type FieldError } from '../../../errors.js';
import type { AchievementsService } from '../../achievements/achievements.service.js';
import type { LearnerInput, LearnersService } from '../../learners/learners.service.js';
import type { Actor } from '../../../actor.js';
import type { CredentialFormat } from '../credential.model.js';

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

export interface PlanDeps {
  achievements: Pick<AchievementsService, 'find' | 'edition'>;
  learners: Pick<LearnersService, 'find' | 'findByEmail'>;
}

const refused = (code: ErrorCode, errors: FieldError[]) =>
  new AppError(code, errors.map((e) => e.detail).join('; '), errors);

/** The achievement, active and complete: every EU micro-credential element (Annex I) is on the record. */
async function findAchievement(deps: PlanDeps, issuerId: string, id: string): Promise<AchievementRecord> {
  const found = await deps.achievements.find(issuerId, id);
  const pointer = '/achievementId';
  if (!found)
    throw refused('unprocessable-entity', [{ pointer, detail: 'no achievement of this issuer has this id' }]);
  if (found.status !== 'active')
    throw refused('unprocessable-entity', [{ pointer, detail: 'the achievement is archived' }]);
  const gaps = checkEuMandatoryElements(found).map((g) => ({
    pointer,
    detail: `the achievement lacks an EU micro-credential element: ${g.pointer} ${g.detail}`,
  }));
  if (gaps.length > 0)
    throw new AppError(
      'credential-invalid',
      'The achievement is missing mandatory EU micro-credential elements',
      gaps,
    );
  return found;
}

/** An edition exists in a language when every text it needs is there (not the title alone). */
function checkLanguage(achievement: AchievementRecord, language: Lang): void {
  if (availableLanguages(achievement).includes(language)) return;
  const missing = missingTexts(achievement, language).map((m) => m.pointer);
  const offered = availableLanguages(achievement).join(', ') || 'none';
  throw refused('language-not-available', [
    {
      pointer: '/language',
      detail: `the achievement has no complete "${language}" edition (missing ${missing.join(', ')}; it has: ${offered})`,
    },
  ]);
}

async function findLearner(
  deps: PlanDeps,
  issuerId: string,
  input: IssueInput,
): Promise<IssuePlan['learner']> {
  if ((input.learnerId === undefined) === (input.learner === undefined)) {
    throw refused('invalid-request', [
      { pointer: '/learnerId', detail: 'give exactly one of learnerId and learner' },
    ]);
  }
  if (input.learnerId) {
    const found = await deps.learners.find(issuerId, input.learnerId);
    const pointer = '/learnerId';
    if (!found)
      throw refused('unprocessable-entity', [{ pointer, detail: 'no learner of this issuer has this id' }]);
    if (found.status !== 'active')
      throw refused('unprocessable-entity', [{ pointer, detail: 'the learner is archived' }]);
    return found;
  }
  const pending = input.learner as LearnerInput;
  return (await deps.learners.findByEmail(issuerId, pending.email)) ?? { pending };
}

/** VC-JWT names the learner by DID as its subject (`sub`). */
function checkFormat(input: IssueInput, learner: IssuePlan['learner']): CredentialFormat {
  const format = input.format ?? 'ob3-di';
  const did = 'pending' in learner ? learner.pending.did : learner.did;
  if (format !== 'ob3-jwt' || did) return format;
  throw refused('learner-did-required', [
    {
      pointer: input.learnerId ? '/learnerId' : '/learner/did',
      detail: 'VC-JWT needs the learner DID as its subject (sub); register the DID or use format ob3-di',
    },
  ]);
}

/** Dates of the award, and the result against the achievement's grade scheme. */
function checkAward(input: IssueInput, achievement: AchievementRecord, now: Date) {
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
  if (errors.length) throw refused('unprocessable-entity', errors);
  return { awardedDate, validUntil };
}

/**
 * Plan: resolves and checks an issuance request against the issuer's own records. Each rule about
 * what may be issued is checked here, once, with one code, pointing into the request; what the core
 * builder checks again (languages, vocabulary keys, injected values) are its own input contracts.
 */
export async function planIssue(
  deps: PlanDeps,
  actor: Actor,
  input: IssueInput,
  now: Date,
): Promise<IssuePlan> {
  // both read at once; an achievement's refusal still comes first
  const [found, learnerRead] = await Promise.allSettled([
    findAchievement(deps, actor.issuerId, input.achievementId),
    findLearner(deps, actor.issuerId, input),
  ]);
  if (found.status === 'rejected') throw found.reason;
  const achievement = found.value;
  checkLanguage(achievement, input.language);
  if (learnerRead.status === 'rejected') throw learnerRead.reason;
  const learner = learnerRead.value;
  const format = checkFormat(input, learner);
  const award = checkAward(input, achievement, now);
  // last, once every check has passed: the first credential of an edition freezes it
  const edition = await deps.achievements.edition(achievement, input.language);
  return { achievement, edition, learner, language: input.language, format, ...award, result: input.result };
}
