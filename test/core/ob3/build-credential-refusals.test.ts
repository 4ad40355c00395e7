import assert from 'node:assert/strict';
import {
  buildOpenBadgeCredential,
  type BuildCredentialInput,
} from '../../../src/core/ob3/build-credential.js';
import { Ob3Error } from '../../../src/core/ob3/errors.js';
import { achievement, AWARDED, buildInput, learner } from '../../fixtures/ob3/records.js';

function rejectsWith(input: BuildCredentialInput, code: string, pointer: string): void {
  assert.throws(
    () => buildOpenBadgeCredential(input),
    (e: unknown) => e instanceof Ob3Error && e.code === code && e.pointer === pointer,
    `${code} at ${pointer}`,
  );
}

describe('core/ob3/build-credential refusals', () => {
  it('throws language-not-available with a pointer to each missing text', () => {
    const noLt = {
      ...achievement,
      description: { lv: 'apraksts', en: 'description' },
      learningOutcomes: [achievement.learningOutcomes[0]!, { text: { lv: 'rezultāts' } }],
    };
    try {
      buildOpenBadgeCredential({ ...buildInput('lt'), achievement: noLt });
      assert.fail('expected an error');
    } catch (e) {
      assert.ok(e instanceof Ob3Error);
      assert.equal(e.code, 'language-not-available');
      assert.equal(e.pointer, '/achievement/description/lt');
      assert.deepEqual(
        e.errors.map((x) => x.pointer),
        ['/achievement/description/lt', '/achievement/learningOutcomes/1/text/lt'],
      );
    }
    const blankTitle = { ...achievement, title: { ...achievement.title, lv: '  ' } };
    rejectsWith(
      { ...buildInput('lv'), achievement: blankTitle },
      'language-not-available',
      '/achievement/title/lv',
    );
  });

  it('refuses malformed injected values', () => {
    const input = buildInput('lv');
    rejectsWith({ ...input, credentialId: 'not-a-uuid' }, 'invalid-input', '/credentialId');
    rejectsWith({ ...input, salt: 'xyz' }, 'invalid-input', '/salt');
    rejectsWith({ ...input, salt: 'abcd' }, 'invalid-input', '/salt');
    rejectsWith({ ...input, publicUrl: 'tilts.example.lv' }, 'invalid-input', '/publicUrl');
    rejectsWith(
      { ...input, award: { ...input.award, language: 'de' as never } },
      'invalid-input',
      '/award/language',
    );
    rejectsWith(
      { ...input, award: { ...input.award, awardedDate: '30.06.2025' } },
      'invalid-input',
      '/award/awardedDate',
    );
    rejectsWith(
      { ...input, award: { ...input.award, awardedDate: '2025-02-30T25:00:00Z' } },
      'invalid-input',
      '/award/awardedDate',
    );
    for (const bad of ['2025-02-29T10:00:00Z', '2025-06-30T10:00:00', '2025-06-30T10:60:00Z', '2025-13-01']) {
      rejectsWith(
        { ...input, award: { ...input.award, awardedDate: bad } },
        'invalid-input',
        '/award/awardedDate',
      );
    }
    rejectsWith(
      { ...input, award: { ...input.award, validUntil: AWARDED } },
      'invalid-input',
      '/award/validUntil',
    );
    rejectsWith({ ...input, learner: { ...learner, did: 'not a did' } }, 'invalid-input', '/learner/did');
  });

  it('refuses an empty result; the grade scheme is the issuance plan’s rule, not checked again here', () => {
    const input = buildInput('lv');
    const outside = buildOpenBadgeCredential({
      ...input,
      award: { ...input.award, result: { value: '11' } },
    });
    assert.equal(outside.credentialSubject.result?.[0]?.value, '11');
    rejectsWith(
      { ...input, award: { ...input.award, result: { value: ' ' } } },
      'invalid-input',
      '/award/result/value',
    );
  });

  it('refuses unknown vocabulary keys with a pointer into the achievement', () => {
    const input = buildInput('lv');
    const cases: Array<[Partial<typeof achievement>, string]> = [
      [{ eqfLevel: 9 }, '/achievement/eqfLevel'],
      [{ nqfLevel: { framework: 'LT', level: 0 } }, '/achievement/nqfLevel'],
      [{ iscedField: '0614' }, '/achievement/iscedField'],
      [{ assessmentTypes: ['practical-assessment', 'exam'] }, '/achievement/assessmentTypes/1'],
      [{ participationForm: 'remote' }, '/achievement/participationForm'],
      [{ learningSetting: 'informal' }, '/achievement/learningSetting'],
      [{ qualityAssurance: { type: 'iso-9001' } }, '/achievement/qualityAssurance/type'],
      [{ supervision: 'proctored' as 'supervised-with-id-verification' }, '/achievement/supervision'],
      [
        { workload: { hours: 80, credits: { system: 'credits' as 'ects', value: 3 } } },
        '/achievement/workload/credits/system',
      ],
      [
        {
          learningOutcomes: [
            { text: achievement.learningOutcomes[0]!.text, escoSkills: ['https://esco.example/skill/1'] },
          ],
        },
        '/achievement/learningOutcomes/0/escoSkills/0',
      ],
    ];
    for (const [change, pointer] of cases) {
      rejectsWith(
        { ...input, achievement: { ...achievement, ...change } },
        'unknown-vocabulary-key',
        pointer,
      );
    }
  });
});
