import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { issuerDidWeb } from '../../../src/core/did/did-web.js';
import { buildOpenBadgeCredential } from '../../../src/core/ob3/build-credential.js';
import { validateOpenBadgeCredential } from '../../../src/core/ob3/validate.js';
import type { Alignment } from '../../../src/core/ob3/types.js';
import {
  achievement,
  AWARDED,
  buildInput,
  CREDENTIAL_ID,
  issuer,
  learner,
  PUBLIC_URL,
  SALT,
} from '../../fixtures/ob3/records.js';
import { achievementCredentialSchema, contextsOnlyLoader } from './support.js';

const schema = achievementCredentialSchema();
const documentLoader = contextsOnlyLoader();

function byType(alignments: Alignment[], targetType: string): Alignment[] {
  return alignments.filter((a) => a.targetType === targetType);
}

describe('core/ob3/build-credential', () => {
  for (const lang of ['lv', 'en', 'lt'] as const) {
    it(`builds a ${lang} credential that passes the purl schema, safe-mode expansion and the EU rules`, async () => {
      const credential = buildOpenBadgeCredential(buildInput(lang));
      assert.deepEqual(await validateOpenBadgeCredential(credential, { schema, documentLoader }), []);
      assert.equal(credential.credentialSubject.achievement.inLanguage, lang);
      assert.equal(credential.name, achievement.title[lang]);
    });
  }

  it('writes the fixed @context, type, ids, dates and credential schema', () => {
    const c = buildOpenBadgeCredential(buildInput('lv'));
    assert.deepEqual(c['@context'], [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
    ]);
    assert.deepEqual(c.type, ['VerifiableCredential', 'OpenBadgeCredential']);
    assert.equal(c.id, `${PUBLIC_URL}/credentials/${CREDENTIAL_ID}`);
    assert.equal(c.validFrom, AWARDED);
    assert.equal(c.awardedDate, AWARDED);
    assert.equal('validUntil' in c, false);
    assert.deepEqual(c.credentialSchema, [
      {
        id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json',
        type: '1EdTechJsonSchemaValidator2019',
      },
    ]);
    assert.deepEqual(c.image, { id: achievement.image, type: 'Image' });
  });

  it('embeds the issuer Profile with legal name, homepage, email, address, registration number and logo', () => {
    const { issuer: profile } = buildOpenBadgeCredential(buildInput('lt'));
    assert.deepEqual(profile, {
      id: issuerDidWeb(PUBLIC_URL, 'daugavas-tehnikums'),
      type: ['Profile'],
      name: 'Dauguvos technikumas',
      url: issuer.homepage,
      email: issuer.email,
      address: {
        type: ['Address'],
        addressCountry: 'Latvija',
        addressCountryCode: 'LV',
        addressRegion: 'Rīga',
      },
      otherIdentifier: [{ type: 'IdentifierEntry', identifier: '90000012345', identifierType: 'identifier' }],
      image: { id: issuer.logo, type: 'Image' },
    });
  });

  it('falls back en → lv → lt for the issuer name when it has none in the credential language', () => {
    const input = buildInput('lt');
    const c = buildOpenBadgeCredential({
      ...input,
      issuer: { ...issuer, legalName: { lv: 'Daugavas tehnikums' } },
    });
    assert.equal(c.issuer.name, 'Daugavas tehnikums');
    assert.equal(c.credentialSubject.achievement.creator.name, 'Daugavas tehnikums');
  });

  it('identifies the learner by salted email hash and clear-text name, and by DID when known', () => {
    const { credentialSubject: s } = buildOpenBadgeCredential(buildInput('lv'));
    const expected = createHash('sha256').update(`girts.kenins@example.lv${SALT}`).digest('hex');
    assert.equal(s.id, learner.did);
    assert.deepEqual(s.identifier, [
      {
        type: 'IdentityObject',
        identityHash: `sha256$${expected}`,
        identityType: 'emailAddress',
        hashed: true,
        salt: SALT,
      },
      { type: 'IdentityObject', identityHash: 'Ģirts Ķēniņš', identityType: 'name', hashed: false },
    ]);
    assert.equal(
      JSON.stringify(s).toLowerCase().includes(learner.email.toLowerCase()),
      false,
      'no clear-text email',
    );
  });

  it('omits the subject id without a DID and still passes the schema', async () => {
    const { did: _did, ...noDid } = learner;
    const c = buildOpenBadgeCredential({ ...buildInput('en'), learner: noDid });
    assert.equal('id' in c.credentialSubject, false);
    assert.deepEqual(await validateOpenBadgeCredential(c, { schema, documentLoader }), []);
  });

  it('builds one Achievement edition per language, linking the other editions as related', () => {
    const { achievement: a } = buildOpenBadgeCredential(buildInput('en')).credentialSubject;
    assert.equal(a.id, `${PUBLIC_URL}/achievements/ach_solar_pv/en`);
    assert.equal(a.achievementType, 'MicroCredential');
    assert.equal(a.creditsAvailable, 3);
    assert.equal(a.fieldOfStudy, 'Electricity and energy');
    assert.equal(a.version, '1.0');
    assert.deepEqual(a.creator, {
      id: issuerDidWeb(PUBLIC_URL, 'daugavas-tehnikums'),
      type: ['Profile'],
      name: 'Daugava Technical School',
    });
    assert.deepEqual(
      a.related?.map((r) => [r.id, r.inLanguage]),
      [
        [`${PUBLIC_URL}/achievements/ach_solar_pv/lv`, 'lv'],
        [`${PUBLIC_URL}/achievements/ach_solar_pv/lt`, 'lt'],
      ],
    );
  });

  it('lists only the editions that have every text', () => {
    const partial = { ...achievement, title: { lv: achievement.title.lv, en: achievement.title.en } };
    const { achievement: a } = buildOpenBadgeCredential({
      ...buildInput('lv'),
      achievement: partial,
    }).credentialSubject;
    assert.deepEqual(
      a.related?.map((r) => r.inLanguage),
      ['en'],
    );
  });

  it('writes the criteria text and the learning outcomes as a Markdown list in the narrative', () => {
    const { narrative } = buildOpenBadgeCredential(buildInput('lv')).credentialSubject.achievement.criteria;
    assert.ok(narrative.startsWith(achievement.criteria.lv ?? '-'));
    for (const outcome of achievement.learningOutcomes)
      assert.ok(narrative.includes(`\n- ${outcome.text.lv}`));
    assert.match(narrative, /\*\*Mācīšanās rezultāti\*\*/);
    assert.match(narrative, /80 st\. \(3 ECTS\)/);
  });

  it('aligns EQF, LQF, ISCED-F, ESCO skills, assessment, mode, setting, QA, supervision and stackability', () => {
    const { alignment } = buildOpenBadgeCredential(buildInput('en')).credentialSubject.achievement;
    const urls = (type: string) => byType(alignment, type).map((a) => a.targetUrl);
    assert.deepEqual(urls('ext:EQFLevel'), ['http://data.europa.eu/snb/eqf/4']);
    assert.deepEqual(urls('ext:NQFLevel'), ['http://data.europa.eu/snb/qdr/c_14b672c3']);
    assert.deepEqual(urls('ext:ISCEDF'), ['http://data.europa.eu/snb/isced-f/0713']);
    assert.equal(urls('ext:ESCOSkill').length, 2, 'one alignment per distinct ESCO skill');
    assert.deepEqual(urls('ext:AssessmentType'), [
      'http://data.europa.eu/snb/assessment/6a4db9f11d',
      'http://data.europa.eu/snb/assessment/6e6cb2cc78',
    ]);
    assert.deepEqual(urls('ext:ModeOfLearning'), [
      'http://data.europa.eu/snb/learning-assessment/e92d221e4d',
    ]);
    assert.deepEqual(urls('ext:LearningSetting'), ['http://data.europa.eu/snb/learning-setting/e207a81fc7']);
    assert.deepEqual(urls('ext:QualityAssurance'), ['http://data.europa.eu/snb/accreditation/bb4618238e']);
    assert.deepEqual(urls('ext:Supervision'), [
      `${PUBLIC_URL}/vocab/supervision/supervised-onsite-identity-verification`,
    ]);
    assert.deepEqual(byType(alignment, 'ext:IsPartOf'), [
      {
        type: ['Alignment'],
        targetName: 'Renewable energy technician',
        targetUrl: `${PUBLIC_URL}/achievements/ach_renewable_technician`,
        targetType: 'ext:IsPartOf',
      },
    ]);
    assert.equal(
      byType(alignment, 'ext:EQFLevel')[0]?.targetFramework,
      'European Qualifications Framework (EQF)',
    );
    assert.equal(
      byType(alignment, 'ext:QualityAssurance')[0]?.targetDescription,
      'Institution accredited until 2029',
    );
    for (const a of alignment) assert.match(a.targetType ?? '', /^ext:[A-Za-z]+$/);
  });

  it('links the result to the grade scheme and records credits earned and the activity end date', () => {
    const { credentialSubject: s } = buildOpenBadgeCredential(buildInput('lv'));
    const [description] = s.achievement.resultDescription ?? [];
    assert.equal(description?.id, `${PUBLIC_URL}/achievements/ach_solar_pv/lv#result`);
    assert.equal(description?.name, '10 ballu skala');
    assert.equal(description?.requiredValue, '4');
    assert.deepEqual(s.result, [{ type: ['Result'], value: '9', resultDescription: description?.id }]);
    assert.equal(s.creditsEarned, 3);
    assert.equal(s.activityEndDate, AWARDED);
  });

  it('omits result, grade scheme, image, related and optional alignments when the records have none', async () => {
    const {
      gradeScheme: _g,
      image: _i,
      supervision: _s,
      nqfLevel: _n,
      stackability: _st,
      learningSetting: _l,
      ...bare
    } = achievement;
    const enOnly = { ...bare, title: { en: 'Solar PV panel installation' } };
    const c = buildOpenBadgeCredential({
      ...buildInput('en'),
      achievement: enOnly,
      award: { language: 'en', awardedDate: AWARDED },
    });
    const a = c.credentialSubject.achievement;
    for (const key of ['resultDescription', 'image', 'related'] as const) assert.equal(key in a, false, key);
    assert.equal('result' in c.credentialSubject, false);
    assert.equal('image' in c, false);
    for (const t of ['ext:NQFLevel', 'ext:Supervision', 'ext:IsPartOf', 'ext:LearningSetting']) {
      assert.deepEqual(byType(a.alignment, t), [], t);
    }
    assert.deepEqual(await validateOpenBadgeCredential(c, { schema, documentLoader }), []);
  });

  it('uses validFrom and validUntil when given and passes credentialStatus through as a copy', () => {
    const status = {
      id: `${PUBLIC_URL}/status/1#42`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '42',
      statusListCredential: `${PUBLIC_URL}/status/1`,
    };
    const input = { ...buildInput('lv'), validFrom: '2025-07-01T00:00:00.000Z', credentialStatus: status };
    input.award = { ...input.award, validUntil: new Date('2030-06-30T00:00:00Z') };
    const c = buildOpenBadgeCredential(input);
    assert.equal(c.validFrom, '2025-07-01T00:00:00Z');
    assert.equal(c.validUntil, '2030-06-30T00:00:00Z');
    assert.equal(c.awardedDate, AWARDED);
    assert.deepEqual(c.credentialStatus, status);
    assert.notEqual(c.credentialStatus, status);
  });

  it('is deterministic and leaves its input untouched', () => {
    const input = buildInput('lv');
    const before = structuredClone(input);
    assert.deepEqual(buildOpenBadgeCredential(input), buildOpenBadgeCredential(input));
    assert.deepEqual(input, before);
  });
});
