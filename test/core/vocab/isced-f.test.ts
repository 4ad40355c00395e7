import assert from 'node:assert/strict';
import { ISCED_F_CODES, iscedField, isIscedFCode, labelIn } from '../../../src/core/vocab/index.js';
import { xsdConcepts } from './support.js';

describe('core/vocab ISCED-F 2013', () => {
  const eu = xsdConcepts('isced-f.xsd');

  it('encodes every code of the EU vocabulary with its URI and English label', () => {
    assert.equal(ISCED_F_CODES.length, 220);
    assert.equal(eu.size, 220);
    for (const [uri, label] of eu) {
      const code = uri.replace('http://data.europa.eu/snb/isced-f/', '');
      assert.equal(iscedField(code)?.uri, uri);
      assert.equal(iscedField(code)?.label.en, label);
    }
  });

  it('translates broad and narrow fields to Latvian and Lithuanian', () => {
    for (const code of ISCED_F_CODES.filter((c) => c.length === 2)) {
      assert.ok(iscedField(code)?.label.lv, code);
      assert.ok(iscedField(code)?.label.lt, code);
    }
    assert.deepEqual(iscedField('0613')?.label, {
      en: 'Software and applications development and analysis',
      lv: 'Programmatūras un lietotņu izstrāde un analīze',
      lt: 'Programinės įrangos ir taikomųjų programų kūrimas ir analizė',
    });
  });

  it('falls back to the English label where no translation is encoded', () => {
    const concept = iscedField('0719');
    assert.ok(concept);
    assert.equal(concept.label.lv, undefined);
    assert.equal(labelIn(concept, 'lv'), 'Engineering and engineering trades not elsewhere classified');
  });

  it('refuses codes that are not in ISCED-F 2013', () => {
    for (const bad of ['0614', '613', '6', '00000', '', 'ICT', 613]) {
      assert.equal(isIscedFCode(bad), false, String(bad));
    }
    assert.equal(iscedField('0614'), undefined);
  });
});
