import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../src/config.js';
import { LANGUAGES } from '../../../src/core/types.js';
import {
  ASSESSMENT_TYPE_KEYS,
  CREDIT_SYSTEM_KEYS,
  LEARNING_SETTING_KEYS,
  PARTICIPATION_FORM_KEYS,
  QUALITY_ASSURANCE_KEYS,
  SUPERVISION_KEYS,
  creditSystem,
  creditsText,
  isCreditSystemKey,
} from '../../../src/core/vocab/index.js';
import { xsdConcepts } from './support.js';

describe('core/vocab credit systems', () => {
  const eu = xsdConcepts('credit-points.xsd');
  const countries = xsdConcepts('country.xsd');

  it('identifies ECTS and ECVET by their EU education-credit concepts', () => {
    assert.equal(eu.get(creditSystem('ects')?.uri ?? ''), 'European Credit Transfer System');
    assert.equal(
      eu.get(creditSystem('ecvet')?.uri ?? ''),
      'European credit system for vocational education and training',
    );
    assert.equal(creditSystem('ects')?.country, undefined);
  });

  it('names each national unit with its country (the EU country authority URI), never as ECTS', () => {
    for (const [key, code, name] of [
      ['lv-vet', 'LV', 'Latvia'],
      ['lt-vet', 'LT', 'Lithuania'],
    ] as const) {
      const system = creditSystem(key);
      assert.equal(system?.country, code);
      assert.equal(countries.get(system?.uri ?? ''), name, key);
      assert.equal(eu.has(system?.uri ?? ''), false);
      for (const lang of LANGUAGES) {
        assert.ok(system?.label[lang].trim(), `${key} ${lang}`);
        assert.doesNotMatch(system?.label[lang] ?? '', /ECTS|ECVET/);
      }
    }
  });

  it('writes a value with its unit in each language', () => {
    assert.equal(creditsText('ects', 3, 'en'), '3 ECTS credits');
    assert.equal(creditsText('ects', 1.5, 'lv'), '1.5 ECTS kredītpunkti');
    assert.equal(creditsText('lt-vet', 5, 'lt'), '5 Lietuvos profesinio mokymo kreditai');
    assert.equal(creditsText('lv-vet', 12, 'lv'), '12 Latvijas profesionālās izglītības kredītpunkti');
  });

  it('knows exactly its four systems', () => {
    assert.deepEqual([...CREDIT_SYSTEM_KEYS], ['ects', 'ecvet', 'lv-vet', 'lt-vet']);
    for (const bad of ['ECTS', 'kp', '', undefined, 'toString']) {
      assert.equal(isCreditSystemKey(bad), false, String(bad));
      assert.equal(creditSystem(String(bad)), undefined);
    }
  });
});

describe('schemas/achievement-create.json controlled values', () => {
  const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, 'schemas/achievement-create.json'), 'utf8'));
  const p = schema.properties;

  it('offers exactly the keys of the vocabularies (which the EU files back)', () => {
    assert.deepEqual(p.workload.properties.credits.properties.system.enum, [...CREDIT_SYSTEM_KEYS]);
    assert.deepEqual([...p.supervision.enum].sort(), [...SUPERVISION_KEYS].sort());
    assert.deepEqual(p.participationForm.enum, [...PARTICIPATION_FORM_KEYS]);
    assert.deepEqual(p.assessmentTypes.items.enum, [...ASSESSMENT_TYPE_KEYS]);
    assert.deepEqual(p.learningSetting.enum, [...LEARNING_SETTING_KEYS]);
    assert.deepEqual(schema.$defs.qualityAssurance.properties.type.enum, [...QUALITY_ASSURANCE_KEYS]);
  });
});
