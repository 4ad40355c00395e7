import assert from 'node:assert/strict';
import { readCredentialFacts } from '../../src/core/certificate/facts.js';
import { conceptName, issuerPageUrl } from '../../src/features/pages/format.js';
import { verdictOf } from '../../src/features/pages/result.view.js';
import type { Check } from '../../src/core/verify/types.js';

type Json = Record<string, unknown>;

/** A credential shaped like the ones Tilts issues today (lv edition). */
function todays(): Json {
  return {
    id: 'https://tilts.example/credentials/1',
    name: 'Digitālā satura veidošana',
    issuer: {
      id: 'https://tilts.example/issuers/rvt',
      name: 'Rīgas Valsts tehnikums',
      url: 'https://www.rvt.lv',
      address: { addressCountry: 'Latvija', addressRegion: 'Rīga' },
    },
    validFrom: '2026-03-01T10:00:00Z',
    awardedDate: '2026-02-27T10:00:00Z',
    credentialSubject: {
      identifier: [
        { identityType: 'emailAddress', hashed: true, identityHash: 'sha256$abc', salt: 'x' },
        { identityType: 'name', hashed: false, identityHash: 'Ģirts Ķēniņš' },
      ],
      creditsEarned: 3,
      result: [{ value: '8', resultDescription: 'https://tilts.example/a/lv#result' }],
      achievement: {
        name: 'Digitālā satura veidošana',
        achievementType: 'MicroCredential',
        inLanguage: 'lv',
        creditsAvailable: 3,
        criteria: {
          narrative:
            'Praktiskais darbs.\n\n**Mācīšanās rezultāti**\n\n- Izveido saturu.\n- Sadarbojas komandā.\n\n**Priekšnosacījumi:** Datora pamati.\n\n**Paredzētā darba slodze:** 80 st. (3 ECTS)',
        },
        resultDescription: [
          { id: 'https://tilts.example/a/lv#result', name: '10 ballu skala', requiredValue: '4' },
        ],
        alignment: [
          {
            targetName: 'EKI 4. līmenis',
            targetUrl: 'http://data.europa.eu/snb/eqf/4',
            targetType: 'ext:EQFLevel',
          },
          {
            targetName: 'Izveido saturu.',
            targetUrl: 'http://data.europa.eu/esco/skill/a',
            targetType: 'ext:ESCOSkill',
          },
          {
            targetName: 'mutisks eksāmens',
            targetUrl: 'http://data.europa.eu/snb/assessment/d30284d7df',
            targetType: 'ext:AssessmentType',
          },
          {
            targetName: 'Jaukti',
            targetUrl: 'http://data.europa.eu/snb/learning-assessment/e92d221e4d',
            targetType: 'ext:ModeOfLearning',
          },
          {
            targetName: 'Iestādes kvalitātes nodrošināšana',
            targetUrl: 'http://data.europa.eu/snb/accreditation/bb4618238e',
            targetType: 'ext:QualityAssurance',
            targetDescription: 'Akreditēta līdz 2028. gadam.',
          },
          {
            targetName: 'Bāzes kurss',
            targetUrl: 'https://tilts.example/achievements/9',
            targetType: 'ext:IsPartOf',
          },
        ],
      },
    },
  };
}

describe('readCredentialFacts', () => {
  it("reads every element of today's credentials from the credential alone", () => {
    const f = readCredentialFacts(todays());
    assert.equal(f.learner, 'Ģirts Ķēniņš');
    assert.equal(f.title, 'Digitālā satura veidošana');
    assert.equal(f.lang, 'lv');
    assert.deepEqual(f.issuer, {
      id: 'https://tilts.example/issuers/rvt',
      name: 'Rīgas Valsts tehnikums',
      website: 'https://www.rvt.lv',
      country: 'Latvija',
      region: 'Rīga',
    });
    assert.equal(f.awarded, '2026-02-27T10:00:00Z');
    assert.deepEqual(f.grade, { value: '8', scheme: '10 ballu skala', required: '4' });
    assert.deepEqual(f.credits, [{ value: 3, system: { name: 'ECTS' } }]);
    assert.equal(f.hours, 80);
    assert.equal(f.eqf?.url, 'http://data.europa.eu/snb/eqf/4');
    assert.deepEqual(
      f.outcomes.map((o) => [o.text, o.skills.map((s) => s.url)]),
      [
        ['Izveido saturu.', ['http://data.europa.eu/esco/skill/a']],
        ['Sadarbojas komandā.', []],
      ],
    );
    assert.deepEqual(f.skills, []);
    assert.equal(f.criteria, 'Praktiskais darbs.');
    assert.equal(f.prerequisites, 'Datora pamati.');
    assert.equal(f.assessment[0]?.name, 'mutisks eksāmens');
    assert.equal(f.participation?.name, 'Jaukti');
    assert.equal(f.qualityAssurance[0]?.description, 'Akreditēta līdz 2028. gadam.');
    assert.deepEqual(
      f.isPartOf.map((c) => c.url),
      ['https://tilts.example/achievements/9'],
    );
    assert.deepEqual(f.other, []);
  });

  it('reads richer shapes: a credit-system alignment, hours as a duration, named ESCO skills, ceterms:Credential stacking', () => {
    const c = todays();
    const achievement = (c.credentialSubject as Json).achievement as Json;
    achievement.criteria = { narrative: 'Darbs.' };
    achievement.alignment = [
      {
        targetName: 'ECVET',
        targetUrl: 'http://data.europa.eu/snb/education-credit/60b314e826',
        targetType: 'ext:CreditSystem',
      },
      { targetName: 'Notional workload', targetCode: 'PT120H', targetType: 'ext:NotionalWorkload' },
      {
        targetName: 'create digital content',
        targetUrl: 'http://data.europa.eu/esco/skill/b',
        targetType: 'ext:ESCOSkill',
      },
      {
        targetName: 'Parent',
        targetUrl: 'https://x.example/p',
        targetType: 'ceterms:Credential',
        targetCode: 'isPartOf',
      },
      {
        targetName: 'Child',
        targetUrl: 'https://x.example/c',
        targetType: 'ceterms:Credential',
        targetCode: 'hasPart',
      },
      { targetName: 'Something new', targetUrl: 'https://vocab.example/x', targetType: 'ext:Unknown' },
    ];
    const f = readCredentialFacts(c);
    assert.deepEqual(
      f.credits.map((c) => [c.value, c.system?.name]),
      [[3, 'ECVET']],
      'a system without a stated value takes the credits earned',
    );
    assert.equal(f.hours, 120);
    assert.deepEqual(f.outcomes, []);
    assert.deepEqual(
      f.skills.map((s) => s.name),
      ['create digital content'],
    );
    assert.deepEqual(
      f.isPartOf.map((s) => s.name),
      ['Parent'],
    );
    assert.deepEqual(
      f.combines.map((s) => s.name),
      ['Child'],
    );
    assert.deepEqual(
      f.other.map((s) => s.name),
      ['Something new'],
      'unknown alignments are still shown',
    );
  });

  it('tolerates a bare VC: what is not stated is left out, nothing throws', () => {
    const f = readCredentialFacts({ issuer: 'did:key:z6Mk', credentialSubject: { id: 'did:example:1' } });
    assert.equal(f.issuer.id, 'did:key:z6Mk');
    assert.equal(f.title, undefined);
    assert.equal(f.learner, undefined);
    assert.deepEqual(f.credits, []);
    assert.deepEqual([f.outcomes, f.assessment, f.qualityAssurance, f.other], [[], [], [], []]);
    assert.doesNotThrow(() => readCredentialFacts({ credentialSubject: [null, 'x', { achievement: 7 }] }));
  });

  it('never reads the hashed e-mail as a name', () => {
    const c = todays();
    (c.credentialSubject as Json).identifier = [
      { identityType: 'emailAddress', hashed: true, identityHash: 'sha256$abc' },
      { identityType: 'name', hashed: true, identityHash: 'sha256$def' },
    ];
    assert.equal(readCredentialFacts(c).learner, undefined);
  });
});

describe('conceptName', () => {
  const eqf = { name: 'EKI 4. līmenis', url: 'http://data.europa.eu/snb/eqf/4' };
  it("keeps the credential's own words in its language and uses the EU label in other languages", () => {
    assert.equal(conceptName(eqf, 'lv', 'lv'), 'EKI 4. līmenis');
    assert.equal(conceptName(eqf, 'en', 'lv'), 'EQF level 4');
    assert.equal(conceptName(eqf, 'lt', 'lv'), 'EKS 4 lygis');
    assert.equal(conceptName({ name: 'Own', url: 'https://x.example' }, 'en', 'lv'), 'Own');
  });
});

describe('verdictOf', () => {
  const ok = (id: Check['id']): Check => ({ id, valid: true, detail: '' });
  const bad = (id: Check['id'], code: Check['code']): Check => ({ id, valid: false, code, detail: '' });
  const cases: Array<[string, Check[], string]> = [
    ['all checks pass', [ok('proof'), ok('status')], 'verified'],
    ['revoked by a genuine issuer', [ok('proof'), bad('status', 'revoked')], 'revoked'],
    ['suspended', [ok('proof'), bad('status', 'suspended')], 'suspended'],
    ['expired', [ok('proof'), bad('validity', 'expired'), ok('status')], 'expired'],
    [
      'a forged signature on a revoked entry',
      [bad('proof', 'signature-invalid'), bad('status', 'revoked')],
      'not-verified',
    ],
    ['status list unreachable', [ok('proof'), bad('status', 'status-unavailable')], 'unchecked'],
    [
      'issuer keys unreachable',
      [bad('issuer', 'issuer-key-unresolvable'), bad('proof', 'issuer-key-unresolvable')],
      'unchecked',
    ],
    ['not yet valid', [ok('proof'), bad('validity', 'not-yet-valid')], 'not-verified'],
    ['no checks at all', [], 'not-verified'],
  ];
  for (const [name, checks, verdict] of cases)
    it(`${name} → ${verdict}`, () => {
      assert.equal(
        verdictOf({ verified: checks.length > 0 && checks.every((c) => c.valid), checks }),
        verdict,
      );
    });
});

describe('issuerPageUrl', () => {
  const ours = 'http://127.0.0.1:3000';
  it('links https ids as they are, our did:web to our page, another did:web to its host, a did:key nowhere', () => {
    assert.equal(issuerPageUrl('https://x.example/issuers/a', ours), 'https://x.example/issuers/a');
    assert.equal(issuerPageUrl('did:web:127.0.0.1%3A3000:issuers:rvt', ours), `${ours}/issuers/rvt`);
    assert.equal(issuerPageUrl('did:web:school.example:issuers:a', ours), 'https://school.example/issuers/a');
    assert.equal(issuerPageUrl('did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', ours), undefined);
    assert.equal(issuerPageUrl('did:web:bad/host', ours), undefined);
    assert.equal(issuerPageUrl(undefined, ours), undefined);
  });
});

describe('readCredentialFacts on the versioned-definitions shape', () => {
  it('reads credit points per system, hours as ELM volume of learning, the QA body and stackability by direction', () => {
    const c = todays();
    const subject = c.credentialSubject as Json;
    delete subject.creditsEarned;
    const achievement = subject.achievement as Json;
    delete achievement.creditsAvailable;
    achievement.criteria = { narrative: 'Darbs.' };
    achievement.alignment = [
      {
        targetName: '3 ECTS kredītpunkti',
        targetUrl: 'http://data.europa.eu/snb/education-credit/6fcec5c5af',
        targetType: 'ext:CreditPoints',
        targetCode: '3',
        targetFramework: 'Eiropas kredītpunktu pārneses sistēma',
      },
      {
        targetName: '2 LV kredītpunkti',
        targetUrl: 'http://publications.europa.eu/resource/authority/country/LVA',
        targetType: 'ext:CreditPoints',
        targetCode: '2',
        targetFramework: 'Latvijas kredītpunkti',
      },
      {
        targetName: '80 stundas',
        targetUrl: 'http://data.europa.eu/snb/model/elm/volumeOfLearning',
        targetType: 'ext:VolumeOfLearning',
        targetCode: 'PT80H',
      },
      { targetName: 'IKVD', targetUrl: 'https://www.ikvd.gov.lv', targetType: 'ext:QualityAssuranceBody' },
      {
        targetName: 'patstāvīga',
        targetUrl: 'https://eur-lex.europa.eu/x',
        targetType: 'ext:StackabilityOption',
        targetCode: 'stand-alone',
      },
      {
        targetName: 'Vecāks',
        targetUrl: 'https://t.example/achievements/p',
        targetType: 'ceterms:Credential',
        targetCode: 'ceterms:isPartOf',
      },
      {
        targetName: 'Bērns',
        targetUrl: 'https://t.example/achievements/c',
        targetType: 'ceterms:Credential',
        targetCode: 'ceterms:hasPart',
      },
    ];
    const f = readCredentialFacts(c);
    assert.deepEqual(
      f.credits.map((x) => [x.value, x.system?.name]),
      [
        [3, 'ECTS'],
        [2, 'Latvijas kredītpunkti'],
      ],
    );
    assert.equal(f.hours, 80);
    assert.equal(f.qualityAssuranceBody?.name, 'IKVD');
    assert.equal(f.stackabilityMode?.code, 'stand-alone');
    assert.deepEqual(
      f.isPartOf.map((x) => x.name),
      ['Vecāks'],
    );
    assert.deepEqual(
      f.combines.map((x) => x.name),
      ['Bērns'],
    );
    assert.deepEqual(f.other, []);
  });
});

describe('verdictOf with warning-level checks', () => {
  it('a failing warning never turns a verified credential into anything else', () => {
    const warning = { id: 'endorsements', valid: false, severity: 'warning', detail: '' } as Check;
    const proof: Check = { id: 'proof', valid: true, detail: '' };
    assert.equal(verdictOf({ verified: true, checks: [proof, warning] }), 'verified');
    const revoked: Check = { id: 'status', valid: false, code: 'revoked', detail: '' };
    assert.equal(verdictOf({ verified: false, checks: [proof, warning, revoked] }), 'revoked');
  });
});
