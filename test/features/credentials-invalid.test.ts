import assert from 'node:assert/strict';
import {
  bearer,
  createIssuer,
  example,
  snapshot,
  startTestApp,
  type IssuerFixture,
  type TestApp,
} from '../helpers/app.js';
import { assertProblem } from '../helpers/problem.js';

describe('POST /api/v1/credentials — refused requests store nothing', () => {
  let t: TestApp;
  let a: IssuerFixture;
  let b: IssuerFixture;
  const ids: Record<string, string> = {};

  const create = async (issuer: IssuerFixture, path: string, body: Record<string, unknown>) =>
    (
      await t.http
        .post(path)
        .set(...bearer(issuer.apiKey))
        .send(body)
        .expect(201)
    ).body.id as string;

  before(async () => {
    t = await startTestApp('credentials_invalid');
    a = await createIssuer(t);
    b = await createIssuer(t);
    ids.achievement = await create(a, '/api/v1/achievements', example('achievement-create.json'));
    ids.lvOnly = await create(a, '/api/v1/achievements', lvOnly(example('achievement-create.json')));
    ids.archived = await create(a, '/api/v1/achievements', example('achievement-create.json'));
    await t.http
      .post(`/api/v1/achievements/${ids.archived}/archive`)
      .set(...bearer(a.apiKey))
      .expect(200);
    ids.learner = await create(a, '/api/v1/learners', example('learner-create.json'));
    const { did: _did, ...noDid } = example('learner-create.json');
    ids.noDid = await create(a, '/api/v1/learners', { ...noDid, email: 'bez.did@example.lv' });
    ids.otherLearner = await create(b, '/api/v1/learners', example('learner-create.json'));
    ids.otherAchievement = await create(b, '/api/v1/achievements', example('achievement-create.json'));
    // a definition stored before the EU rules were enforced: no quality assurance
    ids.legacy = await create(a, '/api/v1/achievements', example('achievement-create.json'));
    await t.deps.store.connection
      .collection('achievements')
      .updateOne({ _id: ids.legacy } as never, { $unset: { qualityAssurance: '' } });
  });
  after(() => t.close());

  const cases: Array<[string, () => Record<string, unknown>, number, string, string]> = [
    [
      'unknown achievement',
      () => ({
        achievementId: '00000000-0000-4000-8000-000000000000',
        learnerId: ids.learner,
        language: 'lv',
      }),
      422,
      'unprocessable-entity',
      '/achievementId',
    ],
    [
      "another issuer's achievement",
      () => ({ achievementId: ids.otherAchievement, learnerId: ids.learner, language: 'lv' }),
      422,
      'unprocessable-entity',
      '/achievementId',
    ],
    [
      "another issuer's learner",
      () => ({ achievementId: ids.achievement, learnerId: ids.otherLearner, language: 'lv' }),
      422,
      'unprocessable-entity',
      '/learnerId',
    ],
    [
      'archived achievement',
      () => ({ achievementId: ids.archived, learnerId: ids.learner, language: 'lv' }),
      422,
      'unprocessable-entity',
      '/achievementId',
    ],
    [
      'language the achievement lacks',
      () => ({ achievementId: ids.lvOnly, learnerId: ids.learner, language: 'en' }),
      422,
      'language-not-available',
      '/language',
    ],
    [
      'JWT without a learner DID',
      () => ({ achievementId: ids.achievement, learnerId: ids.noDid, language: 'lv', format: 'ob3-jwt' }),
      422,
      'learner-did-required',
      '/learnerId',
    ],
    [
      'JWT for an inline learner without DID',
      () => ({
        achievementId: ids.achievement,
        learner: { givenName: 'Žemaitė', familyName: 'Ąžuolaitė', email: 'zemaite@example.lt' },
        language: 'lv',
        format: 'ob3-jwt',
      }),
      422,
      'learner-did-required',
      '/learner/did',
    ],
    [
      'missing EU element in the stored definition',
      () => ({ achievementId: ids.legacy, learnerId: ids.learner, language: 'lv' }),
      422,
      'credential-invalid',
      '/achievementId',
    ],
    [
      'grade outside the scheme',
      () => ({
        achievementId: ids.achievement,
        learnerId: ids.learner,
        language: 'lv',
        result: { value: 'A+' },
      }),
      422,
      'unprocessable-entity',
      '/result/value',
    ],
    [
      'awarded in the future',
      () => ({
        achievementId: ids.achievement,
        learnerId: ids.learner,
        language: 'lv',
        awardedDate: '2999-01-01T00:00:00Z',
      }),
      422,
      'unprocessable-entity',
      '/awardedDate',
    ],
    [
      'validUntil before awardedDate',
      () => ({
        achievementId: ids.achievement,
        learnerId: ids.learner,
        language: 'lv',
        awardedDate: '2026-01-02T00:00:00Z',
        validUntil: '2026-01-01T00:00:00Z',
      }),
      422,
      'unprocessable-entity',
      '/validUntil',
    ],
    [
      'both learnerId and learner',
      () => ({
        achievementId: ids.achievement,
        learnerId: ids.learner,
        learner: example('learner-create.json'),
        language: 'lv',
      }),
      400,
      'invalid-request',
      '/learnerId',
    ],
    [
      'neither learnerId nor learner',
      () => ({ achievementId: ids.achievement, language: 'lv' }),
      400,
      'invalid-request',
      '/learnerId',
    ],
    [
      'unknown format',
      () => ({ achievementId: ids.achievement, learnerId: ids.learner, language: 'lv', format: 'ob2' }),
      400,
      'invalid-request',
      '/format',
    ],
    [
      'unknown field',
      () => ({ achievementId: ids.achievement, learnerId: ids.learner, language: 'lv', recipient: 'x' }),
      400,
      'invalid-request',
      '/recipient',
    ],
    [
      'malformed achievement id',
      () => ({ achievementId: 'abc', learnerId: ids.learner, language: 'lv' }),
      400,
      'invalid-request',
      '/achievementId',
    ],
  ];

  for (const [name, body, status, code, pointer] of cases) {
    it(`${name} → ${status} ${code} and the store is unchanged`, async () => {
      const before = await snapshot(t);
      const res = await t.http
        .post('/api/v1/credentials')
        .set(...bearer(a.apiKey))
        .send(body())
        .expect(status);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.equal(res.body.code, code);
      if (pointer)
        assert.ok(
          res.body.errors.some((e: { pointer: string }) => e.pointer === pointer),
          JSON.stringify(res.body.errors),
        );
      else assert.ok(res.body.errors.length > 0);
      assert.equal(await snapshot(t), before);
    });
  }

  /**
   * A definition stored before a rule held (changed in the store, past the API's checks on write): the
   * issuance plan checks each rule once and answers with one code, pointing into the request; the
   * credential builder's own checks of the same values (unknown-vocabulary-key, language-not-available
   * at /achievement/…) never answer.
   */
  const storedAs = async (change: { $set?: object; $unset?: object }): Promise<string> => {
    const id = await create(a, '/api/v1/achievements', example('achievement-create.json'));
    await t.deps.store.connection.collection('achievements').updateOne({ _id: id } as never, change);
    return id;
  };
  const RECORD_RULES: Array<[string, object]> = [
    ['an EQF level outside 1–8', { eqfLevel: 9 }],
    ['an unknown national framework level', { nqfLevel: { framework: 'LT', level: 0 } }],
    ['an unknown ISCED-F field', { iscedField: '0614' }],
    ['an unknown type of assessment', { assessmentTypes: ['practical-assessment', 'exam'] }],
    ['an unknown form of participation', { participationForm: 'remote' }],
    ['an unknown learning setting', { learningSetting: 'informal' }],
    ['an unknown quality assurance type', { 'qualityAssurance.type': 'iso-9001' }],
    ['an unknown supervision', { supervision: 'proctored' }],
    ['an unknown credit system', { 'workload.credits.system': 'credits' }],
    ['a skill that is no ESCO URI', { 'learningOutcomes.0.escoSkills': ['https://esco.example/skill/1'] }],
  ];
  for (const [what, $set] of RECORD_RULES)
    it(`a stored definition with ${what} → 422 credential-invalid at /achievementId, and the store is unchanged`, async () => {
      const achievementId = await storedAs({ $set });
      const before = await snapshot(t);
      const res = await t.http
        .post('/api/v1/credentials')
        .set(...bearer(a.apiKey))
        .send({ achievementId, learnerId: ids.learner, language: 'lv' });
      assertProblem(res, 422, 'credential-invalid', ['/achievementId']);
      assert.equal(await snapshot(t), before);
    });

  it('a stored definition whose "en" edition lacks a text the title promises → 422 language-not-available at /language, nothing stored', async () => {
    const achievementId = await storedAs({ $unset: { 'description.en': '' } });
    const before = await snapshot(t);
    const res = await t.http
      .post('/api/v1/credentials')
      .set(...bearer(a.apiKey))
      .send({ achievementId, learnerId: ids.learner, language: 'en' });
    assertProblem(res, 422, 'language-not-available', ['/language']);
    assert.match(res.body.errors[0].detail, /\/description\/en/);
    assert.equal(await snapshot(t), before);
    await t.http
      .post('/api/v1/credentials')
      .set(...bearer(a.apiKey))
      .send({ achievementId, learnerId: ids.learner, language: 'lv' })
      .expect(201);
  });

  it('registers an inline learner on the fly, once, and matches them by email afterwards', async () => {
    const learner = {
      givenName: 'Žemaitė',
      familyName: 'Ąžuolaitė',
      email: 'zemaite.inline@example.lt',
      preferredLanguage: 'lt',
    };
    const first = await t.http
      .post('/api/v1/credentials')
      .set(...bearer(a.apiKey))
      .send({ achievementId: ids.achievement, learner, language: 'lv' })
      .expect(201);
    const second = await t.http
      .post('/api/v1/credentials')
      .set(...bearer(a.apiKey))
      .send({ achievementId: ids.achievement, learner, language: 'en' })
      .expect(201);
    assert.equal(first.body.learnerId, second.body.learnerId);
    const stored = await t.http
      .get(`/api/v1/learners/${first.body.learnerId}`)
      .set(...bearer(a.apiKey))
      .expect(200);
    assert.equal(stored.body.familyName, 'Ąžuolaitė');
  });

  it("lists only the caller's credentials, filtered by learner, achievement and date", async () => {
    await t.http
      .post('/api/v1/credentials')
      .set(...bearer(a.apiKey))
      .send({
        achievementId: ids.achievement,
        learnerId: ids.learner,
        language: 'lv',
        awardedDate: '2026-03-01T00:00:00Z',
      })
      .expect(201);
    const mine = await t.http
      .get(`/api/v1/credentials?learnerId=${ids.learner}&from=2026-02-01T00:00:00Z&to=2026-04-01T00:00:00Z`)
      .set(...bearer(a.apiKey))
      .expect(200);
    assert.equal(mine.body.total, 1);
    assert.equal(mine.body.items[0].learnerId, ids.learner);
    const theirs = await t.http
      .get('/api/v1/credentials')
      .set(...bearer(b.apiKey))
      .expect(200);
    assert.equal(theirs.body.total, 0);
    await t.http
      .get(`/api/v1/credentials/${mine.body.items[0].id}`)
      .set(...bearer(b.apiKey))
      .expect(404);
    await t.http
      .get('/api/v1/credentials?from=yesterday')
      .set(...bearer(a.apiKey))
      .expect(400);
  });
});

function lvOnly(body: Record<string, unknown>): Record<string, unknown> {
  const keepLv = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(keepLv);
    if (value && typeof value === 'object') {
      const entries = Object.entries(value).filter(([k]) => k !== 'en' && k !== 'lt');
      return Object.fromEntries(entries.map(([k, v]) => [k, keepLv(v)]));
    }
    return value;
  };
  return keepLv(body) as Record<string, unknown>;
}
