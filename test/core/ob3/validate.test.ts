import assert from 'node:assert/strict';
import { buildOpenBadgeCredential } from '../../../src/core/ob3/build-credential.js';
import { checkEuMandatoryElements } from '../../../src/core/ob3/eu-record-rules.js';
import type { ValidationIssue } from '../../../src/core/ob3/validate.js';
import { createOpenBadgeValidator, validateOpenBadgeCredential } from '../../../src/core/ob3/validate.js';
import type { AchievementRecord } from '../../../src/core/types.js';
import { achievement, buildInput } from '../../fixtures/ob3/records.js';
import {
  achievementCredentialSchema,
  contextsOnlyLoader,
  getAt,
  obTestVector,
  removeAt,
  setAt,
} from './support.js';

const schema = achievementCredentialSchema();
const documentLoader = contextsOnlyLoader();
type Doc = Record<string, unknown>;
const ACH = '/credentialSubject/achievement';

function credential(): Doc {
  return structuredClone(buildOpenBadgeCredential(buildInput('lv')));
}

async function issuesOf(doc: unknown, euRules = true): Promise<ValidationIssue[]> {
  return validateOpenBadgeCredential(doc, { schema, documentLoader, euRules });
}

function codesAt(issues: ValidationIssue[]): string[] {
  return issues.map((i) => `${i.code} ${i.pointer}`);
}

describe('core/ob3/validate', () => {
  it('finds nothing wrong with a built credential, and the bound validator agrees', async () => {
    const doc = credential();
    assert.deepEqual(await issuesOf(doc), []);
    assert.deepEqual(await createOpenBadgeValidator({ schema, documentLoader })(doc), []);
  });

  it('accepts the spec’s signed test vector as an OB 3.0 credential (EU rules off)', async () => {
    assert.deepEqual(await issuesOf(obTestVector().signedCredential, false), []);
  });

  it('reports purl-schema violations with the pointer of the offending value', async () => {
    const doc = credential();
    setAt(doc, `${ACH}/alignment/0/targetType`, 'EQF');
    setAt(doc, '/validFrom', 'yesterday');
    removeAt(doc, `${ACH}/criteria`);
    const found = codesAt(await issuesOf(doc));
    assert.ok(
      found.includes('json-schema /credentialSubject/achievement/alignment/0/targetType'),
      found.join('\n'),
    );
    assert.ok(found.includes('json-schema /validFrom'), found.join('\n'));
    assert.ok(found.includes('json-schema /credentialSubject/achievement'), found.join('\n'));
  });

  it('reports a missing required top-level property', async () => {
    const doc = credential();
    removeAt(doc, '/credentialSubject');
    const issues = await issuesOf(doc, false);
    assert.ok(
      issues.some((i) => i.code === 'json-schema' && i.pointer === '' && /credentialSubject/.test(i.detail)),
    );
  });

  it('reports terms the contexts do not define (safe mode), e.g. an ad-hoc ECTS or a language map', async () => {
    const doc = credential();
    setAt(doc, `${ACH}/ECTS`, 3);
    setAt(doc, '/name', { lv: 'Saules paneļi', en: 'Solar panels' });
    const jsonLd = (await issuesOf(doc)).filter((i) => i.code === 'jsonld-safe-mode');
    assert.deepEqual(jsonLd.map((i) => i.pointer).sort(), [
      '/credentialSubject/achievement/ECTS',
      '/name/en',
      '/name/lv',
    ]);
  });

  it('reports a context the service does not hold', async () => {
    const doc = credential();
    (getAt(doc, '/@context') as string[]).push('https://example.org/unknown-context.json');
    const issues = await issuesOf(doc);
    assert.deepEqual(
      issues.map((i) => [i.code, i.pointer]),
      [['jsonld-context', '/@context']],
    );
  });

  const euCases: Array<[string, (doc: Doc) => void, string, string]> = [
    [
      'a credential without EQF alignment',
      (d) => dropAlignment(d, 'ext:EQFLevel'),
      'eu-eqf-level-missing',
      '/credentialSubject/achievement/alignment',
    ],
    [
      'a credential without assessment alignments',
      (d) => dropAlignment(d, 'ext:AssessmentType'),
      'eu-assessment-type-missing',
      '/credentialSubject/achievement/alignment',
    ],
    [
      'a credential without mode alignment',
      (d) => dropAlignment(d, 'ext:ModeOfLearning'),
      'eu-participation-form-missing',
      '/credentialSubject/achievement/alignment',
    ],
    [
      'a credential without quality-assurance alignment',
      (d) => dropAlignment(d, 'ext:QualityAssurance'),
      'eu-quality-assurance-missing',
      '/credentialSubject/achievement/alignment',
    ],
    [
      'an achievement with neither hours nor credits',
      (d) => {
        removeAt(d, `${ACH}/creditsAvailable`);
        dropAlignment(d, 'ext:VolumeOfLearning');
        dropAlignment(d, 'ext:CreditPoints');
      },
      'eu-workload-missing',
      '/credentialSubject/achievement/alignment',
    ],
    [
      'a narrative without an outcomes list',
      (d) => setAt(d, `${ACH}/criteria/narrative`, 'Pass the exam.'),
      'eu-learning-outcomes-missing',
      '/credentialSubject/achievement/criteria/narrative',
    ],
    [
      'an issuer without address',
      (d) => removeAt(d, '/issuer/address'),
      'eu-issuer-country-missing',
      '/issuer/address/addressCountryCode',
    ],
    [
      'a lower-case country code',
      (d) => setAt(d, '/issuer/address/addressCountryCode', 'lv'),
      'eu-issuer-country-missing',
      '/issuer/address/addressCountryCode',
    ],
    [
      'an issuer without name',
      (d) => removeAt(d, '/issuer/name'),
      'eu-awarding-body-missing',
      '/issuer/name',
    ],
  ];

  function dropAlignment(doc: Doc, targetType: string): void {
    const alignment = getAt(doc, `${ACH}/alignment`) as Array<{ targetType?: string }>;
    setAt(
      doc,
      `${ACH}/alignment`,
      alignment.filter((a) => a.targetType !== targetType),
    );
  }

  for (const [what, change, code, pointer] of euCases) {
    it(`reports only ${code} for ${what}`, async () => {
      const doc = credential();
      change(doc);
      assert.deepEqual(codesAt(await issuesOf(doc)), [`${code} ${pointer}`]);
      assert.deepEqual(await issuesOf(doc, false), []);
    });
  }

  it('reports an EQF alignment that points at an unknown level as missing', async () => {
    const doc = credential();
    setAt(doc, `${ACH}/alignment/0/targetUrl`, 'http://data.europa.eu/snb/eqf/9');
    assert.deepEqual(codesAt(await issuesOf(doc)), [
      'eu-eqf-level-missing /credentialSubject/achievement/alignment',
    ]);
  });

  it('reports a learner identified by nothing', async () => {
    const doc = credential();
    removeAt(doc, '/credentialSubject/id');
    removeAt(doc, '/credentialSubject/identifier');
    assert.deepEqual(codesAt(await issuesOf(doc)), ['eu-learner-missing /credentialSubject']);
  });

  it('reports a non-object credential without throwing', async () => {
    const issues = await issuesOf('not a credential');
    assert.ok(issues.some((i) => i.code === 'json-schema'));
    assert.ok(issues.some((i) => i.code === 'not-an-object'));
  });
});

describe('core/ob3/eu-record-rules checkEuMandatoryElements', () => {
  function check(change: Partial<AchievementRecord>): string[] {
    return codesAt(checkEuMandatoryElements({ ...achievement, ...change }));
  }

  it('accepts the fixture micro-credential', () => {
    assert.deepEqual(checkEuMandatoryElements(achievement), []);
  });

  it('reports each missing or invalid mandatory element with a pointer into the record', () => {
    const cases: Array<[Partial<AchievementRecord>, string]> = [
      [{ title: {} }, 'eu-title-missing /title'],
      [{ title: { lv: ' ' } }, 'eu-title-missing /title'],
      [{ description: {} }, 'description-missing /description'],
      [{ criteria: {} }, 'criteria-missing /criteria'],
      [{ learningOutcomes: [] }, 'eu-learning-outcomes-missing /learningOutcomes'],
      [{ learningOutcomes: [{ text: {} }] }, 'eu-learning-outcomes-missing /learningOutcomes/0/text'],
      [
        { learningOutcomes: [{ text: { en: 'x' }, escoSkills: ['esco:1'] }] },
        'esco-skill-invalid /learningOutcomes/0/escoSkills/0',
      ],
      [
        { workload: { hours: 80, credits: { system: 'ects', value: 0 } } },
        'eu-credits-missing /workload/credits/value',
      ],
      [{ workload: { hours: Number.NaN } }, 'eu-workload-missing /workload/hours'],
      [
        { workload: { hours: 80, credits: { system: 'ects-like' as 'ects', value: 3 } } },
        'credit-system-invalid /workload/credits/system',
      ],
      [
        { qualityAssurance: { type: 'program-license', body: { name: { en: 'Agency' }, country: 'LV' } } },
        'organisation-invalid /qualityAssurance/body',
      ],
      [
        { awardingBody: { name: {}, country: 'LV', url: 'https://rtu.lv' } },
        'organisation-invalid /awardingBody/name',
      ],
      [{ eqfLevel: 0 }, 'eu-eqf-level-invalid /eqfLevel'],
      [{ nqfLevel: { framework: 'LV', level: 9 } }, 'eu-nqf-level-invalid /nqfLevel'],
      [{ iscedField: '9998' }, 'isced-field-invalid /iscedField'],
      [{ assessmentTypes: [] }, 'eu-assessment-type-missing /assessmentTypes'],
      [{ assessmentTypes: ['quiz', 'exam'] }, 'eu-assessment-type-invalid /assessmentTypes/1'],
      [{ participationForm: 'hybrid' }, 'eu-participation-form-invalid /participationForm'],
      [{ learningSetting: 'informal' }, 'learning-setting-invalid /learningSetting'],
      [{ qualityAssurance: { type: '' } }, 'eu-quality-assurance-invalid /qualityAssurance/type'],
      [{ supervision: 'none' as 'supervised-with-id-verification' }, 'eu-supervision-invalid /supervision'],
    ];
    for (const [change, expected] of cases) assert.deepEqual(check(change), [expected], expected);
  });

  it('reports an achievement whose texts never line up in one language', () => {
    const found = check({ title: { lv: 'Nosaukums' }, description: { en: 'Description' } });
    assert.deepEqual(found, ['no-complete-language ']);
  });
});
