import type { AchievementRecord, Lang, LangMap, Organisation } from '../types.js';
import { LANGUAGES } from '../types.js';
import {
  ASSESSMENT_TYPES,
  CREDIT_SYSTEMS,
  SUPERVISION,
  eqfLevel,
  iscedField,
  LEARNING_SETTINGS,
  nqfLevel,
  PARTICIPATION_FORMS,
  QUALITY_ASSURANCE_TYPES,
} from '../vocab/index.js';
import { linkedCredentialName, linkedCredentialUrl } from '../ob3/stackability.js';
import type { EdcAchievement, EdcConceptRef, EdcLink, EdcOrganisation } from './types.js';

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

const organisation = (body: Organisation | undefined): EdcOrganisation | undefined =>
  body && {
    name: body.name,
    country: body.country,
    ...(body.url ? { homepage: body.url } : {}),
    ...(body.identifier ? { identifier: body.identifier } : {}),
  };

/**
 * ELM `creditPoint` for credits in an EU credit system (ECTS, ECVET). A national unit has no concept in
 * the EU education-credit scheme, so it is not given one: the hours (`volumeOfLearning`) stand alone.
 */
function creditPoint(record: AchievementRecord): EdcAchievement['workload']['credits'] {
  const credits = record.workload.credits;
  const system = credits && CREDIT_SYSTEMS.get(credits.system);
  return credits && system ? { system: ref(system) as EdcConceptRef, value: credits.value } : undefined;
}

/** ELM `isPartOf` / `hasPart` links, each named in every language of the credential (never by a bare URL). */
function links(
  ids: readonly string[] | undefined,
  ctx: RecordMappingContext,
  langs: readonly Lang[],
): EdcLink[] {
  return (ids ?? []).map((id) => ({
    id: linkedCredentialUrl(id, ctx.publicUrl),
    title: Object.fromEntries(langs.map((l) => [l, linkedCredentialName(id, ctx.linkedTitles, l)])),
  }));
}

/** An unknown quality-assurance key is kept as a bare URI rather than dropped. */
function qualityAssurance(record: AchievementRecord): EdcAchievement['qualityAssurance'] {
  const qa = record.qualityAssurance;
  return {
    type: ref(QUALITY_ASSURANCE_TYPES.get(qa.type)) ?? { uri: qa.type },
    description: qa.description,
    ...(qa.body ? { body: organisation(qa.body) } : {}),
  };
}

/**
 * The thin mapping layer from today's achievement record to the EDC builder's input: the only code that
 * knows the record's field names. Controlled keys become EU concept URIs (core/vocab).
 */
export function mapAchievementRecord(record: AchievementRecord, ctx: RecordMappingContext): EdcAchievement {
  const languages = LANGUAGES.filter((l) => record.title[l]);
  const isPartOf = links(record.stackability?.isPartOf, ctx, languages);
  return {
    id: record.id,
    url: `${ctx.publicUrl}/achievements/${record.id}`,
    version: String(record.version),
    languages,
    title: record.title,
    description: record.description,
    criteria: record.criteria,
    learningOutcomes: record.learningOutcomes.map((o) => ({ text: o.text, escoSkills: o.escoSkills ?? [] })),
    workload: {
      hours: record.workload.hours,
      ...(creditPoint(record) ? { credits: creditPoint(record) } : {}),
    },
    eqfLevel: ref(eqfLevel(record.eqfLevel)),
    nqfLevel: record.nqfLevel ? ref(nqfLevel(record.nqfLevel.framework, record.nqfLevel.level)) : undefined,
    field: ref(iscedField(record.iscedField)),
    assessmentTypes: record.assessmentTypes.flatMap((k) => ref(ASSESSMENT_TYPES.get(k)) ?? []),
    mode: ref(PARTICIPATION_FORMS.get(record.participationForm)) as EdcConceptRef,
    learningSetting: record.learningSetting ? ref(LEARNING_SETTINGS.get(record.learningSetting)) : undefined,
    qualityAssurance: qualityAssurance(record),
    ...(record.awardingBody ? { awardingBody: organisation(record.awardingBody) } : {}),
    prerequisites: record.prerequisites,
    idVerification: record.supervision ? ref(SUPERVISION.get(record.supervision)) : undefined,
    gradeScheme: record.gradeScheme
      ? { name: record.gradeScheme.name, description: gradeDescription(record.gradeScheme) }
      : undefined,
    stackability: {
      partial: isPartOf.length > 0,
      isPartOf,
      hasPart: links(record.stackability?.combines, ctx, languages),
    },
    furtherInformation: record.furtherInformation,
  };
}
