import assert from 'node:assert/strict';
import { buildEuropeanDigitalCredential } from '../../../src/core/edc/build-edc.js';
import type { AchievementRecord } from '../../../src/core/types.js';
import {
  CREDIT_SYSTEMS,
  QUALITY_ASSURANCE_TYPES,
  SUPERVISION,
  SUPERVISION_KEYS,
  SUPERVISION_SCHEME,
} from '../../../src/core/vocab/index.js';
import { achievementIn, edcInput, edcReference } from '../../fixtures/edc/records.js';
import { issuer, PUBLIC_URL } from '../../fixtures/ob3/records.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The EDC of the fixture achievement (en + lv) changed by `change`, with its claim and specification. */
function built(change: Partial<AchievementRecord> = {}) {
  const record = { ...achievementIn(['en', 'lv']), ...change };
  const edc = buildEuropeanDigitalCredential(edcInput(['en', 'lv'], record)) as Json;
  const claim = edc.credentialSubject.hasClaim;
  return { edc, claim, spec: claim.specifiedBy };
}

/**
 * The record mapping (core/edc/record-mapping.ts) from the achievement record of issue 9 to the EDC: each
 * element found where ELM 3.2 puts it, and every variant still conforms to the EDC shapes.
 */
describe('core/edc record mapping: the issue 9 record in an EDC', () => {
  const { validate } = edcReference();
  const conforms = async (edc: Json) => {
    const result = await validate(edc);
    assert.equal(result.conforms, true, JSON.stringify(result.problems));
  };

  it('states each supervision value as its concept of the EU supervision-verification scheme', async () => {
    for (const key of SUPERVISION_KEYS) {
      const { edc, claim } = built({ supervision: key });
      const concept = claim.provenBy.idVerification;
      assert.equal(concept.id, SUPERVISION.get(key)?.uri, key);
      assert.equal(concept.inScheme.id, SUPERVISION_SCHEME);
      assert.equal(concept.prefLabel.en, SUPERVISION.get(key)?.label.en);
      await conforms(edc);
    }
    const { claim } = built({ supervision: undefined });
    assert.equal('idVerification' in claim.provenBy, false);
  });

  it('gives credits in an EU system as creditPoint, and a national unit none; the hours always as volumeOfLearning', async () => {
    const ecvet = built({ workload: { hours: 60, credits: { system: 'ecvet', value: 2 } } });
    assert.deepEqual(
      [ecvet.spec.creditPoint.framework.id, ecvet.spec.creditPoint.point, ecvet.spec.volumeOfLearning],
      [CREDIT_SYSTEMS.get('ecvet')?.uri, '2', 'PT60H'],
    );
    await conforms(ecvet.edc);
    for (const workload of [
      { hours: 120, credits: { system: 'lv-vet' as const, value: 3 } },
      { hours: 120, credits: { system: 'lt-vet' as const, value: 4 } },
      { hours: 40 },
    ]) {
      const { edc, spec } = built({ workload });
      assert.equal('creditPoint' in spec, false, JSON.stringify(workload));
      assert.equal(spec.volumeOfLearning, `PT${workload.hours}H`);
      await conforms(edc);
    }
  });

  it('names the QA body as the accrediting agent, with its country and register identifier', async () => {
    const { edc, spec } = built({
      qualityAssurance: {
        type: 'program-quality-assurance',
        body: {
          name: { en: 'Centre for Quality Assessment in Higher Education', lv: 'SKVC' },
          country: 'LT',
          identifier: 'LT-SKVC-111959192',
        },
      },
    });
    const accreditation = spec.accreditation;
    assert.equal(accreditation.dcType.id, QUALITY_ASSURANCE_TYPES.get('program-quality-assurance')?.uri);
    assert.equal(
      accreditation.accreditingAgent.legalName.en,
      'Centre for Quality Assessment in Higher Education',
    );
    assert.equal(
      accreditation.accreditingAgent.location.address.countryCode.id,
      'http://publications.europa.eu/resource/authority/country/LTU',
    );
    assert.equal(accreditation.accreditingAgent.identifier.notation, 'LT-SKVC-111959192');
    await conforms(edc);
  });

  it('names an awarding body other than the issuer in awardedBy, and keeps the issuer as issuer', async () => {
    const { edc, claim } = built({
      awardingBody: {
        name: { en: 'Riga Technical University', lv: 'Rīgas Tehniskā universitāte' },
        country: 'LV',
        url: 'https://www.rtu.lv',
      },
    });
    const body = claim.awardedBy.awardingBody;
    assert.deepEqual(body.legalName, { en: 'Riga Technical University', lv: 'Rīgas Tehniskā universitāte' });
    assert.equal(body.homepage.contentURL, 'https://www.rtu.lv');
    assert.notEqual(body.id, edc.issuer.id);
    assert.equal(edc.issuer.legalName.lv, issuer.legalName.lv);
    await conforms(edc);
    const own = built().claim.awardedBy.awardingBody;
    assert.equal(own.id, built().edc.issuer.id, 'without one, the issuer awards');
  });

  it('links stackability both ways by title in every language, and another issuer’s credential by its host', async () => {
    const external = 'https://other.example.eu/achievements/data-literacy';
    const { edc, spec } = built({
      stackability: { mode: 'integrated', isPartOf: ['ach_renewable_technician', external], combines: [] },
    });
    assert.equal(spec.isPartialQualification, true);
    assert.deepEqual(
      spec.isPartOf.map((l: Json) => [l.id, l.title]),
      [
        [
          `${PUBLIC_URL}/achievements/ach_renewable_technician`,
          { en: 'Renewable energy technician', lv: 'Atjaunīgās enerģijas tehniķis' },
        ],
        [
          external,
          {
            en: 'A credential of another issuer (other.example.eu)',
            lv: 'Cita izdevēja kvalifikācija (other.example.eu)',
          },
        ],
      ],
    );
    assert.equal('hasPart' in spec, false);
    await conforms(edc);

    const parent = built({
      stackability: { mode: 'stand-alone', isPartOf: [], combines: ['ach_renewable_technician'] },
    });
    assert.equal(parent.spec.isPartialQualification, false);
    assert.equal('isPartOf' in parent.spec, false);
    assert.deepEqual(
      parent.spec.hasPart.map((l: Json) => l.title.en),
      ['Renewable energy technician'],
    );
    await conforms(parent.edc);
  });
});
