/**
 * Plain record shapes shared by the pure core and the features. No mongoose, no express:
 * the repositories map their documents to these, the core builds credentials from them.
 */

export const LANGUAGES = ['en', 'lv', 'lt'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** Text in one or more of our languages; at least one key is present wherever a LangMap is required. */
export type LangMap = Partial<Record<Lang, string>>;

export type RecordStatus = 'active' | 'archived';

export interface LegalIdentifier {
  /** e.g. the registration number in the national register of enterprises */
  value: string;
  /** ISO 3166-1 alpha-2 of the register */
  country: string;
  /** OB 3.0 IdentifierTypeEnum value; registration numbers are `identifier` */
  identifierType?: string;
}

export interface IssuerRecord {
  id: string;
  slug: string;
  legalName: LangMap;
  legalIdentifier: LegalIdentifier;
  /** ISO 3166-1 alpha-2 */
  country: string;
  region?: string;
  homepage: string;
  email: string;
  /** https URL or data: URI of the logo */
  logo?: string;
  qualityAssurance?: LangMap;
  status: RecordStatus;
  createdAt: string;
  updatedAt: string;
}

export interface LearningOutcome {
  text: LangMap;
  /** ESCO skill concept URIs, e.g. http://data.europa.eu/esco/skill/… */
  escoSkills?: string[];
}

export interface NqfLevel {
  /** LV = Latvian Qualifications Framework (LKI), LT = Lithuanian (LTKS) */
  framework: 'LV' | 'LT';
  level: number;
}

export interface QualityAssurance {
  /** key of the EU accreditation-type vocabulary (see core/vocab) */
  type: string;
  description?: LangMap;
}

export interface GradeScheme {
  /** OB 3.0 ResultType: LetterGrade, Percent, GradePointAverage, ScaledScore, Status, … */
  resultType: string;
  name: LangMap;
  /** allowed values for LetterGrade-like schemes, lowest first */
  allowedValues?: string[];
  valueMin?: string;
  valueMax?: string;
  /** the value a learner must reach to pass */
  requiredValue?: string;
}

export interface Stackability {
  /** achievements (our ids or external URLs) this one is part of */
  isPartOf?: string[];
  /** achievements (our ids or external URLs) this one combines */
  combines?: string[];
}

/** The micro-credential definition: every element of the EU Council Recommendation (2022). */
export interface AchievementRecord {
  id: string;
  issuerId: string;
  title: LangMap;
  description: LangMap;
  criteria: LangMap;
  learningOutcomes: LearningOutcome[];
  ectsCredits: number;
  notionalHours: number;
  eqfLevel: number;
  nqfLevel?: NqfLevel;
  /** ISCED-F 2013 code, e.g. "0613" */
  iscedField: string;
  /** keys of the EU assessment vocabulary */
  assessmentTypes: string[];
  /** online | on-site | blended */
  participationForm: string;
  /** formal | non-formal (ELM learning setting) */
  learningSetting?: string;
  qualityAssurance: QualityAssurance;
  prerequisites?: LangMap;
  /** one of the four combinations of the EU Recommendation (see core/vocab SUPERVISION) */
  supervision?: string;
  gradeScheme?: GradeScheme;
  stackability?: Stackability;
  furtherInformation?: LangMap;
  /** https URL or data: URI of the badge image */
  image?: string;
  version: string;
  status: RecordStatus;
  createdAt: string;
  updatedAt: string;
}

export interface LearnerRecord {
  id: string;
  issuerId: string;
  givenName: string;
  familyName: string;
  email: string;
  did?: string;
  preferredLanguage: Lang;
  status: RecordStatus;
  createdAt: string;
  updatedAt: string;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
