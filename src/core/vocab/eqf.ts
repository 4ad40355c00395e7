import { createVocabulary, type Concept } from './concept.js';

/** EQF levels 1–8 (Council Recommendation of 22 May 2017 on the EQF). */
export const EQF_LEVELS = [1, 2, 3, 4, 5, 6, 7, 8] as const;
export type EqfLevel = (typeof EQF_LEVELS)[number];

/** Base of the EU "EQF levels" vocabulary (http://data.europa.eu/snb/eqf/25831c2). */
export const EQF_URI_BASE = 'http://data.europa.eu/snb/eqf/';

/** Name of the framework, as an alignment's `targetFramework`, per language. */
export const EQF_FRAMEWORK = {
  en: 'European Qualifications Framework (EQF)',
  lv: 'Eiropas kvalifikāciju ietvarstruktūra (EKI)',
  lt: 'Europos kvalifikacijų sandara (EKS)',
} as const;

export const EQF = createVocabulary(
  EQF_LEVELS.map((level) => ({
    key: String(level),
    uri: `${EQF_URI_BASE}${level}`,
    label: { en: `EQF level ${level}`, lv: `EKI ${level}. līmenis`, lt: `EKS ${level} lygis` },
  })),
);

export function isEqfLevel(level: unknown): level is EqfLevel {
  return typeof level === 'number' && EQF.isValid(String(level));
}

/** The EQF level concept (key = the level as a string), or undefined outside 1–8. */
export function eqfLevel(level: number): Concept | undefined {
  return isEqfLevel(level) ? EQF.get(String(level)) : undefined;
}
