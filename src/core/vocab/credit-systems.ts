import { createVocabulary } from './concept.js';

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

export type CreditSystemKey = (typeof CREDIT_SYSTEMS.keys)[number];
export const CREDIT_SYSTEM_KEYS = CREDIT_SYSTEMS.keys;
