import { CONTEXTS } from '../jsonld/contexts.js';

/** OB 3.0 §B.1.1 / DESIGN §1: fixed order; extensions.json because of `1EdTechJsonSchemaValidator2019`. */
export const OB3_CONTEXT: readonly string[] = Object.freeze([
  CONTEXTS.VC_V2,
  CONTEXTS.OB_V3,
  CONTEXTS.OB_EXTENSIONS,
]);

/** The purl JSON schema an AchievementCredential is validated against (OB 3.0 §C JSON Schema). */
export const OB3_ACHIEVEMENT_CREDENTIAL_SCHEMA_ID =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';
export const OB3_SCHEMA_VALIDATOR_TYPE = '1EdTechJsonSchemaValidator2019';

/** OB 3.0 AchievementType value for EU micro-credentials. */
export const MICRO_CREDENTIAL = 'MicroCredential';

/**
 * `targetType` of each alignment Tilts writes into an Achievement (OB 3.0 §B.2.2 Alignment; `ext:`
 * values as AlignmentTargetType allows, `ceterms:Credential` from its enumeration). What each carries,
 * for readers of credentials (pages, renderings, the verifier, EDC):
 *
 * | key | targetType | targetUrl | targetCode | targetName / targetDescription |
 * |---|---|---|---|---|
 * | eqf | `ext:EQFLevel` | `http://data.europa.eu/snb/eqf/{n}` | `"4"` | EQF level label |
 * | nqf | `ext:NQFLevel` | qdr level concept | `"4"` | national level label; targetFramework names the NQF |
 * | isced | `ext:ISCEDF` | `http://data.europa.eu/snb/isced-f/{code}` | code | field label |
 * | esco | `ext:ESCOSkill` | ESCO skill URI | — | the learning outcome the skill belongs to |
 * | credits | `ext:CreditPoints` | credit system URI (EU education-credit concept; for a national unit the EU country authority URI) | value, e.g. `"3"` | "3 ECTS credits"; targetFramework names the system |
 * | workload | `ext:VolumeOfLearning` | ELM `volumeOfLearning` property IRI | ISO 8601 duration, e.g. `"PT80H"` | "80 hours" |
 * | assessment | `ext:AssessmentType` | EU assessment concept | vocabulary key | label |
 * | participation | `ext:ModeOfLearning` | EU learning-assessment (mode) concept | key | label |
 * | learningSetting | `ext:LearningSetting` | EU learning-setting concept | key | label |
 * | qualityAssurance | `ext:QualityAssurance` | EU accreditation-type concept | key | label; targetDescription names the QA body |
 * | qualityAssuranceBody | `ext:QualityAssuranceBody` | the body's URL, else the EU country authority URI | its identifier, if any | body name; targetDescription: country and identifier |
 * | supervision | `ext:Supervision` | EU supervision-verification concept | key | label |
 * | stackabilityMode | `ext:StackabilityOption` | the Recommendation (EUR-Lex) | `stand-alone` / `integrated` | label |
 * | stackability | `ceterms:Credential` | the linked achievement (`PUBLIC_URL/achievements/{id}` or another issuer's URL) | `ceterms:isPartOf` / `ceterms:hasPart` (direction, seen from this achievement) | its title in the credential's language; targetDescription states the direction |
 */
export const TARGET_TYPE = {
  eqf: 'ext:EQFLevel',
  nqf: 'ext:NQFLevel',
  isced: 'ext:ISCEDF',
  esco: 'ext:ESCOSkill',
  credits: 'ext:CreditPoints',
  workload: 'ext:VolumeOfLearning',
  assessment: 'ext:AssessmentType',
  participation: 'ext:ModeOfLearning',
  learningSetting: 'ext:LearningSetting',
  qualityAssurance: 'ext:QualityAssurance',
  qualityAssuranceBody: 'ext:QualityAssuranceBody',
  supervision: 'ext:Supervision',
  stackabilityMode: 'ext:StackabilityOption',
  stackability: 'ceterms:Credential',
} as const;

/** `targetCode` of a `ceterms:Credential` stackability alignment: the direction, from this achievement. */
export const STACKABILITY_CODE = { isPartOf: 'ceterms:isPartOf', combines: 'ceterms:hasPart' } as const;

/** ELM 3.2 `volumeOfLearning` (notional hours), the target of the workload alignment. */
export const ELM_VOLUME_OF_LEARNING = 'http://data.europa.eu/snb/model/elm/volumeOfLearning';

/** The Council Recommendation on micro-credentials (2022/C 243/02), whose Annex I names the stackability options. */
export const MICRO_CREDENTIAL_RECOMMENDATION =
  'https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32022H0627(02)';

/** URL paths under PUBLIC_URL that Tilts mints ids in (DESIGN §5). */
export const paths = {
  credential: (publicUrl: string, id: string) => `${publicUrl}/credentials/${id}`,
  issuer: (publicUrl: string, slug: string) => `${publicUrl}/issuers/${slug}`,
  /** the achievement, whatever its version: redirects to the latest edition */
  achievement: (publicUrl: string, id: string) => `${publicUrl}/achievements/${id}`,
  /** one language edition of one version: the `achievement.id` of credentials, never changes */
  achievementEdition: (publicUrl: string, id: string, version: number, lang: string) =>
    `${publicUrl}/achievements/${id}/v/${version}/${lang}`,
  /** the id credentials issued before versioning carry; serves what they were signed with */
  legacyAchievementEdition: (publicUrl: string, id: string, lang: string) =>
    `${publicUrl}/achievements/${id}/${lang}`,
  achievementVersions: (publicUrl: string, id: string) => `${publicUrl}/achievements/${id}/versions`,
  /** the concepts Tilts minted before it used the EU supervision-verification scheme (still served) */
  legacySupervisionVocabulary: (publicUrl: string) => `${publicUrl}/vocab/supervision`,
};
