import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANGUAGES, type Lang } from '../core/types.js';

/**
 * One message catalogue per language (`lv.json`, `en.json`, `lt.json` in this folder): every string a
 * person reads on a page or a certificate. Keys are dotted (`page.verify.title`); values may hold
 * `{name}` placeholders. Every catalogue has exactly the keys of the English one (a test checks).
 */
export type Catalogue = Readonly<Record<string, string>>;

const HERE = dirname(fileURLToPath(import.meta.url));

/** Nested JSON → flat dotted keys. */
function flatten(node: unknown, prefix: string, out: Record<string, string>): Record<string, string> {
  if (typeof node === 'string') out[prefix] = node;
  else if (node && typeof node === 'object')
    for (const [key, value] of Object.entries(node)) flatten(value, prefix ? `${prefix}.${key}` : key, out);
  return out;
}

/** Reads the catalogues once (at start, from the composition root or a test). */
export function loadCatalogues(dir: string = HERE): Readonly<Record<Lang, Catalogue>> {
  const files = new Set(readdirSync(dir));
  const entries = LANGUAGES.map((lang) => {
    const file = `${lang}.json`;
    if (!files.has(file)) throw new Error(`message catalogue missing: ${join(dir, file)}`);
    return [lang, Object.freeze(flatten(JSON.parse(readFileSync(join(dir, file), 'utf8')), '', {}))];
  });
  return Object.freeze(Object.fromEntries(entries)) as Record<Lang, Catalogue>;
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** A translator for one language; a key missing from a catalogue is a bug (the catalogue test catches it). */
export function translator(catalogues: Readonly<Record<Lang, Catalogue>>, lang: Lang): Translate {
  const messages = catalogues[lang];
  return (key, params = {}) => {
    const template = messages[key] ?? catalogues.en[key] ?? key;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      Object.hasOwn(params, name) ? String(params[name]) : whole,
    );
  };
}

const isLang = (value: unknown): value is Lang =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

/**
 * The language of a page: `?lang=` when it names one of ours, then the first of ours in
 * Accept-Language (by q-value), then English.
 */
export function negotiateLanguage(queryLang: unknown, acceptLanguage: string | undefined): Lang {
  if (isLang(queryLang)) return queryLang;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, order) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { lang: tag.toLowerCase().split('-')[0], q: Number.isFinite(q) ? q : 0, order };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  return ranked.map((x) => x.lang).find(isLang) ?? 'en';
}
