import assert from 'node:assert/strict';
import { LANGUAGES } from '../../../src/core/types.js';
import {
  SUPERVISION,
  SUPERVISION_KEYS,
  country,
  countryName,
  isCountryCode,
  isEscoSkillUri,
  isSupervisionKey,
  supervisionVocabulary,
} from '../../../src/core/vocab/index.js';
import { xsdConcepts } from './support.js';

describe('core/vocab supervision and identity verification', () => {
  it('has the four combinations of the EU Recommendation, labelled in every language', () => {
    assert.deepEqual(
      [...SUPERVISION_KEYS],
      [
        'unsupervised-no-identity-verification',
        'supervised-no-identity-verification',
        'supervised-online-identity-verification',
        'supervised-onsite-identity-verification',
      ],
    );
    for (const key of SUPERVISION_KEYS) for (const lang of LANGUAGES) assert.ok(SUPERVISION[key][lang]);
  });

  it('mints stable URIs under the base it is given, ignoring a trailing slash', () => {
    const a = supervisionVocabulary('https://tilts.example.lv/vocab/supervision/');
    const b = supervisionVocabulary('https://tilts.example.lv/vocab/supervision');
    assert.equal(
      a.get('supervised-online-identity-verification')?.uri,
      'https://tilts.example.lv/vocab/supervision/supervised-online-identity-verification',
    );
    assert.deepEqual(
      a.get('supervised-no-identity-verification'),
      b.get('supervised-no-identity-verification'),
    );
  });

  it('refuses other keys', () => {
    for (const bad of ['supervised', 'online', '', undefined, 3]) assert.equal(isSupervisionKey(bad), false);
    assert.equal(isSupervisionKey('unsupervised-no-identity-verification'), true);
  });
});

describe('core/vocab ESCO skill URIs', () => {
  it('accepts skill and knowledge concepts and skill-hierarchy codes', () => {
    for (const uri of [
      'http://data.europa.eu/esco/skill/5b0ba4c8-2d8d-4f4c-9b6e-3e6a1d2f7c10',
      'http://data.europa.eu/esco/skill/S1.2.3',
      'http://data.europa.eu/esco/skill/K0613',
      'http://data.europa.eu/esco/skill/T2',
    ]) {
      assert.equal(isEscoSkillUri(uri), true, uri);
    }
  });

  it('refuses https, occupations, other hosts, malformed ids and non-strings', () => {
    for (const bad of [
      'https://data.europa.eu/esco/skill/5b0ba4c8-2d8d-4f4c-9b6e-3e6a1d2f7c10',
      'http://data.europa.eu/esco/occupation/5b0ba4c8-2d8d-4f4c-9b6e-3e6a1d2f7c10',
      'http://example.org/esco/skill/5b0ba4c8-2d8d-4f4c-9b6e-3e6a1d2f7c10',
      'http://data.europa.eu/esco/skill/5b0ba4c8-2d8d-4f4c-9b6e',
      'http://data.europa.eu/esco/skill/5B0BA4C8-2D8D-4F4C-9B6E-3E6A1D2F7C10',
      'http://data.europa.eu/esco/skill/',
      'http://data.europa.eu/esco/skill/5b0ba4c8-2d8d-4f4c-9b6e-3e6a1d2f7c10/x',
      '',
      undefined,
    ]) {
      assert.equal(isEscoSkillUri(bad), false, String(bad));
    }
  });
});

describe('core/vocab countries', () => {
  const eu = xsdConcepts('country.xsd');

  it('names Latvia and Lithuania in each language and links the EU authority table', () => {
    assert.deepEqual(country('LV')?.label, { en: 'Latvia', lv: 'Latvija', lt: 'Latvija' });
    assert.equal(countryName('LT', 'lv'), 'Lietuva');
    assert.equal(countryName('EE', 'lt'), 'Estija');
    assert.equal(eu.get(country('LV')?.uri ?? ''), 'Latvia');
  });

  it('uses the EU authority URI and English name for every encoded country', () => {
    for (const code of ['AT', 'DE', 'EE', 'FI', 'LT', 'LV', 'PL', 'SE', 'UA', 'NO']) {
      const c = country(code);
      assert.equal(eu.get(c?.uri ?? ''), c?.label.en, code);
    }
  });

  it('names a country it does not encode from ICU, in the language asked, and refuses non-codes', () => {
    assert.equal(countryName('JP', 'lv'), 'Japāna');
    assert.equal(countryName('JP', 'lt'), 'Japonija');
    assert.equal(countryName('JP', 'en'), 'Japan');
    assert.equal(country('lv'), undefined);
    assert.equal(isCountryCode('toString'), false);
    assert.equal(isCountryCode('LV'), true);
  });
});
