import { createVocabulary, type Concept, type PartialLabels } from './concept.js';
import { ISCED_F_ENTRIES } from './isced-f-data.js';
import { ISCED_F_TRANSLATIONS } from './isced-f-labels.js';

export const ISCED_F_URI_BASE = 'http://data.europa.eu/snb/isced-f/';
export const ISCED_F_FRAMEWORK = {
  en: 'ISCED Fields of Education and Training 2013 (ISCED-F 2013)',
  lv: 'ISCED izglītības un apmācības jomas 2013 (ISCED-F 2013)',
  lt: 'ISCED švietimo ir mokymo sritys 2013 (ISCED-F 2013)',
} as const;

function labels(code: string, en: string): PartialLabels {
  const translation = ISCED_F_TRANSLATIONS[code];
  return translation ? { en, lv: translation[0], lt: translation[1] } : { en };
}

/**
 * ISCED-F 2013 (UNESCO), the classification of the field of education and training; key = the code
 * (2 digits broad, 3 narrow, 4 detailed). English labels for every code; lv/lt where translated.
 */
export const ISCED_F = createVocabulary<string, PartialLabels>(
  ISCED_F_ENTRIES.map(([code, en]) => ({
    key: code,
    uri: `${ISCED_F_URI_BASE}${code}`,
    label: labels(code, en),
  })),
);

export const ISCED_F_CODES = ISCED_F.keys;

export function isIscedFCode(code: unknown): code is string {
  return ISCED_F.isValid(code);
}

export function iscedField(code: string): Concept<string, PartialLabels> | undefined {
  return ISCED_F.get(code);
}
