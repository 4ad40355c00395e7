import type { Lang } from '../../core/types.js';
import { didWebToUrl } from '../../core/verify/did-web.js';
import {
  ASSESSMENT_TYPES,
  CREDIT_SYSTEMS,
  EQF,
  ISCED_F,
  LEARNING_SETTINGS,
  NQF,
  PARTICIPATION_FORMS,
  QUALITY_ASSURANCE_TYPES,
  type PartialLabels,
} from '../../core/vocab/index.js';
import type { Translate } from '../../i18n/index.js';
import type { FactConcept } from '../../core/certificate/facts.js';

const VOCABULARIES = [
  EQF,
  NQF,
  ISCED_F,
  ASSESSMENT_TYPES,
  PARTICIPATION_FORMS,
  LEARNING_SETTINGS,
  QUALITY_ASSURANCE_TYPES,
  CREDIT_SYSTEMS,
];

function vocabularyLabels(url: string | undefined): PartialLabels | undefined {
  if (!url) return undefined;
  for (const vocabulary of VOCABULARIES) {
    const concept = vocabulary.byUri(url);
    if (concept) return concept.label;
  }
  return undefined;
}

/**
 * The name of a concept in the page's language: the credential's own name when the page is in the
 * credential's language, else the EU vocabulary's label in the page language where we hold one.
 */
export function conceptName(concept: FactConcept, pageLang: Lang, credentialLang?: string): string {
  if (pageLang === credentialLang) return concept.name;
  return vocabularyLabels(concept.url)?.[pageLang] ?? concept.name;
}

/** A date (ISO 8601) in the page's language, in UTC so every reader sees the same day. */
export function formatDate(iso: string | undefined, lang: Lang): string | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

export const formatNumber = (n: number, lang: Lang): string =>
  new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(n);

/** A counted noun: `{base}.{one|few|many|other|zero}` by the language's plural rules (CLDR). */
export function plural(t: Translate, lang: Lang, base: string, n: number): string {
  const category = new Intl.PluralRules(lang).select(n);
  return t(`${base}.${category}`, { n: formatNumber(n, lang) });
}

/**
 * Where a person can read about an issuer: its https id, or the page a did:web names (on this
 * service when the DID's host is ours). A did:key names no page.
 */
export function issuerPageUrl(id: string | undefined, publicUrl: string): string | undefined {
  if (!id) return undefined;
  if (/^https?:\/\//.test(id)) return id;
  const document = id.startsWith('did:web:') ? didWebToUrl(id) : undefined;
  if (!document) return undefined;
  const page = new URL(document.replace(/\/did\.json$/, ''));
  const ours = new URL(publicUrl);
  return page.host === ours.host ? `${publicUrl}${page.pathname}` : page.toString();
}
