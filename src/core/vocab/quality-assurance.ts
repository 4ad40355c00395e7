import { createVocabulary } from './concept.js';

const BASE = 'http://data.europa.eu/snb/accreditation/';

/**
 * Type of quality assurance: the EU "Accreditation type" vocabulary (europass-accreditation-types,
 * http://data.europa.eu/snb/accreditation/25831c2), a mandatory element of the Council Recommendation
 * on micro-credentials (2022), Annex I.
 */
export const QUALITY_ASSURANCE_TYPES = createVocabulary([
  {
    key: 'institutional-quality-assurance',
    uri: `${BASE}bb4618238e`,
    label: {
      en: 'Institutional Quality Assurance',
      lv: 'Iestādes kvalitātes nodrošināšana',
      lt: 'Institucijos kokybės užtikrinimas',
    },
  },
  {
    key: 'program-quality-assurance',
    uri: `${BASE}820101cba6`,
    label: {
      en: 'Program Quality Assurance',
      lv: 'Programmas kvalitātes nodrošināšana',
      lt: 'Programos kokybės užtikrinimas',
    },
  },
  {
    key: 'institutional-license',
    uri: `${BASE}003293d2ce`,
    label: { en: 'Institutional License', lv: 'Iestādes licence', lt: 'Institucijos licencija' },
  },
  {
    key: 'program-license',
    uri: `${BASE}e57dddfcf3`,
    label: { en: 'Program License', lv: 'Programmas licence', lt: 'Programos licencija' },
  },
] as const);

export type QualityAssuranceKey = (typeof QUALITY_ASSURANCE_TYPES.keys)[number];
export const QUALITY_ASSURANCE_KEYS = QUALITY_ASSURANCE_TYPES.keys;
export const QUALITY_ASSURANCE_FRAMEWORK = {
  en: 'EU accreditation types',
  lv: 'ES akreditācijas veidi',
  lt: 'ES akreditavimo tipai',
} as const;
