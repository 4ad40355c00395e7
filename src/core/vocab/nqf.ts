import type { NqfLevel } from '../types.js';
import { createVocabulary, type Concept, type Labels } from './concept.js';

/**
 * National qualifications frameworks of Latvia (LKI / LQF) and Lithuania (LTKS / LTQF), as concepts of
 * the EU "Qualification Dataset Register" NQF vocabulary (http://data.europa.eu/snb/qdr/25831c2):
 * the framework concept and one concept per level, whose EU label is "LQF Level N" / "LTQF Level N".
 */
export const NQF_FRAMEWORKS = ['LV', 'LT'] as const;
export type NqfFramework = (typeof NQF_FRAMEWORKS)[number];
export const NQF_LEVELS: Readonly<Record<NqfFramework, readonly number[]>> = {
  LV: [1, 2, 3, 4, 5, 6, 7, 8],
  LT: [1, 2, 3, 4, 5, 6, 7, 8],
};

const QDR = 'http://data.europa.eu/snb/qdr/';

/** Framework concepts (key = ISO country code of the framework). */
export const NQF_FRAMEWORK: Readonly<Record<NqfFramework, Concept<NqfFramework>>> = {
  LV: {
    key: 'LV',
    uri: `${QDR}c_ac40cadc`,
    label: {
      en: 'Latvian Qualifications Framework (LQF)',
      lv: 'Latvijas kvalifikāciju ietvarstruktūra (LKI)',
      lt: 'Latvijos kvalifikacijų sandara (LKS)',
    },
  },
  LT: {
    key: 'LT',
    uri: `${QDR}c_a6d433f4`,
    label: {
      en: 'Lithuanian Qualifications Framework (LTQF)',
      lv: 'Lietuvas kvalifikāciju ietvarstruktūra (LTKS)',
      lt: 'Lietuvos kvalifikacijų sandara (LTKS)',
    },
  },
};

/** qdr concept ids of the levels, index 0 = level 1 (labels "LQF Level N" / "LTQF Level N" in nqf.xsd). */
const LEVEL_IDS: Record<NqfFramework, readonly string[]> = {
  LV: ['41bf3e8a', 'f1f60c76', '138c123b', '14b672c3', '7493dd0e', 'a828cd20', 'a61cdeca', 'a6744590'],
  LT: ['98b42a9f', '8525e36a', '9d34b310', 'd1e9f55d', 'b62fa7ef', 'caa3091a', 'dbbbe65b', '6e015474'],
};

const LEVEL_LABELS: Record<NqfFramework, (n: number) => Labels> = {
  LV: (n) => ({ en: `LQF Level ${n}`, lv: `LKI ${n}. līmenis`, lt: `Latvijos KS ${n} lygis` }),
  LT: (n) => ({ en: `LTQF Level ${n}`, lv: `Lietuvas KI ${n}. līmenis`, lt: `LTKS ${n} lygis` }),
};

/** All NQF level concepts; key = `<framework>-<level>`, e.g. `LV-4`. */
export const NQF = createVocabulary(
  NQF_FRAMEWORKS.flatMap((framework) =>
    LEVEL_IDS[framework].map((id, i) => ({
      key: `${framework}-${i + 1}`,
      uri: `${QDR}c_${id}`,
      label: LEVEL_LABELS[framework](i + 1),
    })),
  ),
);

export function isNqfLevel(value: unknown): value is NqfLevel {
  if (value === null || typeof value !== 'object') return false;
  const { framework, level } = value as Partial<NqfLevel>;
  return typeof level === 'number' && NQF.isValid(`${String(framework)}-${level}`);
}

/** The level concept of a national framework, or undefined for an unknown framework or level. */
export function nqfLevel(framework: string, level: number): Concept | undefined {
  return NQF.get(`${framework}-${level}`);
}
