import { EQF } from '../vocab/eqf.js';
import { ASSESSMENT_TYPES } from '../vocab/assessment.js';
import { PARTICIPATION_FORMS } from '../vocab/participation.js';
import { QUALITY_ASSURANCE_TYPES } from '../vocab/quality-assurance.js';
import { TARGET_TYPE } from './constants.js';
import { asArray, isRecord, issue, type JsonRecord, type ValidationIssue } from './issues.js';

const ACH = '/credentialSubject/achievement';

/** A Markdown list item: the learning outcomes Tilts writes into `criteria.narrative`. */
const MARKDOWN_LIST_ITEM = /^\s*(?:[-*+]|\d+\.)\s+\S/m;

function alignmentUrls(achievement: JsonRecord): string[] {
  return asArray(achievement.alignment)
    .filter(isRecord)
    .map((a) => a.targetUrl)
    .filter((url): url is string => typeof url === 'string');
}

/** Notional workload: the hours (ELM volumeOfLearning), credits in a named system, or ECTS `creditsAvailable`. */
function hasWorkload(achievement: JsonRecord): boolean {
  const credits = achievement.creditsAvailable;
  if (typeof credits === 'number' && credits > 0) return true;
  const types: unknown[] = [TARGET_TYPE.workload, TARGET_TYPE.credits];
  return asArray(achievement.alignment)
    .filter(isRecord)
    .some((a) => types.includes(a.targetType) && typeof a.targetCode === 'string' && a.targetCode !== '');
}

interface VocabularyRule {
  code: string;
  detail: string;
  matches: (url: string) => boolean;
}

const ALIGNMENT_RULES: VocabularyRule[] = [
  { code: 'eu-eqf-level-missing', detail: 'no alignment to an EQF level', matches: (u) => !!EQF.byUri(u) },
  {
    code: 'eu-assessment-type-missing',
    detail: 'no alignment to an EU learning assessment type',
    matches: (u) => !!ASSESSMENT_TYPES.byUri(u),
  },
  {
    code: 'eu-participation-form-missing',
    detail: 'no alignment to an EU mode of learning (form of participation)',
    matches: (u) => !!PARTICIPATION_FORMS.byUri(u),
  },
  {
    code: 'eu-quality-assurance-missing',
    detail: 'no alignment to an EU accreditation (quality assurance) type',
    matches: (u) => !!QUALITY_ASSURANCE_TYPES.byUri(u),
  },
];

function achievementRules(achievement: JsonRecord): ValidationIssue[] {
  const urls = alignmentUrls(achievement);
  const out = ALIGNMENT_RULES.filter((rule) => !urls.some(rule.matches)).map((rule) =>
    issue(`${ACH}/alignment`, rule.code, rule.detail),
  );
  if (!hasWorkload(achievement)) {
    out.push(
      issue(
        `${ACH}/alignment`,
        'eu-workload-missing',
        'no notional workload (hours or credits in a named system)',
      ),
    );
  }
  const narrative = isRecord(achievement.criteria) ? achievement.criteria.narrative : undefined;
  if (typeof narrative !== 'string' || !MARKDOWN_LIST_ITEM.test(narrative)) {
    out.push(
      issue(`${ACH}/criteria/narrative`, 'eu-learning-outcomes-missing', 'no learning outcomes listed'),
    );
  }
  return out;
}

function issuerRules(issuer: unknown): ValidationIssue[] {
  if (!isRecord(issuer))
    return [issue('/issuer', 'eu-issuer-missing', 'the issuer must be an embedded Profile')];
  const out: ValidationIssue[] = [];
  if (typeof issuer.name !== 'string' || issuer.name.trim() === '') {
    out.push(issue('/issuer/name', 'eu-awarding-body-missing', 'the issuer Profile has no name'));
  }
  const code = isRecord(issuer.address) ? issuer.address.addressCountryCode : undefined;
  if (typeof code !== 'string' || !/^[A-Z]{2}$/.test(code)) {
    out.push(
      issue('/issuer/address/addressCountryCode', 'eu-issuer-country-missing', 'no ISO 3166-1 country code'),
    );
  }
  return out;
}

/**
 * The mandatory elements of the EU Council Recommendation on micro-credentials (2022), Annex I, as
 * Tilts maps them into OB 3.0 (DESIGN §3), checked on a credential: EQF level, notional workload,
 * learning outcomes, type of assessment, form of participation, quality assurance, awarding body and
 * its country, and the learner's identification.
 */
export function checkEuCredentialElements(credential: unknown): ValidationIssue[] {
  if (!isRecord(credential)) return [issue('', 'not-an-object', 'a credential must be a JSON object')];
  const subject = asArray(credential.credentialSubject).find(isRecord);
  const out = issuerRules(credential.issuer);
  if (!subject || !isRecord(subject.achievement)) {
    return [
      ...out,
      issue(ACH, 'eu-achievement-missing', 'the credential subject has no embedded Achievement'),
    ];
  }
  if (typeof subject.id !== 'string' && asArray(subject.identifier).length === 0) {
    out.push(
      issue(
        '/credentialSubject',
        'eu-learner-missing',
        'the learner is identified by neither id nor identifier',
      ),
    );
  }
  return [...out, ...achievementRules(subject.achievement)];
}
