/**
 * ESCO skill and knowledge concept URIs (https://esco.ec.europa.eu): `http://data.europa.eu/esco/skill/`
 * followed by a UUID (individual skills and knowledge) or a hierarchy code (skill groups such as
 * `S1.2.3`, transversal `T2`, knowledge `K0613`, language `L1`). ESCO URIs use http, not https.
 */
const ESCO_SKILL =
  /^http:\/\/data\.europa\.eu\/esco\/skill\/(?:[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|[SKTL]\d+(?:\.\d+)*)$/;

export const ESCO_SKILL_URI_BASE = 'http://data.europa.eu/esco/skill/';
export const ESCO_FRAMEWORK = {
  en: 'ESCO (European Skills, Competences, Qualifications and Occupations)',
  lv: 'ESCO (Eiropas prasmju, kompetenču, kvalifikāciju un profesiju klasifikācija)',
  lt: 'ESCO (Europos įgūdžių, kompetencijų, kvalifikacijų ir profesijų klasifikatorius)',
} as const;

export function isEscoSkillUri(uri: unknown): uri is string {
  return typeof uri === 'string' && ESCO_SKILL.test(uri);
}
