import assert from 'node:assert/strict';
import { certificateFacts } from '../../../src/core/certificate/facts.js';
import { buildOpenBadgeCredential } from '../../../src/core/ob3/build-credential.js';
import { achievement, buildInput, learner } from '../../fixtures/ob3/records.js';

type Doc = Record<string, unknown>;
const build = (lang: 'lv' | 'en' | 'lt') => buildOpenBadgeCredential(buildInput(lang)) as unknown as Doc;

describe('core/certificate certificateFacts', () => {
  for (const lang of ['lv', 'en', 'lt'] as const) {
    it(`reads every EU element of a ${lang} credential from the credential itself`, () => {
      const facts = certificateFacts(build(lang));
      assert.equal(facts.language, lang);
      assert.equal(facts.title, achievement.title[lang]);
      assert.equal(facts.learnerName, `${learner.givenName} ${learner.familyName}`);
      assert.deepEqual(
        facts.outcomes,
        achievement.learningOutcomes.map((o) => o.text[lang]?.replace(/\s*\n\s*/g, ' ').trim()),
      );
      assert.deepEqual(facts.credits, { value: achievement.ectsCredits, system: 'ECTS' });
      assert.equal(facts.hours, achievement.notionalHours);
      assert.match(String(facts.eqf), new RegExp(String(achievement.eqfLevel)));
      assert.equal(facts.assessment.length, achievement.assessmentTypes.length);
      for (const key of ['participation', 'qualityAssurance', 'field', 'issuerName', 'awardedDate'] as const)
        assert.ok(facts[key], `${key} is read`);
    });
  }

  it('prefers richer alignments: a credit system and a machine-readable workload', () => {
    const credential = build('en');
    const subject = credential.credentialSubject as Doc;
    const ach = subject.achievement as Doc & { alignment: Doc[] };
    ach.alignment.push(
      {
        type: ['Alignment'],
        targetName: 'ECVET',
        targetUrl: 'http://data.europa.eu/snb/education-credit/60b314e826',
        targetType: 'ext:CreditSystem',
      },
      {
        type: ['Alignment'],
        targetName: 'Notional workload',
        targetUrl: 'https://example.org/workload',
        targetType: 'ext:NotionalWorkload',
        targetCode: 'PT40H',
      },
    );
    const facts = certificateFacts(credential);
    assert.deepEqual(facts.credits, { value: achievement.ectsCredits, system: 'ECVET' });
    assert.equal(facts.hours, 40);
  });

  it('leaves out what a credential does not state, inventing nothing', () => {
    const facts = certificateFacts({ id: 'urn:uuid:x', issuer: 'did:key:z6Mk', credentialSubject: {} });
    assert.deepEqual(facts, {
      language: 'en',
      credentialId: 'urn:uuid:x',
      issuerName: 'did:key:z6Mk',
      title: '',
      outcomes: [],
      assessment: [],
    });
  });
});
