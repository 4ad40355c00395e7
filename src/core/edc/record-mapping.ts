import type { AchievementRecord, Lang, LangMap } from '../types.js';
import { LANGUAGES } from '../types.js';
import {
  ASSESSMENT_TYPES,
  CREDIT_SYSTEMS,
  eqfLevel,
  iscedField,
  LEARNING_SETTINGS,
  nqfLevel,
  PARTICIPATION_FORMS,
  QUALITY_ASSURANCE_TYPES,
} from '../vocab/index.js';
import type { EdcAchievement, EdcConceptRef, EdcLink } from './types.js';

/**
 * The EU "supervision and verification" concepts (http://data.europa.eu/snb/supervision-verification/25831c2)
 * for the record's supervision keys, where the concept id is known offline: the EC's own micro-credential
 * sample uses c598449d64 "Unsupervised without ID Verification". A key without a known concept is left
 * out of the EDC rather than given an invented URI.
 */
const SUPERVISION_CONCEPTS: Record<string, EdcConceptRef> = {
  'unsupervised-no-identity-verification': {
    uri: 'http://data.europa.eu/snb/supervision-verification/c598449d64',
    label: { en: 'Unsupervised without ID Verification' },
  },
};

const GRADE_SCALE: LangMap = { en: 'Values', lv: 'Vērtības', lt: 'Reikšmės' };
const PASS_MARK: LangMap = { en: 'pass mark', lv: 'sekmīgs no', lt: 'teigiamas nuo' };

export interface RecordMappingContext {
  publicUrl: string;
  /** titles of the achievements this one stacks with, by the id or URL the record names */
  linkedTitles: Record<string, LangMap>;
}

const ref = (
  c: { uri: string; label: Partial<Record<Lang, string>> } | undefined,
): EdcConceptRef | undefined => (c ? { uri: c.uri, label: c.label } : undefined);

function gradeDescription(scheme: NonNullable<AchievementRecord['gradeScheme']>): LangMap | undefined {
  const values =
    scheme.allowedValues?.join(', ') ?? [scheme.valueMin, scheme.valueMax].filter(Boolean).join('–');
  if (!values && !scheme.requiredValue) return undefined;
  return Object.fromEntries(
    LANGUAGES.map((l) => [
      l,
      [
        values && `${GRADE_SCALE[l]}: ${values}`,
        scheme.requiredValue && `${PASS_MARK[l]} ${scheme.requiredValue}`,
      ]
        .filter(Boolean)
        .join('; '),
    ]),
  );
}

function links(ids: readonly string[] | undefined, ctx: RecordMappingContext): EdcLink[] {
  return (ids ?? []).map((id) => {
    const url = /^https?:\/\//.test(id) ? id : `${ctx.publicUrl}/achievements/${id}`;
    // an external specification we hold no title for is named by its address
    return { id: url, title: ctx.linkedTitles[id] ?? { en: url } };
  });
}

/**
 * The thin mapping layer from today's achievement record to the EDC builder's input: the only code that
 * knows the record's field names. Controlled keys become EU concept URIs (core/vocab).
 */
export function mapAchievementRecord(record: AchievementRecord, ctx: RecordMappingContext): EdcAchievement {
  const languages = LANGUAGES.filter((l) => record.title[l]);
  const qaType = QUALITY_ASSURANCE_TYPES.get(record.qualityAssurance.type);
  const isPartOf = links(record.stackability?.isPartOf, ctx);
  return {
    id: record.id,
    url: `${ctx.publicUrl}/achievements/${record.id}`,
    version: record.version,
    languages,
    title: record.title,
    description: record.description,
    criteria: record.criteria,
    learningOutcomes: record.learningOutcomes.map((o) => ({ text: o.text, escoSkills: o.escoSkills ?? [] })),
    workload: {
      hours: record.notionalHours,
      ...(record.ectsCredits > 0
        ? { credits: { system: ref(CREDIT_SYSTEMS.get('ects')) as EdcConceptRef, value: record.ectsCredits } }
        : {}),
    },
    eqfLevel: ref(eqfLevel(record.eqfLevel)),
    nqfLevel: record.nqfLevel ? ref(nqfLevel(record.nqfLevel.framework, record.nqfLevel.level)) : undefined,
    field: ref(iscedField(record.iscedField)),
    assessmentTypes: record.assessmentTypes.flatMap((k) => ref(ASSESSMENT_TYPES.get(k)) ?? []),
    mode: ref(PARTICIPATION_FORMS.get(record.participationForm)) as EdcConceptRef,
    learningSetting: record.learningSetting ? ref(LEARNING_SETTINGS.get(record.learningSetting)) : undefined,
    qualityAssurance: {
      type: ref(qaType) ?? { uri: record.qualityAssurance.type },
      description: record.qualityAssurance.description,
    },
    prerequisites: record.prerequisites,
    idVerification: record.supervision ? SUPERVISION_CONCEPTS[record.supervision] : undefined,
    gradeScheme: record.gradeScheme
      ? { name: record.gradeScheme.name, description: gradeDescription(record.gradeScheme) }
      : undefined,
    stackability: {
      partial: isPartOf.length > 0,
      isPartOf,
      hasPart: links(record.stackability?.combines, ctx),
    },
    furtherInformation: record.furtherInformation,
  };
}
