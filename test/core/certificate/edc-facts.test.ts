import assert from 'node:assert/strict';
import { factRows, plainText, type FactKey } from '../../../src/core/certificate/display.js';
import { readEdcFacts } from '../../../src/core/certificate/edc-facts.js';
import { buildEuropeanDigitalCredential } from '../../../src/core/edc/build-edc.js';
import type { Lang } from '../../../src/core/types.js';
import { loadCatalogues, translator } from '../../../src/i18n/index.js';
import { edcInput } from '../../fixtures/edc/records.js';
import { achievement, issuer, learner } from '../../fixtures/ob3/records.js';

type Json = Record<string, unknown>;
const catalogues = loadCatalogues();

const shown = (edc: Json, lang: Lang): Partial<Record<FactKey, string>> =>
  Object.fromEntries(
    factRows(readEdcFacts(edc, lang), { lang, t: translator(catalogues, lang) }).map((r) => [
      r.key,
      plainText(r.lines),
    ]),
  );

describe('core/certificate readEdcFacts: what an EDC certifies, read like an Open Badge', () => {
  const edc = buildEuropeanDigitalCredential(edcInput(['lv', 'en', 'lt'])) as Json;

  it("reads the learner, title, issuer, date, grade and every EU element the EDC states, in the reader's language", () => {
    const expected: Record<Lang, Partial<Record<FactKey, RegExp | string>>> = {
      lv: {
        title: achievement.title.lv,
        workload: '3 kredītpunkti (ECTS) · 80 stundu',
        level: /^EKI 4\. līmenis, /,
        assessment: /praktisk/,
        prerequisites: achievement.prerequisites!.lv!,
        supervision: /identitāt/i,
      },
      en: {
        title: achievement.title.en,
        workload: '3 credits (ECTS) · 80 hours',
        level: /^EQF level 4, /,
        participation: /^Blended, non-formal learning$/,
        prerequisites: achievement.prerequisites!.en!,
        awarded: '30 June 2025',
      },
      lt: {
        title: achievement.title.lt,
        workload: '3 kreditai (ECTS) · 80 valandų',
        level: /^EKS 4 lygis, /,
        participation: /^Mišriuoju būdu, neformalusis mokymasis$/,
      },
    };
    for (const lang of ['lv', 'en', 'lt'] as const) {
      const rows = shown(edc, lang);
      assert.equal(rows.learner, `${learner.givenName} ${learner.familyName}`, lang);
      assert.ok(rows.issuer?.startsWith(`${issuer.legalName[lang]}, `), `${lang}: ${rows.issuer}`);
      assert.match(rows.grade ?? '', /^9 \(/, `${lang}: the grade with its scheme`);
      assert.match(rows.qualityAssurance ?? '', /Izglītības kvalitātes valsts dienests|State Service/);
      for (const key of ['field', 'assessment', 'participation', 'supervision', 'stackability'] as const)
        assert.ok(rows[key], `${lang}: ${key} is shown`);
      for (const [key, want] of Object.entries(expected[lang])) {
        const got = rows[key as FactKey] ?? '';
        if (typeof want === 'string') assert.equal(got, want, `${lang}: ${key}`);
        else assert.match(got, want, `${lang}: ${key}`);
      }
      const facts = readEdcFacts(edc, lang);
      assert.equal(facts.lang, lang, "read in the reader's language, which the EDC is written in");
      assert.deepEqual(
        facts.achievement?.learningOutcomes.map((o) => o.text),
        achievement.learningOutcomes.map((o) => o.text[lang]),
      );
      assert.deepEqual(
        facts.achievement?.learningOutcomes.map((o) => o.escoSkills),
        achievement.learningOutcomes.map((o) => o.escoSkills ?? []),
        'each outcome keeps its ESCO skills',
      );
    }
  });

  it('reads an EDC written in Latvian only in Latvian for any reader, marked as such', () => {
    const lvOnly = buildEuropeanDigitalCredential(edcInput(['lv'])) as Json;
    const facts = readEdcFacts(lvOnly, 'lt');
    assert.equal(facts.lang, 'lv');
    assert.equal(facts.title, achievement.title.lv);
    const rows = shown(lvOnly, 'lt');
    assert.equal(rows.workload, '3 kreditai (ECTS) · 80 valandų', "our own words stay the reader's");
  });

  it('states nothing an EDC does not: a bare credential gives no facts, and nothing throws', () => {
    const bare = { id: 'urn:credential:x', type: ['VerifiableCredential', 'EuropeanDigitalCredential'] };
    const facts = readEdcFacts(bare, 'en');
    assert.equal(facts.id, 'urn:credential:x');
    assert.equal(facts.title, undefined);
    assert.deepEqual(shown(bare, 'en'), {});
    for (const odd of [{ credentialSubject: 'x' }, { credentialSubject: { hasClaim: [1, null] } }, {}])
      assert.doesNotThrow(() => readEdcFacts(odd, 'lv'));
  });
});
