import assert from 'node:assert/strict';
import type { Lang } from '../../src/core/types.js';
import { loadCatalogues } from '../../src/i18n/index.js';

const catalogues = loadCatalogues();

/** Words that would be a verdict on the credential, in every language: an outage page says none. */
export const VERDICTS = Object.values(catalogues).flatMap((c) =>
  ['verified', 'not-verified', 'revoked', 'suspended', 'expired'].map((v) => c[`result.${v}.title`]!),
);

/**
 * What a reader sees during an outage (the text shown, not the markup): "cannot check now, try later"
 * in their language, no verdict, and nothing about what failed inside (the store's port, its name, a
 * path, an error or a stack frame).
 */
export function assertOutageText(shown: string, lang: Lang, storePort: number): void {
  const t = catalogues[lang];
  for (const key of ['outage.heading', 'outage.text', 'outage.retry'])
    assert.ok(shown.includes(t[key]!), `${lang}: says "${t[key]}"`);
  for (const verdict of VERDICTS)
    assert.ok(!new RegExp(`(^|\\s)${verdict}(\\s|$)`).test(shown), `${lang}: names a verdict "${verdict}"`);
  for (const leak of [String(storePort), 'ECONNREFUSED', 'Mongo', 'Ferret', 'SQLite', '/tmp/', 'Error'])
    assert.ok(!shown.includes(leak), `${lang}: the page names "${leak}"`);
  assert.doesNotMatch(shown, /\bat \S+ \(|\.[jt]s:\d+/, `${lang}: a stack frame`);
}
