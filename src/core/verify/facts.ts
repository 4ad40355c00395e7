import { STACKABILITY_CODE, TARGET_TYPE } from '../ob3/constants.js';
import type { CreditSystemKey } from '../types.js';
import { ASSESSMENT_TYPES } from '../vocab/assessment.js';
import { EQF } from '../vocab/eqf.js';
import { isEscoSkillUri } from '../vocab/esco.js';
import { ISCED_F } from '../vocab/isced-f.js';
import { NQF } from '../vocab/nqf.js';
import { LEARNING_SETTINGS, PARTICIPATION_FORMS } from '../vocab/participation.js';
import { QUALITY_ASSURANCE_TYPES } from '../vocab/quality-assurance.js';
import { SUPERVISION } from '../vocab/supervision.js';
import { MAX_NARRATIVE_ITEMS, readNarrative, type Narrative } from './narrative.js';
import { isCreditAlignment, workloadOf } from './workload-facts.js';
import { asArray, isRecord, textOf, type JsonRecord } from './util.js';

/** A target as the credential names it: its URL and the name the credential gives it. */
export interface Target {
  /** the alignment's `targetUrl` (for EU vocabularies, the concept URI) */
  url: string;
  /** the alignment's `targetName`, as given; absent when the credential gives none */
  name?: string;
}

/** Credits the credential states, in the system it names. */
export interface CreditsFact {
  /** the number of credits (the alignment's `targetCode`) */
  value: number;
  /** a system Tilts knows by its URI (and, for a national unit, the name it is given) */
  system?: CreditSystemKey;
  /** the credit system's URI (an EU education-credit concept, or a country for a national unit) */
  systemUrl: string;
  /** the system's name as the credential gives it (`targetFramework`) */
  systemName?: string;
}

/**
 * What a credential says was certified, read from the credential alone (EU Recommendation Annex I
 * elements as OB 3.0 carries them; DESIGN §3): EU vocabulary concepts are recognised by their URIs,
 * Tilts' own alignments by their target types. Nothing is filled in from elsewhere: a field is absent
 * (or an empty list) when the credential does not state it.
 *
 * This is the `summary.achievement` of `POST /credentials/verify` (with `missingEuElements` added by the
 * verifier), and what a credential page can show; its shape is public: add fields, never rename them.
 */
export interface AchievementFacts {
  /** the achievement's `id`: for Tilts, the URL of the exact edition that was signed */
  id?: string;
  /** OB `achievementType`, e.g. `MicroCredential` */
  achievementType?: string;
  /** the achievement's `name` (a plain string; the first value of a language map) */
  name?: string;
  /** BCP 47 language of the achievement edition */
  inLanguage?: string;
  /** the edition's `version`, as given */
  version?: string;
  /** EQF level: the EU concept and its number (1–8) */
  eqfLevel?: Target & { level: number };
  /** national qualifications framework level (EU qdr concept or Tilts' NQF alignment) */
  nqfLevel?: Target;
  /** ISCED-F field of education and training (EU concept) */
  field?: Target;
  /** OB `fieldOfStudy`, as given */
  fieldOfStudy?: string;
  /**
   * Notional workload: `hours` and `duration` (ISO 8601, e.g. `PT80H`) from the ELM volume-of-learning
   * alignment (for credentials Tilts issued before it wrote that alignment, `hours` from the workload
   * line of its criteria narrative), every credit alignment with its system, and OB `creditsAvailable`
   * (which Tilts writes for ECTS only). Absent when the credential states none of them.
   */
  workload?: { hours?: number; duration?: string; credits: CreditsFact[]; creditsAvailable?: number };
  /** learning outcomes from the criteria narrative, each with the ESCO skills aligned to its text */
  learningOutcomes: Array<{ text: string; escoSkills: string[] }>;
  /** ESCO skills the credential aligns to */
  skills: Target[];
  /** types of assessment (EU learning-assessment concepts) */
  assessment: Target[];
  /** form of participation (EU mode concept: online, on-site, blended, …) */
  participation?: Target;
  /** formal or non-formal learning (EU learning-setting concept) */
  learningSetting?: Target;
  /** type of quality assurance (EU accreditation concept) and the body that assures it */
  qualityAssurance?: {
    type?: Target;
    description?: string;
    /** `description`: the body as the credential describes it (name, country, identifier) */
    body?: Target & { identifier?: string; description?: string };
  };
  /** supervision and identity verification (EU supervision-verification concept) */
  supervision?: Target;
  /** stand-alone or integrated, and the credentials this one is part of or combines (names as given) */
  stackability?: { mode?: string; isPartOf: Target[]; combines: Target[] };
  /** `credentialSubject.source`: an awarding body other than the issuer */
  awardingBody?: { name?: string; url?: string; country?: string; identifier?: string };
  /** prerequisites, as the criteria narrative Tilts writes states them */
  prerequisites?: string;
  /** further information, as the criteria narrative Tilts writes states it */
  furtherInformation?: string;
  /** the learner's result values (`credentialSubject.result[].value`) */
  result: string[];
  /** alignments of other kinds, as given */
  otherAlignments: Array<Target & { targetType?: string; targetCode?: string }>;
}

/** Lists a credential may make long are reported up to this many entries. */
const MAX_ITEMS = MAX_NARRATIVE_ITEMS;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/** An alignment as read: its target URL (required by OB 3.0) and whatever else it gives. */
export interface Alignment {
  url: string;
  name?: string;
  type?: string;
  code?: string;
  framework?: string;
  description?: string;
}

function alignmentsOf(achievement: JsonRecord): Alignment[] {
  return asArray(achievement.alignment)
    .filter(isRecord)
    .flatMap((a) => {
      const url = str(a.targetUrl);
      if (!url) return [];
      const fields = {
        name: str(a.targetName),
        type: str(a.targetType),
        code: str(a.targetCode),
        framework: str(a.targetFramework),
        description: str(a.targetDescription),
      };
      return [{ url, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) }];
    });
}

const target = (a: Alignment): Target =>
  a.name === undefined ? { url: a.url } : { url: a.url, name: a.name };

/** The target types Tilts gave stackability links before it used OB's `ceterms:Credential`. */
const LEGACY_STACKABILITY = { isPartOf: 'ext:IsPartOf', combines: 'ext:Combines' } as const;

/** Which way a stackability link points, seen from this achievement; undefined for other alignments. */
function direction(a: Alignment): keyof typeof STACKABILITY_CODE | undefined {
  if (a.type === TARGET_TYPE.stackability && a.code === STACKABILITY_CODE.isPartOf) return 'isPartOf';
  if (a.type === TARGET_TYPE.stackability && a.code === STACKABILITY_CODE.combines) return 'combines';
  if (a.type === LEGACY_STACKABILITY.isPartOf) return 'isPartOf';
  return a.type === LEGACY_STACKABILITY.combines ? 'combines' : undefined;
}

function stackabilityOf(alignments: Alignment[]): AchievementFacts['stackability'] {
  const mode = alignments.find((a) => a.type === TARGET_TYPE.stackabilityMode)?.code;
  const links = (way: keyof typeof STACKABILITY_CODE) =>
    alignments.filter((a) => direction(a) === way).map(target);
  const isPartOf = links('isPartOf');
  const combines = links('combines');
  if (!mode && isPartOf.length === 0 && combines.length === 0) return undefined;
  return { ...(mode ? { mode } : {}), isPartOf, combines };
}

function qualityOf(alignments: Alignment[]): AchievementFacts['qualityAssurance'] {
  const type = alignments.find((a) => QUALITY_ASSURANCE_TYPES.byUri(a.url));
  const body = alignments.find((a) => a.type === TARGET_TYPE.qualityAssuranceBody);
  if (!type && !body) return undefined;
  return {
    ...(type ? { type: target(type) } : {}),
    ...(type?.description ? { description: type.description } : {}),
    ...(body
      ? { body: defined({ ...target(body), identifier: body.code, description: body.description }) }
      : {}),
  };
}

/** One alignment's role, when Tilts knows it; otherwise it is reported as given. */
function knownRole(a: Alignment): boolean {
  const vocabularies = [EQF, NQF, ISCED_F, ASSESSMENT_TYPES, PARTICIPATION_FORMS, LEARNING_SETTINGS];
  if (vocabularies.some((v) => v.byUri(a.url)) || QUALITY_ASSURANCE_TYPES.byUri(a.url)) return true;
  if (SUPERVISION.byUri(a.url) || isEscoSkillUri(a.url)) return true;
  const own: unknown[] = Object.values(TARGET_TYPE).filter((t) => t !== TARGET_TYPE.stackability);
  if (own.includes(a.type) || isCreditAlignment(a)) return true;
  return direction(a) !== undefined;
}

function levelsOf(alignments: Alignment[]): Pick<AchievementFacts, 'eqfLevel' | 'nqfLevel' | 'field'> {
  const eqf = alignments.find((a) => EQF.byUri(a.url));
  const nqf = alignments.find((a) => NQF.byUri(a.url) || a.type === TARGET_TYPE.nqf);
  const field = alignments.find((a) => ISCED_F.byUri(a.url));
  return {
    ...(eqf ? { eqfLevel: { ...target(eqf), level: Number(EQF.byUri(eqf.url)?.key) } } : {}),
    ...(nqf ? { nqfLevel: target(nqf) } : {}),
    ...(field ? { field: target(field) } : {}),
  };
}

function deliveryOf(alignments: Alignment[]) {
  const find = (pick: (a: Alignment) => unknown) => alignments.find(pick);
  const participation = find((a) => PARTICIPATION_FORMS.byUri(a.url));
  const setting = find((a) => LEARNING_SETTINGS.byUri(a.url));
  const supervision = find((a) => SUPERVISION.byUri(a.url) || a.type === TARGET_TYPE.supervision);
  return {
    assessment: alignments.filter((a) => ASSESSMENT_TYPES.byUri(a.url)).map(target),
    ...(participation ? { participation: target(participation) } : {}),
    ...(setting ? { learningSetting: target(setting) } : {}),
    ...(supervision ? { supervision: target(supervision) } : {}),
  };
}

function outcomesOf(narrative: Narrative, alignments: Alignment[]) {
  const skills = alignments.filter((a) => isEscoSkillUri(a.url));
  return {
    learningOutcomes: narrative.outcomes.map((text) => ({
      text,
      escoSkills: skills.filter((s) => s.name === text).map((s) => s.url),
    })),
    skills: skills.slice(0, MAX_ITEMS).map(target),
  };
}

function awardingBodyOf(subject: JsonRecord): AchievementFacts['awardingBody'] {
  const source = subject.source;
  if (!isRecord(source)) return undefined;
  const address = isRecord(source.address) ? source.address : {};
  const registered = asArray(source.otherIdentifier).find(isRecord);
  return defined({
    name: textOf(source.name),
    url: str(source.url),
    country: str(address.addressCountryCode),
    identifier: str(registered?.identifier),
  });
}

/** The facts of an achievement, with the parts of its criteria narrative (see {@link readAchievement}). */
export interface AchievementReading {
  facts: AchievementFacts;
  narrative: Narrative;
}

/**
 * Reads the achievement a credential subject holds (OB 3.0 §B.1.2 AchievementSubject, §B.1.3
 * Achievement, §B.1.4 Alignment): its facts, and the criteria narrative they were partly read from
 * (whose criteria text a person reads too). Undefined when the subject holds no achievement. Pure;
 * lists are bounded.
 */
export function readAchievement(subject: JsonRecord | undefined): AchievementReading | undefined {
  const achievement = isRecord(subject?.achievement) ? subject.achievement : undefined;
  if (!subject || !achievement) return undefined;
  const narrative = readNarrative(isRecord(achievement.criteria) ? str(achievement.criteria.narrative) : '');
  const alignments = alignmentsOf(achievement).slice(0, 4 * MAX_ITEMS);
  const facts: AchievementFacts = {
    ...defined({
      id: str(achievement.id),
      achievementType: str(achievement.achievementType),
      name: textOf(achievement.name),
      inLanguage: str(achievement.inLanguage),
      version: str(achievement.version),
      fieldOfStudy: str(achievement.fieldOfStudy),
    }),
    ...levelsOf(alignments),
    ...defined({ workload: workloadOf(achievement, alignments, narrative) }),
    ...outcomesOf(narrative, alignments),
    ...deliveryOf(alignments),
    ...defined({
      qualityAssurance: qualityOf(alignments),
      stackability: stackabilityOf(alignments),
      awardingBody: awardingBodyOf(subject),
      prerequisites: narrative.prerequisites,
      furtherInformation: narrative.furtherInformation,
    }),
    result: asArray(subject.result)
      .filter(isRecord)
      .flatMap((r) => (typeof r.value === 'string' ? [r.value] : [])),
    otherAlignments: alignments
      .filter((a) => !knownRole(a))
      .slice(0, MAX_ITEMS)
      .map((a) => defined({ ...target(a), targetType: a.type, targetCode: a.code })),
  };
  return { facts, narrative };
}

/**
 * The facts of the achievement a credential subject holds, or undefined when it holds none: the
 * `summary.achievement` of `POST /credentials/verify`, and what the credential page, verify page and
 * PDF certificate show (core/certificate builds on it).
 */
export function achievementFacts(subject: JsonRecord | undefined): AchievementFacts | undefined {
  return readAchievement(subject)?.facts;
}
