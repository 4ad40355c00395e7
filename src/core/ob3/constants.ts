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

/** `targetType` of each alignment Tilts writes; `ext:` values as OB 3.0 AlignmentTargetType allows. */
export const TARGET_TYPE = {
  eqf: 'ext:EQFLevel',
  nqf: 'ext:NQFLevel',
  isced: 'ext:ISCEDF',
  esco: 'ext:ESCOSkill',
  assessment: 'ext:AssessmentType',
  participation: 'ext:ModeOfLearning',
  learningSetting: 'ext:LearningSetting',
  qualityAssurance: 'ext:QualityAssurance',
  supervision: 'ext:Supervision',
  isPartOf: 'ext:IsPartOf',
  combines: 'ext:Combines',
} as const;

/** URL paths under PUBLIC_URL that Tilts mints ids in (DESIGN §5). */
export const paths = {
  credential: (publicUrl: string, id: string) => `${publicUrl}/credentials/${id}`,
  issuer: (publicUrl: string, slug: string) => `${publicUrl}/issuers/${slug}`,
  achievement: (publicUrl: string, id: string) => `${publicUrl}/achievements/${id}`,
  achievementEdition: (publicUrl: string, id: string, lang: string) =>
    `${publicUrl}/achievements/${id}/${lang}`,
  supervisionVocabulary: (publicUrl: string) => `${publicUrl}/vocab/supervision`,
};
