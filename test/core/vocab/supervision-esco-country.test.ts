import assert from 'node:assert/strict';
import { LANGUAGES } from '../../../src/core/types.js';
import {
  LEGACY_SUPERVISION,
  SUPERVISION,
  SUPERVISION_KEYS,
  SUPERVISION_SCHEME,
  country,
  countryName,
  isCountryCode,
  isEscoSkillUri,
  isSupervisionKey,
} from '../../../src/core/vocab/index.js';
import { elmIdVerification, euIdVerifications, xsdConcepts } from './support.js';

describe('core/vocab supervision and identity verification (EU supervision-verification scheme)', () => {
  const SCHEME = 'http://data.europa.eu/snb/supervision-verification/25831c2';

  it('uses concepts of the EU scheme that ELM names as the range of idVerification', () => {
    assert.equal(SUPERVISION_SCHEME, SCHEME);
    assert.match(elmIdVerification(), /supervision-verification/);
    for (const key of SUPERVISION_KEYS) {
      const concept = SUPERVISION.get(key);
      assert.match(
        concept?.uri ?? '',
        /^http:\/\/data\.europa\.eu\/snb\/supervision-verification\/[0-9a-f]{10}$/,
      );
    }
  });

  it('knows every supervision concept the EU reference credentials use, by URI, scheme and English label', () => {
    const used = euIdVerifications();
    assert.ok(used.length > 0, 'the EU samples carry idVerification concepts');
    for (const concept of used) {
      assert.equal(concept.inScheme, SCHEME);
      const ours = SUPERVISION.byUri(concept.id);
      assert.ok(ours, `${concept.id} is one of ours`);
      if (concept.label) assert.equal(ours.label.en, concept.label);
    }
  });

  it('has four distinct concepts, each labelled in every language, and refuses other keys', () => {
    assert.deepEqual([...SUPERVISION_KEYS].sort(), [
      'supervised-with-id-verification',
      'supervised-without-id-verification',
      'unsupervised-with-id-verification',
      'unsupervised-without-id-verification',
    ]);
    for (const key of SUPERVISION_KEYS)
      for (const lang of LANGUAGES) assert.ok(SUPERVISION.get(key)?.label[lang]?.trim(), `${key} ${lang}`);
    for (const bad of ['supervised', 'supervised-onsite-identity-verification', '', undefined, 3])
      assert.equal(isSupervisionKey(bad), false, String(bad));
  });

  it('maps each key Tilts minted before to the EU concept that replaced it', () => {
    assert.deepEqual(
      Object.fromEntries(Object.entries(LEGACY_SUPERVISION).map(([old, { key }]) => [old, key])),
      {
        'unsupervised-no-identity-verification': 'unsupervised-without-id-verification',
        'supervised-no-identity-verification': 'supervised-without-id-verification',
        'supervised-online-identity-verification': 'supervised-with-id-verification',
        'supervised-onsite-identity-verification': 'supervised-with-id-verification',
      },
    );
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
