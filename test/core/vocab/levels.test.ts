import assert from 'node:assert/strict';
import {
  EQF,
  EQF_LEVELS,
  NQF,
  NQF_FRAMEWORK,
  eqfLevel,
  isEqfLevel,
  isNqfLevel,
  nqfLevel,
} from '../../../src/core/vocab/index.js';
import { xsdConcepts } from './support.js';

describe('core/vocab EQF levels', () => {
  const eu = xsdConcepts('eqf.xsd');

  it('encodes levels 1–8 with the EU EQF concept URIs', () => {
    assert.deepEqual([...EQF_LEVELS], [1, 2, 3, 4, 5, 6, 7, 8]);
    for (const level of EQF_LEVELS) {
      const concept = eqfLevel(level);
      assert.equal(concept?.uri, `http://data.europa.eu/snb/eqf/${level}`);
      assert.equal(eu.get(concept?.uri ?? ''), `Level ${level}`);
    }
    assert.equal(EQF.keys.length, eu.size);
  });

  it('labels levels in English, Latvian and Lithuanian', () => {
    assert.deepEqual(eqfLevel(4)?.label, { en: 'EQF level 4', lv: 'EKI 4. līmenis', lt: 'EKS 4 lygis' });
  });

  it('refuses levels outside 1–8, fractions and strings', () => {
    for (const bad of [0, 9, -1, 4.5, Number.NaN]) {
      assert.equal(eqfLevel(bad), undefined);
      assert.equal(isEqfLevel(bad), false);
    }
    assert.equal(isEqfLevel('4'), false);
    assert.equal(isEqfLevel(undefined), false);
  });
});

describe('core/vocab national qualification frameworks', () => {
  const eu = xsdConcepts('nqf.xsd');

  it('maps LQF and LTQF levels 1–8 to the qdr concepts labelled "LQF Level N" / "LTQF Level N"', () => {
    for (const level of [1, 2, 3, 4, 5, 6, 7, 8]) {
      assert.equal(eu.get(nqfLevel('LV', level)?.uri ?? ''), `LQF Level ${level}`);
      assert.equal(eu.get(nqfLevel('LT', level)?.uri ?? ''), `LTQF Level ${level}`);
      assert.equal(nqfLevel('LV', level)?.label.en, `LQF Level ${level}`);
    }
    assert.equal(nqfLevel('LV', 4)?.uri, 'http://data.europa.eu/snb/qdr/c_14b672c3');
    assert.equal(nqfLevel('LT', 8)?.uri, 'http://data.europa.eu/snb/qdr/c_6e015474');
    assert.equal(NQF.keys.length, 16);
  });

  it('names the Latvian and Lithuanian framework concepts', () => {
    assert.equal(NQF_FRAMEWORK.LV.uri, 'http://data.europa.eu/snb/qdr/c_ac40cadc');
    assert.equal(NQF_FRAMEWORK.LT.uri, 'http://data.europa.eu/snb/qdr/c_a6d433f4');
    assert.equal(eu.get(NQF_FRAMEWORK.LV.uri), 'Latvian Qualifications Framework');
    assert.equal(eu.get(NQF_FRAMEWORK.LT.uri), 'Lithuanian National Qualifications Framework');
  });

  it('refuses other frameworks, levels and shapes', () => {
    assert.equal(nqfLevel('EE', 4), undefined);
    assert.equal(nqfLevel('LV', 9), undefined);
    assert.equal(nqfLevel('LV', 0), undefined);
    assert.equal(isNqfLevel({ framework: 'LV', level: 4 }), true);
    for (const bad of [
      { framework: 'LV', level: 9 },
      { framework: 'EE', level: 4 },
      { framework: 'LV' },
      null,
      'LV-4',
    ]) {
      assert.equal(isNqfLevel(bad), false, JSON.stringify(bad));
    }
  });
});
