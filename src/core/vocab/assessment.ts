import { createVocabulary } from './concept.js';

const BASE = 'http://data.europa.eu/snb/assessment/';

/**
 * EU "Learning Assessment" vocabulary (europass-learning-assessment-types,
 * http://data.europa.eu/snb/assessment/25831c2): the type of assessment, a mandatory element of the
 * Council Recommendation on micro-credentials (2022), Annex I.
 */
export const ASSESSMENT_TYPES = createVocabulary([
  {
    key: 'peer-assessment',
    uri: `${BASE}19a2e5e671`,
    label: { en: 'peer assessment', lv: 'savstarpējā vērtēšana', lt: 'tarpusavio vertinimas' },
  },
  {
    key: 'marked-assignment',
    uri: `${BASE}2939dae15f`,
    label: { en: 'marked assignment', lv: 'novērtēts uzdevums', lt: 'įvertinta užduotis' },
  },
  {
    key: 'continuous-evaluation',
    uri: `${BASE}3484bd7e51`,
    label: { en: 'continuous evaluation', lv: 'pastāvīgā vērtēšana', lt: 'nuolatinis vertinimas' },
  },
  {
    key: 'portfolio',
    uri: `${BASE}4f03b91c0e`,
    label: { en: 'portfolio', lv: 'darbu portfolio', lt: 'darbų aplankas' },
  },
  {
    key: 'group-performance',
    uri: `${BASE}56539a6507`,
    label: { en: 'group performance', lv: 'grupas darba sniegums', lt: 'grupės darbo rezultatai' },
  },
  {
    key: 'practical-assessment',
    uri: `${BASE}6a4db9f11d`,
    label: { en: 'practical assessment', lv: 'praktiskā vērtēšana', lt: 'praktinis vertinimas' },
  },
  {
    key: 'written-examination',
    uri: `${BASE}6e6cb2cc78`,
    label: { en: 'written examination', lv: 'rakstisks eksāmens', lt: 'rašytinis egzaminas' },
  },
  {
    key: 'level-of-attendance',
    uri: `${BASE}7331eb4762`,
    label: { en: 'level of attendance', lv: 'apmeklējuma līmenis', lt: 'lankomumas' },
  },
  {
    key: 'project-work',
    uri: `${BASE}795dac4096`,
    label: { en: 'project work', lv: 'projekta darbs', lt: 'projektinis darbas' },
  },
  {
    key: 'peer-review',
    uri: `${BASE}812e3b0ae1`,
    label: { en: 'peer review', lv: 'savstarpējā recenzēšana', lt: 'tarpusavio recenzavimas' },
  },
  { key: 'quiz', uri: `${BASE}b1b68f6735`, label: { en: 'quiz', lv: 'tests', lt: 'testas' } },
  {
    key: 'problem-based-learning',
    uri: `${BASE}c4256a2726`,
    label: { en: 'problem based learning', lv: 'problēmbalstīta mācīšanās', lt: 'probleminis mokymasis' },
  },
  {
    key: 'oral-examination',
    uri: `${BASE}d30284d7df`,
    label: { en: 'oral examination', lv: 'mutisks eksāmens', lt: 'žodinis egzaminas' },
  },
  {
    key: 'artefact-assessment',
    uri: `${BASE}de4d165a6c`,
    label: { en: 'artefact assessment', lv: 'radīta darba vērtēšana', lt: 'sukurto produkto vertinimas' },
  },
] as const);

export type AssessmentTypeKey = (typeof ASSESSMENT_TYPES.keys)[number];
export const ASSESSMENT_TYPE_KEYS = ASSESSMENT_TYPES.keys;
/** Name of the vocabulary, as an alignment's `targetFramework`. */
export const ASSESSMENT_FRAMEWORK = {
  en: 'EU learning assessment types',
  lv: 'ES mācīšanās rezultātu vērtēšanas veidi',
  lt: 'ES mokymosi vertinimo tipai',
} as const;
