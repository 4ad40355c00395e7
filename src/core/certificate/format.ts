import type { Translate } from '../../i18n/index.js';
import type { Lang } from '../types.js';

/** British English for `en`: day, month, year, as Europeans read a date. */
const localeOf = (lang: string): string => (lang === 'en' ? 'en-GB' : lang);

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

function cached<T>(cache: Map<string, T>, lang: string, make: (locale: string) => T): T {
  let value = cache.get(lang);
  if (value === undefined) {
    value = make(localeOf(lang));
    cache.set(lang, value);
  }
  return value;
}

/** A date (ISO 8601) in a language, in UTC so every reader sees the same day; unreadable → as given. */
export function formatDate(iso: string | undefined, lang: Lang): string | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return cached(
    dateFormats,
    lang,
    (l) => new Intl.DateTimeFormat(l, { dateStyle: 'long', timeZone: 'UTC' }),
  ).format(date);
}

export const formatNumber = (n: number, lang: Lang): string =>
  cached(numberFormats, lang, (l) => new Intl.NumberFormat(l, { maximumFractionDigits: 2 })).format(n);

/** A counted noun: `{base}.{one|few|many|other|zero}` by the language's plural rules (CLDR). */
export function plural(t: Translate, lang: Lang, base: string, n: number): string {
  const category = cached(pluralRules, lang, (l) => new Intl.PluralRules(l)).select(n);
  return t(`${base}.${category}`, { n: formatNumber(n, lang) });
}
