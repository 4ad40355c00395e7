import assert from 'node:assert/strict';
import { checkSafeExpansion } from '../../src/core/jsonld/safe-expand.js';
import { checkJsonSchema } from '../../src/core/ob3/validate.js';
import { createIssuer, example, startTestApp, type IssuerFixture, type TestApp } from '../helpers/app.js';
import { asIssuer } from '../helpers/as-issuer.js';
import { assertProblem, assertStoreUnchanged } from '../helpers/problem.js';
import { ob3Schema, publishedLoader } from '../helpers/published.js';

type Body = Record<string, unknown>;
const BASE = '/api/v1/achievements';

describe('workload in the system it counts in, through issuing and verifying', () => {
  let t: TestApp;
  let issuer: IssuerFixture;
  let learnerId: string;
  const api = () => asIssuer(t, issuer);

  before(async () => {
    t = await startTestApp('achievements_workload');
    issuer = await createIssuer(t);
    learnerId = (await api().post('/api/v1/learners', example('learner-create.json')).expect(201)).body.id;
  });
  after(() => t.close());

  const workloads: Array<[string, Body, number | undefined]> = [
    ['hours only', { hours: 40 }, undefined],
    ['a Latvian VET credit unit', { hours: 120, credits: { system: 'lv-vet', value: 3 } }, undefined],
    ['ECTS', { hours: 80, credits: { system: 'ects', value: 3 } }, 3],
  ];

  for (const [what, workload, ects] of workloads) {
    it(`${what}: validates, issues valid OB 3.0 and comes back unchanged in the verify summary`, async () => {
      const created = await api()
        .post(BASE, { ...example('achievement-create.json'), workload })
        .expect(201);
      assert.deepEqual(created.body.workload, workload);
      const issued = await api()
        .post('/api/v1/credentials', { achievementId: created.body.id, learnerId, language: 'en' })
        .expect(201);
      const { credential } = issued.body;
      assert.deepEqual(checkJsonSchema(credential, ob3Schema()), []);
      assert.deepEqual(await checkSafeExpansion(credential, publishedLoader(t)), []);
      assert.equal(credential.credentialSubject.achievement.creditsAvailable, ects);
      assert.equal(credential.credentialSubject.creditsEarned, ects);

      const verified = await t.http
        .post('/credentials/verify')
        .send({ verifiableCredential: credential })
        .expect(200);
      const summary = verified.body.summary.achievement.workload;
      const credits = workload.credits as { system: string; value: number } | undefined;
      assert.deepEqual(
        {
          hours: summary.hours,
          ...(summary.credits.length
            ? { credits: { system: summary.credits[0].system, value: summary.credits[0].value } }
            : {}),
        },
        workload,
      );
      assert.equal(summary.credits.length, credits ? 1 : 0);
      assert.deepEqual(verified.body.summary.achievement.missingEuElements, []);
      const eu = verified.body.checks.find((c: Body) => c.id === 'eu-elements');
      assert.deepEqual([eu.valid, eu.severity], [true, 'warning']);
    });
  }

  const renamed: Array<[string, Body, string, RegExp]> = [
    ['ectsCredits', { ectsCredits: 3 }, '/ectsCredits', /\/workload\/credits/],
    ['notionalHours', { notionalHours: 80 }, '/notionalHours', /\/workload\/hours/],
    ['version', { version: '1.1' }, '/version', /numbered by the service/],
    [
      'a supervision key from before the EU scheme',
      { supervision: 'supervised-onsite-identity-verification' },
      '/supervision',
      /"supervised-with-id-verification"/,
    ],
  ];
  for (const [what, field, pointer, names] of renamed) {
    it(`answers ${what} with a 400 that names its replacement, on create and on change, storing nothing`, async () => {
      const existing = (await api().post(BASE, example('achievement-create.json')).expect(201)).body.id;
      const responses = await assertStoreUnchanged(t, async () => [
        await api().post(BASE, { ...example('achievement-create.json'), ...field }),
        await api().patch(`${BASE}/${existing}`, field),
      ]);
      for (const res of responses) {
        const [error] = assertProblem(res, 400, 'invalid-request', [pointer]);
        assert.match(error?.detail ?? '', names);
      }
    });
  }
});
