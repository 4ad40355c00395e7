import type { Lang, LangMap } from '../types.js';
import { concept, langMap, languageConcept, SCHEMES, FIXED, sameIn } from './concepts.js';
import { note, organisation, type JsonNode, type NodeIds } from './nodes.js';
import type { EdcAchievement, EdcConceptRef, EdcLink } from './types.js';

const PASSED: LangMap = { en: 'Passed', lv: 'Nokārtots', lt: 'Išlaikyta' };
const ASSESSMENT: LangMap = { en: 'Assessment', lv: 'Vērtēšana', lt: 'Vertinimas' };
const CRITERIA: LangMap = {
  en: 'Assessment criteria',
  lv: 'Vērtēšanas kritēriji',
  lt: 'Vertinimo kriterijai',
};
const FURTHER: LangMap = {
  en: 'Further information',
  lv: 'Papildu informācija',
  lt: 'Papildoma informacija',
};
const QUALITY: LangMap = {
  en: 'Quality assurance',
  lv: 'Kvalitātes nodrošināšana',
  lt: 'Kokybės užtikrinimas',
};

const conceptOf = (ref: EdcConceptRef, scheme: string, langs: readonly Lang[]) =>
  concept(ref.uri, scheme, ref.label, langs);

/** "Heading: text" in each language the text has (headings exist in all three). */
function headed(heading: LangMap, text: LangMap): LangMap {
  return Object.fromEntries(
    Object.entries(text).map(([l, t]) => [l, `${heading[l as Lang] ?? heading.en}: ${t}`]),
  );
}

const link = (l: EdcLink, langs: readonly Lang[]): JsonNode => ({
  id: l.id,
  type: 'Qualification',
  title: langMap(l.title, langs),
});

function qualityAssurance(ids: NodeIds, a: EdcAchievement, langs: readonly Lang[]): JsonNode {
  const qa = a.qualityAssurance;
  if (!qa.body) return {};
  return {
    accreditation: {
      id: ids('accreditation'),
      type: 'Accreditation',
      title: langMap(qa.description ?? qa.type.label, langs),
      dcType: conceptOf(qa.type, SCHEMES.accreditation, langs),
      accreditingAgent: organisation(ids, qa.body, langs),
    },
  };
}

/** Notes for what ELM has no property of its own for (criteria, further information, QA without a named body). */
function notes(ids: NodeIds, a: EdcAchievement, langs: readonly Lang[]): JsonNode[] {
  const qa = a.qualityAssurance;
  const qaText = langMap(
    Object.fromEntries(
      langs.map((l) => [
        l,
        [qa.type.label?.[l] ?? qa.type.label?.en, qa.description?.[l]].filter(Boolean).join('. '),
      ]),
    ),
    langs,
  );
  return [
    note(ids, headed(CRITERIA, langMap(a.criteria, langs))),
    ...(a.furtherInformation ? [note(ids, headed(FURTHER, langMap(a.furtherInformation, langs)))] : []),
    ...(qa.body ? [] : [note(ids, headed(QUALITY, qaText))]),
  ];
}

function learningOutcomes(ids: NodeIds, a: EdcAchievement, langs: readonly Lang[]): JsonNode[] {
  return a.learningOutcomes.map((o) => ({
    id: ids('learningOutcome'),
    type: 'LearningOutcome',
    title: langMap(o.text, langs),
    ...(o.escoSkills.length
      ? { relatedESCOSkill: o.escoSkills.map((uri) => concept(uri, SCHEMES.escoSkills)) }
      : {}),
  }));
}

function creditPoint(
  ids: NodeIds,
  credits: NonNullable<EdcAchievement['workload']['credits']>,
  langs: readonly Lang[],
): JsonNode {
  return {
    id: ids('creditPoint'),
    type: 'CreditPoint',
    framework: conceptOf(credits.system, SCHEMES.credit, langs),
    point: String(credits.value),
  };
}

/** ELM `Qualification`: the micro-credential's specification with every Annex I element it can carry. */
export function qualification(ids: NodeIds, a: EdcAchievement): JsonNode {
  const langs = a.languages;
  const { credits, hours } = a.workload;
  const { partial, isPartOf, hasPart } = a.stackability;
  return {
    id: a.url,
    type: 'Qualification',
    title: langMap(a.title, langs),
    description: langMap(a.description, langs),
    dcType: concept(
      FIXED.shortProgramme,
      SCHEMES.learningOpportunity,
      { en: 'Short learning programme' },
      langs,
    ),
    learningOutcome: learningOutcomes(ids, a, langs),
    ...(credits ? { creditPoint: creditPoint(ids, credits, langs) } : {}),
    volumeOfLearning: `PT${hours}H`,
    ...(a.eqfLevel ? { eqfLevel: conceptOf(a.eqfLevel, SCHEMES.eqf, langs) } : {}),
    ...(a.nqfLevel ? { nqfLevel: conceptOf(a.nqfLevel, SCHEMES.nqf, langs) } : {}),
    ...(a.field ? { thematicArea: conceptOf(a.field, SCHEMES.iscedF, langs) } : {}),
    ...(a.learningSetting
      ? { learningSetting: conceptOf(a.learningSetting, SCHEMES.learningSetting, langs) }
      : {}),
    mode: conceptOf(a.mode, SCHEMES.mode, langs),
    language: langs.map((l) => languageConcept(l, langs)),
    ...(a.prerequisites ? { entryRequirement: note(ids, langMap(a.prerequisites, langs)) } : {}),
    isPartialQualification: partial,
    ...(isPartOf.length ? { isPartOf: isPartOf.map((l) => link(l, langs)) } : {}),
    ...(hasPart.length ? { hasPart: hasPart.map((l) => link(l, langs)) } : {}),
    ...qualityAssurance(ids, a, langs),
    additionalNote: notes(ids, a, langs),
  };
}

/**
 * One assessment type is the specification's `dcType` (at most one is allowed); several make it a
 * composite whose parts carry one type each.
 */
function assessmentTypes(ids: NodeIds, a: EdcAchievement, langs: readonly Lang[]): JsonNode {
  const [only, ...more] = a.assessmentTypes;
  if (!only) return {};
  if (more.length === 0) return { dcType: conceptOf(only, SCHEMES.assessment, langs) };
  return {
    hasPart: a.assessmentTypes.map((t) => ({
      id: ids('learningAssessmentSpec'),
      type: 'LearningAssessmentSpecification',
      title: langMap(t.label, langs),
      dcType: conceptOf(t, SCHEMES.assessment, langs),
    })),
  };
}

/** ELM `LearningAssessment`: how the achievement was proven, with the learner's grade (mandatory). */
export function assessment(
  ids: NodeIds,
  a: EdcAchievement,
  awardingProcess: string,
  result: { value: string } | undefined,
): JsonNode {
  const langs = a.languages;
  const title = headed(ASSESSMENT, langMap(a.title, langs));
  return {
    id: ids('learningAssessment'),
    type: 'LearningAssessment',
    title,
    grade: note(ids, result ? sameIn(result.value, langs) : langMap(PASSED, langs)),
    awardedBy: { id: awardingProcess, type: 'AwardingProcess' },
    ...(a.idVerification ? { idVerification: conceptOf(a.idVerification, SCHEMES.supervision, langs) } : {}),
    specifiedBy: {
      id: ids('learningAssessmentSpec'),
      type: 'LearningAssessmentSpecification',
      title,
      ...assessmentTypes(ids, a, langs),
      mode: conceptOf(a.mode, SCHEMES.mode, langs),
      language: langs.map((l) => languageConcept(l, langs)),
      ...(a.gradeScheme
        ? {
            gradingScheme: {
              id: ids('gradingScheme'),
              type: 'GradingScheme',
              title: langMap(a.gradeScheme.name, langs),
              ...(a.gradeScheme.description
                ? { description: langMap(a.gradeScheme.description, langs) }
                : {}),
            },
          }
        : {}),
    },
  };
}
