import type { AchievementRecord, IssuerRecord, JsonObject, Lang, LangMap, LearnerRecord } from '../types.js';
import { LANGUAGES } from '../types.js';
import { buildAchievement, type AchievementContext } from './achievement.js';
import {
  OB3_ACHIEVEMENT_CREDENTIAL_SCHEMA_ID,
  OB3_CONTEXT,
  OB3_SCHEMA_VALIDATOR_TYPE,
  paths,
} from './constants.js';
import { toDateTimeZ } from './dates.js';
import { ob3Error } from './errors.js';
import { recipientIdentifiers } from './identity.js';
import { organisationProfile } from './organisation.js';
import { buildIssuerProfile } from './profile.js';
import type { Achievement, AchievementSubject, OpenBadgeCredential, Profile, Result } from './types.js';

export interface AwardDetails {
  /** the language of this edition of the credential */
  language: Lang;
  awardedDate: string | Date;
  validUntil?: string | Date;
  result?: { value: string };
}

export interface BuildCredentialInput {
  issuer: IssuerRecord;
  achievement: AchievementRecord;
  learner: LearnerRecord;
  award: AwardDetails;
  /** e.g. https://tilts.example.lv (no trailing slash needed) */
  publicUrl: string;
  /** a UUID minted by the caller */
  credentialId: string;
  /** hex salt minted by the caller for the email hash */
  salt: string;
  /** passed through as `credentialStatus` (built by core/status) */
  credentialStatus?: JsonObject | JsonObject[];
  /** defaults to the awarded date */
  validFrom?: string | Date;
  /** titles of the achievements named in `achievement.stackability`, keyed by the id used there */
  linkedAchievementTitles?: Record<string, LangMap>;
  /** the version before `achievement.version` and its languages (linked from `related`) */
  previous?: AchievementContext['previous'];
  /**
   * The edition to embed as it was frozen when the first credential of this version and language was
   * issued (features/achievements): embedded as given, so `achievement.id` dereferences to exactly it.
   * Without it, the edition is built from `achievement`.
   */
  edition?: Achievement;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]{16,}$/i;
const URI = /^[a-z][a-z0-9+.-]*:[^\s]+$/i;

function checkInjected(input: BuildCredentialInput): string {
  if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(input.publicUrl)) {
    throw ob3Error('invalid-input', '/publicUrl', 'publicUrl must be an http(s) URL');
  }
  if (!UUID.test(input.credentialId))
    throw ob3Error('invalid-input', '/credentialId', 'credentialId must be a UUID');
  if (!HEX.test(input.salt)) throw ob3Error('invalid-input', '/salt', 'salt must be at least 16 hex digits');
  if (!(LANGUAGES as readonly string[]).includes(input.award.language)) {
    throw ob3Error('invalid-input', '/award/language', `language must be one of ${LANGUAGES.join(', ')}`);
  }
  if (input.learner.did !== undefined && !URI.test(input.learner.did)) {
    throw ob3Error('invalid-input', '/learner/did', 'the learner DID must be a URI');
  }
  return input.publicUrl.replace(/\/+$/, '');
}

function validity(input: BuildCredentialInput): {
  awardedDate: string;
  validFrom: string;
  validUntil?: string;
} {
  const awardedDate = toDateTimeZ(input.award.awardedDate, '/award/awardedDate');
  const validFrom = input.validFrom === undefined ? awardedDate : toDateTimeZ(input.validFrom, '/validFrom');
  if (input.award.validUntil === undefined) return { awardedDate, validFrom };
  const validUntil = toDateTimeZ(input.award.validUntil, '/award/validUntil');
  if (Date.parse(validUntil) <= Date.parse(validFrom)) {
    throw ob3Error('invalid-input', '/award/validUntil', 'validUntil must be later than validFrom');
  }
  return { awardedDate, validFrom, validUntil };
}

/**
 * The learner's result. Whether it is one of the grade scheme's values is the issuer's rule, checked
 * once where the request is planned (features/credentials); here only the input contract holds.
 */
function buildResult(
  input: BuildCredentialInput,
  resultDescriptionId: string | undefined,
): Result[] | undefined {
  const { result } = input.award;
  if (!result) return undefined;
  if (typeof result.value !== 'string' || result.value.trim() === '') {
    throw ob3Error('invalid-input', '/award/result/value', 'the result value must be a non-empty string');
  }
  const built: Result = { type: ['Result'], value: result.value };
  if (resultDescriptionId) built.resultDescription = resultDescriptionId;
  return [built];
}

function buildEdition(input: BuildCredentialInput, publicUrl: string, creator: Profile): Achievement {
  if (input.edition) return structuredClone(input.edition);
  return buildAchievement(input.achievement, {
    lang: input.award.language,
    publicUrl,
    issuer: input.issuer,
    creator,
    ...(input.linkedAchievementTitles ? { linkedAchievementTitles: input.linkedAchievementTitles } : {}),
    ...(input.previous ? { previous: input.previous } : {}),
  });
}

function buildSubject(
  input: BuildCredentialInput,
  publicUrl: string,
  awardedDate: string,
  creator: Profile,
): AchievementSubject {
  const achievement = buildEdition(input, publicUrl, creator);
  const subject: AchievementSubject = {
    ...(input.learner.did ? { id: input.learner.did } : {}),
    type: ['AchievementSubject'],
    identifier: recipientIdentifiers(input.learner, input.salt),
    achievement,
    activityEndDate: awardedDate,
  };
  if (achievement.creditsAvailable !== undefined) subject.creditsEarned = achievement.creditsAvailable;
  const body = input.achievement.awardingBody;
  if (body)
    subject.source = organisationProfile(body, input.award.language, `${achievement.id}#awarding-body`);
  const result = buildResult(input, achievement.resultDescription?.[0]?.id);
  if (result) subject.result = result;
  return subject;
}

/**
 * Builds the unsigned OB 3.0 OpenBadgeCredential (OB 3.0 §B.1.1 AchievementCredential) of one
 * micro-credential awarded to one learner, in one language (DESIGN §1, §3). Pure: ids, salt, status
 * and time come from the caller. Throws `Ob3Error` (`language-not-available`, `invalid-input`,
 * `unknown-vocabulary-key`) with JSON pointers into `input`.
 */
export function buildOpenBadgeCredential(input: BuildCredentialInput): OpenBadgeCredential {
  const publicUrl = checkInjected(input);
  const lang = input.award.language;
  const { awardedDate, validFrom, validUntil } = validity(input);
  const issuer = buildIssuerProfile(input.issuer, lang, publicUrl);
  const credentialSubject = buildSubject(input, publicUrl, awardedDate, issuer);
  const { achievement } = credentialSubject;
  const credential: OpenBadgeCredential = {
    '@context': [...OB3_CONTEXT],
    id: paths.credential(publicUrl, input.credentialId.toLowerCase()),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: achievement.name,
    description: achievement.description,
    ...(achievement.image ? { image: { ...achievement.image } } : {}),
    issuer,
    validFrom,
    ...(validUntil ? { validUntil } : {}),
    awardedDate,
    credentialSubject,
    credentialSchema: [{ id: OB3_ACHIEVEMENT_CREDENTIAL_SCHEMA_ID, type: OB3_SCHEMA_VALIDATOR_TYPE }],
  };
  if (input.credentialStatus !== undefined)
    credential.credentialStatus = structuredClone(input.credentialStatus);
  return credential;
}
