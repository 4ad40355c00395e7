import type { CreditSystemKey, Lang } from '../types.js';
import { createVocabulary, type Labels } from './concept.js';
import { country } from './country.js';

const BASE = 'http://data.europa.eu/snb/education-credit/';

/** EU "Education credit" vocabulary (credit-points, http://data.europa.eu/snb/education-credit/25831c2). */
export const CREDIT_SYSTEMS = createVocabulary([
  {
    key: 'ects',
    uri: `${BASE}6fcec5c5af`,
    label: {
      en: 'European Credit Transfer System',
      lv: 'Eiropas kredītpunktu pārneses sistēma',
      lt: 'Europos kreditų perkėlimo sistema',
    },
  },
  {
    key: 'ecvet',
    uri: `${BASE}60b314e826`,
    label: {
      en: 'European credit system for vocational education and training',
      lv: 'Eiropas kredītpunktu sistēma profesionālajai izglītībai un apmācībai',
      lt: 'Europos profesinio mokymo kreditų sistema',
    },
  },
] as const);

/**
 * National credit units that are not ECTS and have no concept in the EU vocabulary: the Latvian VET
 * credit point (profesionālās izglītības kredītpunkts, Vocational Education Law) and the Lithuanian VET
 * credit (profesinio mokymo kreditas). Each is named with its country; its alignment points at the EU
 * country authority URI, so no deployment mints its own identifier and no reader can take it for ECTS.
 */
const NATIONAL_UNITS: Readonly<
  Record<'lv-vet' | 'lt-vet', { country: string; label: Labels; unit: Labels }>
> = {
  'lv-vet': {
    country: 'LV',
    label: {
      en: 'Latvian VET credit points (profesionālās izglītības kredītpunkti)',
      lv: 'Latvijas profesionālās izglītības kredītpunkti',
      lt: 'Latvijos profesinio mokymo kreditai',
    },
    unit: {
      en: 'Latvian VET credit points',
      lv: 'Latvijas profesionālās izglītības kredītpunkti',
      lt: 'Latvijos profesinio mokymo kreditai',
    },
  },
  'lt-vet': {
    country: 'LT',
    label: {
      en: 'Lithuanian VET credits (profesinio mokymo kreditai)',
      lv: 'Lietuvas profesionālās izglītības kredītpunkti',
      lt: 'Lietuvos profesinio mokymo kreditai',
    },
    unit: {
      en: 'Lithuanian VET credits',
      lv: 'Lietuvas profesionālās izglītības kredītpunkti',
      lt: 'Lietuvos profesinio mokymo kreditai',
    },
  },
};

/** Every credit system a workload may count in, in this order (a JSON-Schema `enum`). */
export const CREDIT_SYSTEM_KEYS: readonly CreditSystemKey[] = Object.freeze([
  'ects',
  'ecvet',
  'lv-vet',
  'lt-vet',
]);

/** The unit as people read it after a number: "3 ECTS credits". */
const UNIT: Readonly<Record<'ects' | 'ecvet', Labels>> = {
  ects: { en: 'ECTS credits', lv: 'ECTS kredītpunkti', lt: 'ECTS kreditai' },
  ecvet: { en: 'ECVET points', lv: 'ECVET punkti', lt: 'ECVET taškai' },
};

export interface CreditSystem {
  key: CreditSystemKey;
  /** the EU education-credit concept, or for a national unit the EU country authority URI */
  uri: string;
  /** the system's name per language (an alignment's `targetFramework`) */
  label: Labels;
  /** the unit after a number */
  unit: Labels;
  /** ISO 3166-1 alpha-2 of a national unit; absent for the European systems */
  country?: string;
}

export function isCreditSystemKey(key: unknown): key is CreditSystemKey {
  return typeof key === 'string' && (CREDIT_SYSTEM_KEYS as readonly string[]).includes(key);
}

/** The credit system for a key, or undefined for an unknown key. */
export function creditSystem(key: string): CreditSystem | undefined {
  if (key === 'ects' || key === 'ecvet') {
    const concept = CREDIT_SYSTEMS.get(key);
    return concept && { key, uri: concept.uri, label: concept.label, unit: UNIT[key] };
  }
  if (key !== 'lv-vet' && key !== 'lt-vet') return undefined;
  const unit = NATIONAL_UNITS[key];
  const place = country(unit.country);
  return place && { key, uri: place.uri, label: unit.label, unit: unit.unit, country: unit.country };
}

/** "3 ECTS credits", "12 Latvijas profesionālās izglītības kredītpunkti". */
export function creditsText(key: CreditSystemKey, value: number, lang: Lang): string {
  const system = creditSystem(key);
  return `${value} ${system ? system.unit[lang] : key}`;
}
