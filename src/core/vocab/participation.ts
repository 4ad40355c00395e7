import { createVocabulary } from './concept.js';

const MODE = 'http://data.europa.eu/snb/learning-assessment/';
const SETTING = 'http://data.europa.eu/snb/learning-setting/';

/**
 * Form of participation: the EU "Mode of learning and assessment" vocabulary (europass-modes,
 * http://data.europa.eu/snb/learning-assessment/25831c2). Our keys: `on-site` = "Presential".
 */
export const PARTICIPATION_FORMS = createVocabulary([
  {
    key: 'online',
    uri: `${MODE}920fbb3cbe`,
    label: { en: 'Online', lv: 'Tiešsaistē', lt: 'Nuotoliniu būdu' },
  },
  {
    key: 'on-site',
    uri: `${MODE}9191af2ed9`,
    label: { en: 'Presential', lv: 'Klātienē', lt: 'Kontaktiniu būdu' },
  },
  { key: 'blended', uri: `${MODE}e92d221e4d`, label: { en: 'Blended', lv: 'Jaukti', lt: 'Mišriuoju būdu' } },
  {
    key: 'work-based',
    uri: `${MODE}729f3bed4b`,
    label: { en: 'Workbased', lv: 'Darba vidē balstīti', lt: 'Darbo vietoje' },
  },
  {
    key: 'project-based',
    uri: `${MODE}7813801c77`,
    label: { en: 'Project based', lv: 'Projektos balstīti', lt: 'Projektinis' },
  },
  {
    key: 'research-lab-based',
    uri: `${MODE}ed4c557045`,
    label: {
      en: 'Research-Lab based',
      lv: 'Pētniecības laboratorijā',
      lt: 'Mokslinių tyrimų laboratorijoje',
    },
  },
] as const);

export type ParticipationFormKey = (typeof PARTICIPATION_FORMS.keys)[number];
export const PARTICIPATION_FORM_KEYS = PARTICIPATION_FORMS.keys;
export const PARTICIPATION_FRAMEWORK = {
  en: 'EU modes of learning and assessment',
  lv: 'ES mācīšanās un vērtēšanas formas',
  lt: 'ES mokymosi ir vertinimo būdai',
} as const;

/** ELM learning setting (europass-learning-setting-types, http://data.europa.eu/snb/learning-setting/25831c2). */
export const LEARNING_SETTINGS = createVocabulary([
  {
    key: 'formal',
    uri: `${SETTING}6fd4685715`,
    label: { en: 'formal learning', lv: 'formālā izglītība', lt: 'formalusis mokymasis' },
  },
  {
    key: 'non-formal',
    uri: `${SETTING}e207a81fc7`,
    label: { en: 'non-formal learning', lv: 'neformālā izglītība', lt: 'neformalusis mokymasis' },
  },
] as const);

export type LearningSettingKey = (typeof LEARNING_SETTINGS.keys)[number];
export const LEARNING_SETTING_KEYS = LEARNING_SETTINGS.keys;
export const LEARNING_SETTING_FRAMEWORK = {
  en: 'EU learning setting types',
  lv: 'ES mācīšanās vides veidi',
  lt: 'ES mokymosi aplinkos tipai',
} as const;
