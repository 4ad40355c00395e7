import type { Lang, LangMap } from '../types.js';
import { AppError } from '../../errors.js';
import { country } from '../vocab/index.js';

/**
 * The concept schemes an EDC names in `inScheme` (ELM 3.2 controlled vocabularies, EU Vocabularies /
 * Publications Office authority tables). `EDC-generic-full.ttl` checks `skos:inScheme` against these.
 */
export const SCHEMES = {
  credential: 'http://data.europa.eu/snb/credential/25831c2',
  eqf: 'http://data.europa.eu/snb/eqf/25831c2',
  nqf: 'http://data.europa.eu/snb/qdr/25831c2',
  iscedF: 'http://data.europa.eu/snb/isced-f/25831c2',
  assessment: 'http://data.europa.eu/snb/assessment/25831c2',
  mode: 'http://data.europa.eu/snb/learning-assessment/25831c2',
  learningSetting: 'http://data.europa.eu/snb/learning-setting/25831c2',
  accreditation: 'http://data.europa.eu/snb/accreditation/25831c2',
  credit: 'http://data.europa.eu/snb/education-credit/25831c2',
  supervision: 'http://data.europa.eu/snb/supervision-verification/25831c2',
  learningOpportunity: 'http://data.europa.eu/snb/learning-opportunity/25831c2',
  encoding: 'http://data.europa.eu/snb/encoding/25831c2',
  escoSkills: 'http://data.europa.eu/esco/concept-scheme/skills',
  country: 'http://publications.europa.eu/resource/authority/country',
  language: 'http://publications.europa.eu/resource/authority/language',
  fileType: 'http://publications.europa.eu/resource/authority/file-type',
} as const;

/** Concepts the builder always uses (ids from the EU vocabularies, see ../shared/specs/edc/cv). */
export const FIXED = {
  /** credential type "Generic": the profile `edc-generic-full` validates */
  genericProfile: 'http://data.europa.eu/snb/credential/e34929035b',
  /** learning opportunity type "Short learning programme", as in the EC micro-credential sample */
  shortProgramme: 'http://data.europa.eu/snb/learning-opportunity/74a4a268e8',
  base64: 'http://data.europa.eu/snb/encoding/6146cde7dd',
  png: 'http://publications.europa.eu/resource/authority/file-type/PNG',
} as const;

/** ISO 639 codes of the EU language authority table for our languages. */
const LANGUAGE_CODES: Record<Lang, string> = { en: 'ENG', lv: 'LAV', lt: 'LIT' };
const LANGUAGE_LABELS: Record<Lang, Record<Lang, string>> = {
  en: { en: 'English', lv: 'angļu', lt: 'anglų' },
  lv: { en: 'Latvian', lv: 'latviešu', lt: 'latvių' },
  lt: { en: 'Lithuanian', lv: 'lietuviešu', lt: 'lietuvių' },
};

export interface ConceptNode {
  id: string;
  type: 'Concept';
  inScheme: { id: string; type: 'ConceptScheme' };
  prefLabel?: LangMap;
}

/** The language map restricted to `langs`, possibly empty (labels of controlled values). */
export function onlyIn(map: LangMap | undefined, langs: readonly Lang[]): LangMap {
  return Object.fromEntries(langs.filter((l) => map?.[l]).map((l) => [l, map?.[l]]));
}

/**
 * An ELM `Concept` node: a controlled value with its scheme, as the EDC shapes expect it. Its label is
 * given only in the credential's languages (the URI is what identifies it); none when untranslated.
 */
export function concept(
  id: string,
  scheme: string,
  label?: LangMap,
  langs: readonly Lang[] = [],
): ConceptNode {
  const prefLabel = onlyIn(label, langs);
  return {
    id,
    type: 'Concept',
    inScheme: { id: scheme, type: 'ConceptScheme' },
    ...(Object.keys(prefLabel).length > 0 ? { prefLabel } : {}),
  };
}

/** The language map restricted to `langs`; when none of them is present, every language it has. */
export function langMap(map: LangMap | undefined, langs: readonly Lang[]): LangMap {
  if (!map) return {};
  const picked = Object.fromEntries(langs.filter((l) => map[l]).map((l) => [l, map[l]]));
  return Object.keys(picked).length > 0 ? picked : { ...map };
}

/** The same text under every language (names, grades: not translated, but present in each). */
export function sameIn(text: string, langs: readonly Lang[]): LangMap {
  return Object.fromEntries(langs.map((l) => [l, text]));
}

export function languageConcept(lang: Lang, langs: readonly Lang[]): ConceptNode {
  return concept(
    `${SCHEMES.language}/${LANGUAGE_CODES[lang]}`,
    SCHEMES.language,
    LANGUAGE_LABELS[lang],
    langs,
  );
}

/** Country concept (EU country authority, alpha-3) for an ISO 3166-1 alpha-2 code. */
export function countryConcept(code: string, langs: readonly Lang[]): ConceptNode {
  const found = country(code);
  if (!found) throw new AppError('invalid-input', `No EU country concept is encoded for ${code}`);
  return concept(found.uri, SCHEMES.country, found.label, langs);
}
