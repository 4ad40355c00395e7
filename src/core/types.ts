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

/**
 * An organisation named by an achievement without a Tilts record of its own: the body that assures
 * quality, or an awarding body other than the issuer. At least one of `url` and `identifier` is given.
 */
export interface Organisation {
  name: LangMap;
  /** ISO 3166-1 alpha-2 */
  country: string;
  /** https URL of the body (its homepage or its entry in a public register) */
  url?: string;
  /** its identifier in a register of `country`, e.g. a registration number */
  identifier?: string;
}

/** Type of quality assurance (EU Recommendation Annex I) and who assures it. */
export interface QualityAssurance {
  /** key of the EU accreditation-type vocabulary (core/vocab QUALITY_ASSURANCE_TYPES) */
  type: string;
  description?: LangMap;
  /** the body that assures quality (an accreditation agency, a ministry, the institution itself) */
  body?: Organisation;
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

/**
 * Credit systems (core/vocab CREDIT_SYSTEMS): `ects` and `ecvet` are concepts of the EU education-credit
 * vocabulary; `lv-vet` (Latvian VET credit points, profesionālās izglītības kredītpunkti) and `lt-vet`
 * (Lithuanian VET credits, profesinio mokymo kreditai) are national units, never converted to ECTS.
 */
export type CreditSystemKey = 'ects' | 'ecvet' | 'lv-vet' | 'lt-vet';

export interface Credits {
  system: CreditSystemKey;
  /** > 0, in the unit of `system` */
  value: number;
}

/** Notional workload needed to achieve the learning outcomes (EU Recommendation Annex I). */
export interface Workload {
  /** notional hours of learning (ELM volumeOfLearning) */
  hours: number;
  /** credits, where the programme counts them; only ECTS becomes OB `creditsAvailable` */
  credits?: Credits;
}

/**
 * Stackability (EU Recommendation Annex I: "stand-alone, independent micro-credential / integrated,
 * stackable towards another credential"). Links between one issuer's own achievements are kept
 * symmetric by the service: A in B's `combines` ⇔ B in A's `isPartOf`.
 */
export interface Stackability {
  mode: 'stand-alone' | 'integrated';
  /** achievements (our ids or other issuers' https URLs) this one is part of */
  isPartOf: string[];
  /** achievements (our ids or other issuers' https URLs) this one combines */
  combines: string[];
}

/**
 * Supervision and identity verification during assessment: keys of the EU `supervision-verification`
 * scheme (core/vocab SUPERVISION).
 */
export type SupervisionKey =
  | 'supervised-with-id-verification'
  | 'supervised-without-id-verification'
  | 'unsupervised-with-id-verification'
  | 'unsupervised-without-id-verification';

/**
 * The micro-credential definition: every element of the EU Council Recommendation (2022). A record is
 * the current version; any change to what a credential states makes the next `version`, and the
 * editions credentials were issued with are kept unchanged (features/achievements).
 */
export interface AchievementRecord {
  id: string;
  issuerId: string;
  title: LangMap;
  description: LangMap;
  criteria: LangMap;
  learningOutcomes: LearningOutcome[];
  workload: Workload;
  eqfLevel: number;
  nqfLevel?: NqfLevel;
  /** ISCED-F 2013 code, e.g. "0613" */
  iscedField: string;
  /** keys of the EU assessment vocabulary */
  assessmentTypes: string[];
  /** keys of the EU modes of learning vocabulary: online | on-site | blended | … */
  participationForm: string;
  /** formal | non-formal (ELM learning setting) */
  learningSetting?: string;
  qualityAssurance: QualityAssurance;
  /** who awards the credential, when not the issuer itself (OB: credentialSubject.source) */
  awardingBody?: Organisation;
  prerequisites?: LangMap;
  supervision?: SupervisionKey;
  gradeScheme?: GradeScheme;
  stackability?: Stackability;
  furtherInformation?: LangMap;
  /** https URL or data: URI of the badge image */
  image?: string;
  /** 1, 2, 3, …: the edition number, raised by the service on every change of content */
  version: number;
  status: RecordStatus;
  createdAt: string;
  updatedAt: string;
}

/** One version of an achievement in its history (GET …/achievements/{id}/versions). */
export interface AchievementVersion {
  achievementId: string;
  version: number;
  /** when this version became current */
  createdAt: string;
  /** top-level fields that differ from the previous version (empty for version 1) */
  changed: string[];
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
