import type { Lang } from '../types.js';
import type { Labels } from './concept.js';

/**
 * Countries an issuer is likely to be registered in (EU, EEA, and neighbours), keyed by ISO 3166-1
 * alpha-2, with the EU "Country" authority table code (alpha-3) and names in our languages.
 */
const COUNTRIES: Readonly<Record<string, readonly [alpha3: string, en: string, lv: string, lt: string]>> = {
  AT: ['AUT', 'Austria', 'Austrija', 'Austrija'],
  BE: ['BEL', 'Belgium', 'Beļģija', 'Belgija'],
  BG: ['BGR', 'Bulgaria', 'Bulgārija', 'Bulgarija'],
  HR: ['HRV', 'Croatia', 'Horvātija', 'Kroatija'],
  CY: ['CYP', 'Cyprus', 'Kipra', 'Kipras'],
  CZ: ['CZE', 'Czechia', 'Čehija', 'Čekija'],
  DK: ['DNK', 'Denmark', 'Dānija', 'Danija'],
  EE: ['EST', 'Estonia', 'Igaunija', 'Estija'],
  FI: ['FIN', 'Finland', 'Somija', 'Suomija'],
  FR: ['FRA', 'France', 'Francija', 'Prancūzija'],
  DE: ['DEU', 'Germany', 'Vācija', 'Vokietija'],
  GR: ['GRC', 'Greece', 'Grieķija', 'Graikija'],
  HU: ['HUN', 'Hungary', 'Ungārija', 'Vengrija'],
  IE: ['IRL', 'Ireland', 'Īrija', 'Airija'],
  IT: ['ITA', 'Italy', 'Itālija', 'Italija'],
  LV: ['LVA', 'Latvia', 'Latvija', 'Latvija'],
  LT: ['LTU', 'Lithuania', 'Lietuva', 'Lietuva'],
  LU: ['LUX', 'Luxembourg', 'Luksemburga', 'Liuksemburgas'],
  MT: ['MLT', 'Malta', 'Malta', 'Malta'],
  NL: ['NLD', 'Netherlands', 'Nīderlande', 'Nyderlandai'],
  PL: ['POL', 'Poland', 'Polija', 'Lenkija'],
  PT: ['PRT', 'Portugal', 'Portugāle', 'Portugalija'],
  RO: ['ROU', 'Romania', 'Rumānija', 'Rumunija'],
  SK: ['SVK', 'Slovakia', 'Slovākija', 'Slovakija'],
  SI: ['SVN', 'Slovenia', 'Slovēnija', 'Slovėnija'],
  ES: ['ESP', 'Spain', 'Spānija', 'Ispanija'],
  SE: ['SWE', 'Sweden', 'Zviedrija', 'Švedija'],
  IS: ['ISL', 'Iceland', 'Islande', 'Islandija'],
  LI: ['LIE', 'Liechtenstein', 'Lihtenšteina', 'Lichtenšteinas'],
  NO: ['NOR', 'Norway', 'Norvēģija', 'Norvegija'],
  CH: ['CHE', 'Switzerland', 'Šveice', 'Šveicarija'],
  UA: ['UKR', 'Ukraine', 'Ukraina', 'Ukraina'],
  GB: ['GBR', 'United Kingdom', 'Apvienotā Karaliste', 'Jungtinė Karalystė'],
  US: ['USA', 'United States', 'Amerikas Savienotās Valstis', 'Jungtinės Amerikos Valstijos'],
};

export const COUNTRY_CODES: readonly string[] = Object.freeze(Object.keys(COUNTRIES));

export interface Country {
  /** ISO 3166-1 alpha-2 */
  code: string;
  /** EU Publications Office country authority URI */
  uri: string;
  label: Labels;
}

export function isCountryCode(code: unknown): code is string {
  return typeof code === 'string' && Object.hasOwn(COUNTRIES, code);
}

/** The country for an ISO 3166-1 alpha-2 code, or undefined when it is not encoded. */
export function country(code: string): Country | undefined {
  const entry = isCountryCode(code) ? COUNTRIES[code] : undefined;
  if (!entry) return undefined;
  const [alpha3, en, lv, lt] = entry;
  return {
    code,
    uri: `http://publications.europa.eu/resource/authority/country/${alpha3}`,
    label: { en, lv, lt },
  };
}

const regionNames = new Map<Lang, Intl.DisplayNames>();

/** The country's name in a language: ours where encoded, else the platform's ICU name, else the code. */
export function countryName(code: string, lang: Lang): string {
  const encoded = country(code)?.label[lang];
  if (encoded) return encoded;
  let names = regionNames.get(lang);
  if (!names) {
    names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
    regionNames.set(lang, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}
