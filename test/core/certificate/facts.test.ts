import assert from 'node:assert/strict';
import { certificateFacts, readCredentialFacts } from '../../../src/core/certificate/facts.js';
import { buildOpenBadgeCredential } from '../../../src/core/ob3/build-credential.js';
import { achievementFacts } from '../../../src/core/verify/facts.js';
import { achievement, buildInput, issuer, learner } from '../../fixtures/ob3/records.js';
import { legacyCredential } from './legacy-credential.js';

type Doc = Record<string, unknown>;
const build = (lang: 'lv' | 'en' | 'lt') => buildOpenBadgeCredential(buildInput(lang)) as unknown as Doc;

describe('core/certificate readCredentialFacts', () => {
  for (const lang of ['lv', 'en', 'lt'] as const) {
    it(`reads a ${lang} credential: the envelope around the verifier's own reading of the achievement`, () => {
      const credential = build(lang);
      const facts = certificateFacts(credential);
      const subject = credential.credentialSubject as Doc;
      assert.deepEqual(facts.achievement, achievementFacts(subject), 'one reader: the verify summary’s');
      assert.equal(facts.language, lang);
      assert.equal(facts.title, achievement.title[lang]);
      assert.equal(facts.learner, `${learner.givenName} ${learner.familyName}`);
      assert.equal(facts.issuerName, issuer.legalName[lang]);
      assert.equal(facts.credentialId, credential.id);
      assert.deepEqual(facts.grade, {
        value: '9',
        scheme: achievement.gradeScheme?.name[lang],
        required: '4',
      });
      assert.equal(facts.image, achievement.image);
      assert.equal(facts.criteria, achievement.criteria[lang], 'the criteria without the labelled parts');
      assert.match(String(facts.workloadStatement), /^80 /);
    });
  }

  it('reads credentials issued before versioned definitions: hours from the narrative, legacy stackability and supervision', () => {
    const f = readCredentialFacts(legacyCredential());
    assert.equal(f.learner, 'Ģirts Ķēniņš');
    assert.deepEqual(f.issuer, {
      id: 'https://tilts.example/issuers/rvt',
      name: 'Rīgas Valsts tehnikums',
      website: 'https://www.rvt.lv',
      country: 'Latvija',
      region: 'Rīga',
    });
    assert.equal(f.awarded, '2026-02-27T10:00:00Z');
    assert.deepEqual(f.grade, { value: '8', scheme: '10 ballu skala', required: '4' });
    assert.deepEqual(f.achievement?.workload, { hours: 80, credits: [], creditsAvailable: 3 });
    assert.equal(f.workloadStatement, '80 st. (3 ECTS)');
    assert.deepEqual(f.achievement?.learningOutcomes, [
      {
        text: 'Izveido saturu.',
        escoSkills: ['http://data.europa.eu/esco/skill/5fd5c985-eaaa-47aa-8314-62359c54505a'],
      },
      { text: 'Sadarbojas komandā.', escoSkills: [] },
    ]);
    assert.equal(f.criteria, 'Praktiskais darbs.');
    assert.equal(f.achievement?.prerequisites, 'Datora pamati.');
    assert.equal(
      f.achievement?.supervision?.url,
      'https://tilts.example/vocab/supervision/supervised-online-identity-verification',
    );
    assert.deepEqual(f.achievement?.stackability?.isPartOf, [
      { url: 'https://tilts.example/achievements/9', name: 'https://tilts.example/achievements/9' },
    ]);
    assert.deepEqual(f.achievement?.otherAlignments, [], 'every alignment Tilts wrote is recognised');
  });

  it('tolerates a bare VC: what is not stated is left out, nothing throws', () => {
    const f = readCredentialFacts({ issuer: 'did:key:z6Mk', credentialSubject: { id: 'did:example:1' } });
    assert.deepEqual(f, { issuer: { id: 'did:key:z6Mk' } });
    assert.doesNotThrow(() => readCredentialFacts({ credentialSubject: [null, 'x', { achievement: 7 }] }));
    assert.deepEqual(certificateFacts({ id: 'urn:uuid:x', issuer: 'did:key:z6Mk', credentialSubject: {} }), {
      issuer: { id: 'did:key:z6Mk' },
      id: 'urn:uuid:x',
      language: 'en',
      credentialId: 'urn:uuid:x',
      title: '',
      issuerName: 'did:key:z6Mk',
    });
  });

  it('never reads the hashed e-mail as a name', () => {
    const c = legacyCredential();
    (c.credentialSubject as Doc).identifier = [
      { identityType: 'emailAddress', hashed: true, identityHash: 'sha256$abc' },
      { identityType: 'name', hashed: true, identityHash: 'sha256$def' },
    ];
    assert.equal(readCredentialFacts(c).learner, undefined);
  });
});
