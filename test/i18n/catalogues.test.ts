import assert from 'node:assert/strict';
import { LANGUAGES } from '../../src/core/types.js';
import { loadCatalogues, negotiateLanguage, translator } from '../../src/i18n/index.js';

describe('i18n message catalogues', () => {
  const catalogues = loadCatalogues();

  it('lv, en and lt hold exactly the same keys, none empty', () => {
    const keys = Object.keys(catalogues.en).sort();
    assert.ok(keys.length > 0);
    for (const lang of LANGUAGES) {
      assert.deepEqual(Object.keys(catalogues[lang]).sort(), keys, `${lang} differs from en`);
      for (const key of keys) assert.notEqual(catalogues[lang][key]?.trim(), '', `${lang}: ${key} is empty`);
    }
  });

  it('every placeholder of the English text appears in each translation', () => {
    for (const [key, text] of Object.entries(catalogues.en)) {
      const names = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const lang of LANGUAGES)
        assert.deepEqual(names(catalogues[lang][key] ?? ''), names(text), `${lang}: ${key}`);
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    const t = translator({ ...catalogues, en: { ...catalogues.en, 'x.y': 'Hello {name}, {other}' } }, 'en');
    assert.equal(t('x.y', { name: 'Ģirts' }), 'Hello Ģirts, {other}');
  });

  it('negotiates ?lang=, then Accept-Language by q-value, then English', () => {
    assert.equal(negotiateLanguage('lt', 'lv'), 'lt');
    assert.equal(negotiateLanguage('de', 'lv-LV,lv;q=0.9,en;q=0.8'), 'lv');
    assert.equal(negotiateLanguage(undefined, 'de;q=1, lt;q=0.5, en;q=0.7'), 'en');
    assert.equal(negotiateLanguage(undefined, 'de, fr'), 'en');
    assert.equal(negotiateLanguage(undefined, undefined), 'en');
    assert.equal(negotiateLanguage(['lv'], 'lt'), 'lt', 'a repeated ?lang= is not trusted');
  });
});
