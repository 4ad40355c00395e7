import type { AchievementRecord, IssuerRecord, Lang, LangMap } from '../types.js';
import { labelIn, type Concept, type PartialLabels } from '../vocab/concept.js';
import { EQF_FRAMEWORK, eqfLevel } from '../vocab/eqf.js';
import { NQF_FRAMEWORK, nqfLevel } from '../vocab/nqf.js';
import { ISCED_F_FRAMEWORK, iscedField } from '../vocab/isced-f.js';
import { ASSESSMENT_FRAMEWORK, ASSESSMENT_TYPES } from '../vocab/assessment.js';
import { country } from '../vocab/country.js';
import {
  LEARNING_SETTINGS,
  LEARNING_SETTING_FRAMEWORK,
  PARTICIPATION_FORMS,
  PARTICIPATION_FRAMEWORK,
} from '../vocab/participation.js';
import { QUALITY_ASSURANCE_FRAMEWORK, QUALITY_ASSURANCE_TYPES } from '../vocab/quality-assurance.js';
import { SUPERVISION, SUPERVISION_FRAMEWORK } from '../vocab/supervision.js';
import { ESCO_FRAMEWORK, isEscoSkillUri } from '../vocab/esco.js';
import { stackabilityAlignments } from './stackability.js';
import { TARGET_TYPE } from './constants.js';
import { ob3Error } from './errors.js';
import { oneLine, organisationText, pickText } from './text.js';
import type { Alignment } from './types.js';
import { workloadAlignments } from './workload.js';

export interface AlignmentContext {
  lang: Lang;
  publicUrl: string;
  issuer: IssuerRecord;
  /** titles of the achievements named in `stackability`, keyed by the id used there */
  linkedAchievementTitles?: Record<string, LangMap>;
}

const A = '/achievement';

function required<T>(concept: T | undefined, pointer: string, value: unknown): T {
  if (concept === undefined)
    throw ob3Error('unknown-vocabulary-key', pointer, `unknown value ${JSON.stringify(value)}`);
  return concept;
}

function conceptAlignment(
  concept: Concept<string, PartialLabels>,
  framework: Record<Lang, string>,
  targetType: string,
  lang: Lang,
): Alignment {
  return {
    type: ['Alignment'],
    targetName: labelIn(concept, lang),
    targetUrl: concept.uri,
    targetFramework: framework[lang],
    targetType,
    targetCode: concept.key,
  };
}

/** EQF and national framework levels, and the ISCED-F field (EU Recommendation Annex I: level). */
function levelAlignments(achievement: AchievementRecord, lang: Lang): Alignment[] {
  const eqf = required(eqfLevel(achievement.eqfLevel), `${A}/eqfLevel`, achievement.eqfLevel);
  const out = [conceptAlignment(eqf, EQF_FRAMEWORK, TARGET_TYPE.eqf, lang)];
  const { nqfLevel: nqf } = achievement;
  if (nqf) {
    const concept = required(nqfLevel(nqf.framework, nqf.level), `${A}/nqfLevel`, nqf);
    const framework = NQF_FRAMEWORK[nqf.framework].label;
    out.push({
      ...conceptAlignment(concept, framework, TARGET_TYPE.nqf, lang),
      targetCode: String(nqf.level),
    });
  }
  const field = required(iscedField(achievement.iscedField), `${A}/iscedField`, achievement.iscedField);
  out.push(conceptAlignment(field, ISCED_F_FRAMEWORK, TARGET_TYPE.isced, lang));
  return out;
}

/** One alignment per distinct ESCO skill of the learning outcomes, named by its outcome. */
function escoAlignments(achievement: AchievementRecord, lang: Lang): Alignment[] {
  const seen = new Set<string>();
  const out: Alignment[] = [];
  achievement.learningOutcomes.forEach((outcome, i) => {
    (outcome.escoSkills ?? []).forEach((uri, j) => {
      if (!isEscoSkillUri(uri)) {
        throw ob3Error(
          'unknown-vocabulary-key',
          `${A}/learningOutcomes/${i}/escoSkills/${j}`,
          'not an ESCO skill URI',
        );
      }
      if (seen.has(uri)) return;
      seen.add(uri);
      const targetName = oneLine(outcome.text[lang] ?? '');
      out.push({
        type: ['Alignment'],
        targetName,
        targetUrl: uri,
        targetFramework: ESCO_FRAMEWORK[lang],
        targetType: TARGET_TYPE.esco,
      });
    });
  });
  return out;
}

/** Assessment types, form of participation, learning setting (EU Recommendation Annex I). */
function deliveryAlignments(achievement: AchievementRecord, lang: Lang): Alignment[] {
  const out = achievement.assessmentTypes.map((key, i) => {
    const concept = required(ASSESSMENT_TYPES.get(key), `${A}/assessmentTypes/${i}`, key);
    return conceptAlignment(concept, ASSESSMENT_FRAMEWORK, TARGET_TYPE.assessment, lang);
  });
  const form = achievement.participationForm;
  const mode = required(PARTICIPATION_FORMS.get(form), `${A}/participationForm`, form);
  out.push(conceptAlignment(mode, PARTICIPATION_FRAMEWORK, TARGET_TYPE.participation, lang));
  if (achievement.learningSetting !== undefined) {
    const key = achievement.learningSetting;
    const setting = required(LEARNING_SETTINGS.get(key), `${A}/learningSetting`, key);
    out.push(conceptAlignment(setting, LEARNING_SETTING_FRAMEWORK, TARGET_TYPE.learningSetting, lang));
  }
  return out;
}

/** The body that assures quality: its URL, else its country's EU authority URI with its identifier. */
function qualityBodyAlignment(achievement: AchievementRecord, lang: Lang): Alignment[] {
  const body = achievement.qualityAssurance.body;
  if (!body) return [];
  const place = required(country(body.country), `${A}/qualityAssurance/body/country`, body.country);
  return [
    {
      type: ['Alignment'],
      targetName: pickText(body.name, lang) ?? '',
      targetUrl: body.url ?? place.uri,
      targetType: TARGET_TYPE.qualityAssuranceBody,
      targetDescription: organisationText(body, lang),
      ...(body.identifier ? { targetCode: body.identifier } : {}),
    },
  ];
}

/** Type of quality assurance and who assures it; when declared, supervision and identity verification. */
function assuranceAlignments(achievement: AchievementRecord, ctx: AlignmentContext): Alignment[] {
  const { lang } = ctx;
  const qa = achievement.qualityAssurance;
  const type = required(QUALITY_ASSURANCE_TYPES.get(qa.type), `${A}/qualityAssurance/type`, qa.type);
  const qaAlignment = conceptAlignment(type, QUALITY_ASSURANCE_FRAMEWORK, TARGET_TYPE.qualityAssurance, lang);
  const description = [
    qa.body ? organisationText(qa.body, lang) : undefined,
    pickText(qa.description, lang) ?? pickText(ctx.issuer.qualityAssurance, lang),
  ]
    .filter((part): part is string => !!part)
    .join(' — ');
  const out = [description ? { ...qaAlignment, targetDescription: description } : qaAlignment];
  out.push(...qualityBodyAlignment(achievement, lang));
  if (achievement.supervision !== undefined) {
    const key = achievement.supervision;
    const concept = required(SUPERVISION.get(key), `${A}/supervision`, key);
    out.push(conceptAlignment(concept, SUPERVISION_FRAMEWORK, TARGET_TYPE.supervision, lang));
  }
  return out;
}

/**
 * Every alignment of an Achievement edition (DESIGN §3): EU controlled-vocabulary concepts with
 * `targetFramework` naming the vocabulary, the workload, ESCO skills, and stackability links; the
 * shapes are documented at {@link TARGET_TYPE}.
 */
export function buildAlignments(achievement: AchievementRecord, ctx: AlignmentContext): Alignment[] {
  return [
    ...levelAlignments(achievement, ctx.lang),
    ...workloadAlignments(achievement.workload, ctx.lang),
    ...escoAlignments(achievement, ctx.lang),
    ...deliveryAlignments(achievement, ctx.lang),
    ...assuranceAlignments(achievement, ctx),
    ...stackabilityAlignments(achievement, ctx),
  ];
}
