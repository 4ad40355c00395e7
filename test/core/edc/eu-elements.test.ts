import assert from 'node:assert/strict';
import { buildEuropeanDigitalCredential } from '../../../src/core/edc/build-edc.js';
import {
  ASSESSMENT_TYPES,
  CREDIT_SYSTEMS,
  eqfLevel,
  PARTICIPATION_FORMS,
  QUALITY_ASSURANCE_TYPES,
} from '../../../src/core/vocab/index.js';
import { achievement, issuer, learner, AWARDED } from '../../fixtures/ob3/records.js';
import { edcInput, edcReference } from '../../fixtures/edc/records.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Council Recommendation (EU) 2022/C 243/02, Annex I, mandatory elements: each one from the achievement,
 * issuer, learner and award records, found where ELM 3.2 puts it in the EDC.
 */
describe('core/edc EU Council Recommendation mandatory elements', () => {
  const input = edcInput(['en', 'lv']);
  const edc = buildEuropeanDigitalCredential(input) as Json;
  const claim = edc.credentialSubject.hasClaim;
  const spec = claim.specifiedBy;

  const elements: Array<[string, () => void]> = [
    [
      'identification of the learner',
      () => {
        assert.equal(edc.credentialSubject.givenName.en, learner.givenName);
        assert.equal(edc.credentialSubject.familyName.en, learner.familyName);
      },
    ],
    [
      'title of the micro-credential',
      () => {
        assert.deepEqual(claim.title, { en: achievement.title.en, lv: achievement.title.lv });
        assert.deepEqual(spec.title, claim.title);
      },
    ],
    [
      'country of the issuer',
      () =>
        assert.equal(
          edc.issuer.location.address.countryCode.id,
          'http://publications.europa.eu/resource/authority/country/LVA',
        ),
    ],
    ['awarding body', () => assert.equal(claim.awardedBy.awardingBody.legalName.lv, issuer.legalName.lv)],
    [
      'date of issuing',
      () => {
        assert.equal(edc.issued, input.issued);
        assert.equal(claim.awardedBy.awardingDate, AWARDED);
      },
    ],
    [
      'learning outcomes',
      () => {
        assert.deepEqual(
          spec.learningOutcome.map((o: Json) => o.title.en),
          achievement.learningOutcomes.map((o) => o.text.en),
        );
        assert.equal(
          spec.learningOutcome[0].relatedESCOSkill[0].id,
          achievement.learningOutcomes[0]?.escoSkills?.[0],
        );
      },
    ],
    [
      'notional workload (ECTS and hours)',
      () => {
        assert.equal(spec.creditPoint.point, String(achievement.ectsCredits));
        assert.equal(spec.creditPoint.framework.id, CREDIT_SYSTEMS.get('ects')?.uri);
        assert.equal(spec.volumeOfLearning, `PT${achievement.notionalHours}H`);
      },
    ],
    [
      'level (EQF)',
      () => {
        assert.equal(spec.eqfLevel.id, eqfLevel(achievement.eqfLevel)?.uri);
        assert.equal(spec.eqfLevel.inScheme.id, 'http://data.europa.eu/snb/eqf/25831c2');
      },
    ],
    [
      'type of assessment',
      () =>
        assert.deepEqual(
          claim.provenBy.specifiedBy.hasPart.map((p: Json) => p.dcType.id),
          achievement.assessmentTypes.map((k) => ASSESSMENT_TYPES.get(k)?.uri),
        ),
    ],
    [
      'form of participation',
      () => assert.equal(spec.mode.id, PARTICIPATION_FORMS.get(achievement.participationForm)?.uri),
    ],
    [
      'type of quality assurance (no QA body named: a note)',
      () => {
        const label = QUALITY_ASSURANCE_TYPES.get(achievement.qualityAssurance.type)?.label.en as string;
        assert.ok(spec.additionalNote.some((n: Json) => String(n.noteLiteral.en).includes(label)));
      },
    ],
  ];
  for (const [element, check] of elements) it(`carries ${element}`, check);

  it('carries the type of quality assurance as an accreditation by the named QA body', async () => {
    const withBody = edcInput(['en', 'lv']);
    withBody.achievement.qualityAssurance.body = {
      name: { lv: 'Izglītības kvalitātes valsts dienests' },
      country: 'LV',
    };
    const built = buildEuropeanDigitalCredential(withBody) as Json;
    const accreditation = built.credentialSubject.hasClaim.specifiedBy.accreditation;
    assert.equal(
      accreditation.dcType.id,
      QUALITY_ASSURANCE_TYPES.get(achievement.qualityAssurance.type)?.uri,
    );
    assert.equal(accreditation.accreditingAgent.legalName.lv, 'Izglītības kvalitātes valsts dienests');
    assert.equal((await edcReference().validate(built)).conforms, true);
  });
});
