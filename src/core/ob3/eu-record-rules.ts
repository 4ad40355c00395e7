import type { AchievementRecord, LangMap, Organisation } from '../types.js';
import { isCountryCode } from '../vocab/country.js';
import { isCreditSystemKey } from '../vocab/credit-systems.js';
import { isEqfLevel } from '../vocab/eqf.js';
import { isNqfLevel } from '../vocab/nqf.js';
import { isIscedFCode } from '../vocab/isced-f.js';
import { ASSESSMENT_TYPES } from '../vocab/assessment.js';
import { LEARNING_SETTINGS, PARTICIPATION_FORMS } from '../vocab/participation.js';
import { QUALITY_ASSURANCE_TYPES } from '../vocab/quality-assurance.js';
import { isSupervisionKey } from '../vocab/supervision.js';
import { isEscoSkillUri } from '../vocab/esco.js';
import { issue, type ValidationIssue } from './issues.js';
import { availableLanguages } from './text.js';

function hasText(map: LangMap | undefined): boolean {
  return !!map && Object.values(map).some((v) => typeof v === 'string' && v.trim() !== '');
}

function positive(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function textRules(a: AchievementRecord): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  if (!hasText(a.title)) out.push(issue('/title', 'eu-title-missing', 'the micro-credential has no title'));
  if (!hasText(a.description)) out.push(issue('/description', 'description-missing', 'no description'));
  if (!hasText(a.criteria)) out.push(issue('/criteria', 'criteria-missing', 'no criteria'));
  if (!Array.isArray(a.learningOutcomes) || a.learningOutcomes.length === 0) {
    out.push(issue('/learningOutcomes', 'eu-learning-outcomes-missing', 'no learning outcomes'));
  } else {
    a.learningOutcomes.forEach((o, i) => {
      if (!hasText(o.text))
        out.push(issue(`/learningOutcomes/${i}/text`, 'eu-learning-outcomes-missing', 'empty'));
      (o.escoSkills ?? []).forEach((uri, j) => {
        if (!isEscoSkillUri(uri)) {
          out.push(
            issue(`/learningOutcomes/${i}/escoSkills/${j}`, 'esco-skill-invalid', 'not an ESCO skill URI'),
          );
        }
      });
    });
  }
  if (out.length === 0 && availableLanguages(a).length === 0) {
    out.push(
      issue('', 'no-complete-language', 'no language has title, description, criteria and every outcome'),
    );
  }
  return out;
}

function levelRules(a: AchievementRecord): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  if (!positive(a.workload?.hours))
    out.push(issue('/workload/hours', 'eu-workload-missing', 'notional hours must be > 0'));
  const credits = a.workload?.credits;
  if (credits !== undefined && !isCreditSystemKey(credits.system))
    out.push(issue('/workload/credits/system', 'credit-system-invalid', 'unknown credit system'));
  if (credits !== undefined && !positive(credits.value))
    out.push(issue('/workload/credits/value', 'eu-credits-missing', 'credits must be > 0'));
  if (!isEqfLevel(a.eqfLevel)) out.push(issue('/eqfLevel', 'eu-eqf-level-invalid', 'EQF level must be 1–8'));
  if (a.nqfLevel !== undefined && !isNqfLevel(a.nqfLevel)) {
    out.push(issue('/nqfLevel', 'eu-nqf-level-invalid', 'unknown national framework or level'));
  }
  if (!isIscedFCode(a.iscedField))
    out.push(issue('/iscedField', 'isced-field-invalid', 'unknown ISCED-F code'));
  return out;
}

function deliveryRules(a: AchievementRecord): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  if (!Array.isArray(a.assessmentTypes) || a.assessmentTypes.length === 0) {
    out.push(issue('/assessmentTypes', 'eu-assessment-type-missing', 'no type of assessment'));
  } else {
    a.assessmentTypes.forEach((key, i) => {
      if (!ASSESSMENT_TYPES.isValid(key))
        out.push(issue(`/assessmentTypes/${i}`, 'eu-assessment-type-invalid', key));
    });
  }
  if (!PARTICIPATION_FORMS.isValid(a.participationForm)) {
    out.push(issue('/participationForm', 'eu-participation-form-invalid', 'unknown form of participation'));
  }
  if (a.learningSetting !== undefined && !LEARNING_SETTINGS.isValid(a.learningSetting)) {
    out.push(issue('/learningSetting', 'learning-setting-invalid', 'must be formal or non-formal'));
  }
  if (!QUALITY_ASSURANCE_TYPES.isValid(a.qualityAssurance?.type)) {
    out.push(
      issue('/qualityAssurance/type', 'eu-quality-assurance-invalid', 'unknown quality assurance type'),
    );
  }
  if (a.supervision !== undefined && !isSupervisionKey(a.supervision)) {
    out.push(issue('/supervision', 'eu-supervision-invalid', 'unknown supervision / identity verification'));
  }
  return [
    ...out,
    ...organisationRules(a.qualityAssurance?.body, '/qualityAssurance/body'),
    ...organisationRules(a.awardingBody, '/awardingBody'),
  ];
}

/** A named body: a name, an ISO country code, and a URL or a register identifier. */
function organisationRules(body: Organisation | undefined, pointer: string): ValidationIssue[] {
  if (body === undefined) return [];
  const out: ValidationIssue[] = [];
  if (!hasText(body.name)) out.push(issue(`${pointer}/name`, 'organisation-invalid', 'no name'));
  if (!isCountryCode(body.country))
    out.push(issue(`${pointer}/country`, 'organisation-invalid', 'unknown ISO 3166-1 country code'));
  if (!body.url && !body.identifier)
    out.push(issue(pointer, 'organisation-invalid', 'needs a URL or an identifier'));
  return out;
}

/**
 * Checks an AchievementRecord for the elements the EU Council Recommendation on micro-credentials
 * (2022/C 243/02, Annex I) makes mandatory — title, learning outcomes, notional workload (hours, and
 * credits in a named system where counted),
 * level (EQF), type of assessment, form of participation, type of quality assurance — and that every
 * controlled-vocabulary key is known. Pointers are into the record. Empty list = complete.
 */
export function checkEuMandatoryElements(achievement: AchievementRecord): ValidationIssue[] {
  return [...textRules(achievement), ...levelRules(achievement), ...deliveryRules(achievement)];
}
