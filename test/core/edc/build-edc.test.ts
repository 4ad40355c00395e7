import assert from 'node:assert/strict';
import { buildEuropeanDigitalCredential } from '../../../src/core/edc/build-edc.js';
import type { Lang } from '../../../src/core/types.js';
import { edcInput, edcReference } from '../../fixtures/edc/records.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ref = edcReference();
const build = (langs: Lang[]): Json => buildEuropeanDigitalCredential(edcInput(langs)) as Json;

/** Every language map in the document (objects whose keys are all our language tags). */
function languageMaps(node: unknown, out: Array<Record<string, string>> = []): Array<Record<string, string>> {
  if (Array.isArray(node)) node.forEach((n) => languageMaps(n, out));
  else if (node && typeof node === 'object') {
    const entries = Object.entries(node);
    if (
      entries.length > 0 &&
      entries.every(([k, v]) => ['en', 'lv', 'lt'].includes(k) && typeof v === 'string')
    )
      out.push(node as Record<string, string>);
    else entries.forEach(([, v]) => languageMaps(v, out));
  }
  return out;
}

describe('core/edc buildEuropeanDigitalCredential', () => {
  for (const langs of [['lv'], ['en', 'lv'], ['en', 'lv', 'lt']] as Lang[][]) {
    it(`builds an EDC for an achievement in ${langs.join('+')} that conforms to EDC-generic-no-cv + EDC-generic-full`, async () => {
      const edc = build(langs);
      const outcome = await ref.validate(edc);
      assert.deepEqual(outcome.problems, []);
      assert.equal(outcome.conforms, true);
      assert.deepEqual(edc['@context'], [
        'https://www.w3.org/2018/credentials/v1',
        'http://data.europa.eu/snb/model/context/edc-ap',
      ]);
      assert.deepEqual(edc.type, ['VerifiableCredential', 'EuropeanDigitalCredential']);
      assert.deepEqual(edc.credentialSchema, {
        id: 'http://data.europa.eu/snb/model/ap/edc-generic-full',
        type: 'ShaclValidator2017',
      });
    });

    it(`gives the multilingual fields of a ${langs.join('+')} achievement exactly those languages`, () => {
      const edc = build(langs);
      const q = edc.credentialSubject.hasClaim.specifiedBy;
      for (const map of [
        edc.displayParameter.title,
        q.title,
        q.description,
        ...q.learningOutcome.map((o: Json) => o.title),
      ])
        assert.deepEqual(Object.keys(map).sort(), [...langs].sort());
      assert.deepEqual(
        edc.displayParameter.language.map((l: Json) => l.id.slice(-3)),
        langs.map((l) => ({ en: 'ENG', lv: 'LAV', lt: 'LIT' })[l]),
      );
      for (const map of languageMaps(edc))
        for (const l of Object.keys(map)) assert.ok(langs.includes(l as Lang), l);
    });
  }

  const broken: Array<[string, (edc: Json) => void, string]> = [
    [
      'the grade',
      (e) => delete e.credentialSubject.hasClaim.provenBy.grade,
      'credentialSubject.hasClaim.provenBy.grade',
    ],
    ['the displayParameter', (e) => delete e.displayParameter, 'displayParameter'],
    ["the issuer's eIDASIdentifier", (e) => delete e.issuer.eIDASIdentifier, 'issuer.eIDASIdentifier'],
    [
      'an EQF concept from the wrong scheme',
      (e) =>
        (e.credentialSubject.hasClaim.specifiedBy.eqfLevel.inScheme.id =
          'http://data.europa.eu/snb/qdr/25831c2'),
      'credentialSubject.hasClaim.specifiedBy.eqfLevel.inScheme',
    ],
  ];
  for (const [what, breakIt, path] of broken) {
    it(`fails validation without ${what}, naming ${path}`, async () => {
      const edc = build(['en', 'lv']);
      breakIt(edc);
      const outcome = await ref.validate(edc);
      assert.equal(outcome.conforms, false);
      assert.ok(
        outcome.problems.some((p) => p.path === path),
        `expected ${path} in ${JSON.stringify(outcome.problems)}`,
      );
    });
  }

  it('draws a PNG page image for displayParameter', () => {
    const edc = build(['lv']);
    const image = edc.displayParameter.individualDisplay[0].displayDetail[0].image;
    assert.equal(Buffer.from(image.content, 'base64').subarray(1, 4).toString(), 'PNG');
    assert.equal(image.contentType.id, 'http://publications.europa.eu/resource/authority/file-type/PNG');
  });
});
