import assert from 'node:assert/strict';
import { buildOpenBadgeCredential } from '../../../src/core/ob3/build-credential.js';
import type { Alignment } from '../../../src/core/ob3/types.js';
import { validateOpenBadgeCredential } from '../../../src/core/ob3/validate.js';
import { isoHours } from '../../../src/core/ob3/workload.js';
import type { AchievementRecord, Lang, Workload } from '../../../src/core/types.js';
import { achievement, buildInput, PUBLIC_URL } from '../../fixtures/ob3/records.js';
import { achievementCredentialSchema, contextsOnlyLoader } from './support.js';

const schema = achievementCredentialSchema();
const documentLoader = contextsOnlyLoader();

const build = (changes: Partial<AchievementRecord>, lang: Lang = 'lv') =>
  buildOpenBadgeCredential({ ...buildInput(lang), achievement: { ...achievement, ...changes } });

const ofType = (alignments: Alignment[], type: string) => alignments.filter((a) => a.targetType === type);

describe('core/ob3 workload: hours, and credits in the system they count in', () => {
  const cases: Array<[string, Workload, Lang, string, string | undefined, string]> = [
    ['hours only', { hours: 40 }, 'en', '**Notional workload:** 40 h', undefined, ''],
    [
      'Latvian VET credit points',
      { hours: 120, credits: { system: 'lv-vet', value: 3 } },
      'lv',
      '**Paredzētā darba slodze:** 120 st. (3 Latvijas profesionālās izglītības kredītpunkti)',
      'http://publications.europa.eu/resource/authority/country/LVA',
      'Latvijas profesionālās izglītības kredītpunkti',
    ],
    [
      'Lithuanian VET credits',
      { hours: 54, credits: { system: 'lt-vet', value: 2 } },
      'lt',
      '**Numatomas darbo krūvis:** 54 val. (2 Lietuvos profesinio mokymo kreditai)',
      'http://publications.europa.eu/resource/authority/country/LTU',
      'Lietuvos profesinio mokymo kreditai',
    ],
    [
      'ECVET points',
      { hours: 60, credits: { system: 'ecvet', value: 2.5 } },
      'en',
      '**Notional workload:** 60 h (2.5 ECVET points)',
      'http://data.europa.eu/snb/education-credit/60b314e826',
      'European credit system for vocational education and training',
    ],
  ];

  for (const [what, workload, lang, narrative, systemUrl, framework] of cases) {
    it(`${what}: no creditsAvailable; hours and credits as alignments and in the ${lang} narrative; valid OB 3.0`, async () => {
      const credential = build({ workload }, lang);
      const { achievement: a } = credential.credentialSubject;
      assert.equal('creditsAvailable' in a, false);
      assert.equal('creditsEarned' in credential.credentialSubject, false);
      assert.ok(a.criteria.narrative.includes(narrative), a.criteria.narrative);
      assert.deepEqual(
        ofType(a.alignment, 'ext:VolumeOfLearning').map((x) => x.targetCode),
        [isoHours(workload.hours)],
      );
      const credits = ofType(a.alignment, 'ext:CreditPoints');
      assert.deepEqual(
        credits.map((x) => [x.targetUrl, x.targetCode, x.targetFramework]),
        workload.credits ? [[systemUrl, String(workload.credits.value), framework]] : [],
      );
      for (const x of credits) assert.doesNotMatch(JSON.stringify(x), /ECTS/);
      assert.deepEqual(await validateOpenBadgeCredential(credential, { schema, documentLoader }), []);
    });
  }

  it('ECTS credits are also OB creditsAvailable and creditsEarned', () => {
    const credential = build({ workload: { hours: 75, credits: { system: 'ects', value: 3 } } });
    assert.equal(credential.credentialSubject.achievement.creditsAvailable, 3);
    assert.equal(credential.credentialSubject.creditsEarned, 3);
  });

  it('writes hours as an ISO 8601 duration', () => {
    assert.equal(isoHours(80), 'PT80H');
    assert.equal(isoHours(1), 'PT1H');
  });
});

describe('core/ob3 awarding body and quality assurance body', () => {
  const awardingBody = {
    name: { lv: 'Rīgas Tehniskā universitāte', en: 'Riga Technical University' },
    country: 'LV',
    url: 'https://www.rtu.lv',
    identifier: '90000068977',
  };

  it('names an awarding body other than the issuer as the subject source Profile, and in the narrative', async () => {
    const credential = build({ awardingBody }, 'en');
    const s = credential.credentialSubject;
    assert.deepEqual(s.source, {
      id: `${s.achievement.id}#awarding-body`,
      type: ['Profile'],
      name: 'Riga Technical University',
      address: { type: ['Address'], addressCountry: 'Latvia', addressCountryCode: 'LV' },
      url: 'https://www.rtu.lv',
      otherIdentifier: [{ type: 'IdentifierEntry', identifier: '90000068977', identifierType: 'identifier' }],
    });
    assert.match(
      s.achievement.criteria.narrative,
      /\*\*Awarding body:\*\* Riga Technical University \(Latvia\), identifier 90000068977, https:\/\/www\.rtu\.lv/,
    );
    assert.deepEqual(await validateOpenBadgeCredential(credential, { schema, documentLoader }), []);
  });

  it('names a QA body known by register identifier only by its country and identifier', async () => {
    const body = { name: { lv: 'Akreditācijas aģentūra' }, country: 'LV', identifier: '40003000000' };
    const credential = build({ qualityAssurance: { type: 'program-quality-assurance', body } }, 'en');
    const [qa] = ofType(credential.credentialSubject.achievement.alignment, 'ext:QualityAssuranceBody');
    assert.deepEqual(qa, {
      type: ['Alignment'],
      targetName: 'Akreditācijas aģentūra',
      targetUrl: 'http://publications.europa.eu/resource/authority/country/LVA',
      targetType: 'ext:QualityAssuranceBody',
      targetDescription: 'Akreditācijas aģentūra (Latvia), identifier 40003000000',
      targetCode: '40003000000',
    });
    assert.deepEqual(await validateOpenBadgeCredential(credential, { schema, documentLoader }), []);
  });

  it('has no source and no QA-body alignment when the record names neither', () => {
    const { body: _b, ...qualityAssurance } = achievement.qualityAssurance;
    const credential = build({ qualityAssurance });
    assert.equal('source' in credential.credentialSubject, false);
    assert.deepEqual(
      ofType(credential.credentialSubject.achievement.alignment, 'ext:QualityAssuranceBody'),
      [],
    );
    assert.ok(credential.credentialSubject.achievement.id.startsWith(`${PUBLIC_URL}/achievements/`));
  });
});
