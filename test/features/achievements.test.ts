import assert from 'node:assert/strict';
import { createIssuer, example, startTestApp, type IssuerFixture, type TestApp } from '../helpers/app.js';
import { asIssuer } from '../helpers/as-issuer.js';
import { assertProblem, assertStoreUnchanged } from '../helpers/problem.js';

type Body = Record<string, unknown>;
type Achievement = Body & { id: string; status: string };

const BASE = '/api/v1/achievements';
const MANDATORY = [
  'title',
  'description',
  'criteria',
  'learningOutcomes',
  'workload',
  'eqfLevel',
  'iscedField',
  'assessmentTypes',
  'participationForm',
  'qualityAssurance',
];

const qa = (): Body => ({ ...(example('achievement-create.json').qualityAssurance as Body) });

/** The documented example with some changes (undefined removes a field). */
function achievement(changes: Body = {}): Body {
  const body: Body = { ...example('achievement-create.json'), ...changes };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete body[key];
  return body;
}

describe('achievements API', () => {
  let t: TestApp;
  let a: IssuerFixture;
  let b: IssuerFixture;
  const api = (issuer: IssuerFixture) => asIssuer(t, issuer);
  const post = (issuer: IssuerFixture, body: unknown) => api(issuer).post(BASE, body as object);
  const create = async (issuer: IssuerFixture, changes: Body = {}): Promise<Achievement> =>
    (await post(issuer, achievement(changes)).expect(201)).body;
  const read = async (issuer: IssuerFixture, id: string): Promise<Achievement> =>
    (await api(issuer).get(`${BASE}/${id}`).expect(200)).body;

  before(async () => {
    t = await startTestApp('achievements');
    a = await createIssuer(t);
    b = await createIssuer(t);
  });
  after(() => t.close());

  describe('POST /api/v1/achievements', () => {
    it('creates the documented example as an active record of the key’s issuer and reads it back', async () => {
      const sent = achievement();
      const res = await post(a, sent).expect(201);
      assert.match(res.body.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.equal(res.headers.location, `${BASE}/${res.body.id}`);
      assert.equal(res.body.issuerId, a.id);
      assert.equal(res.body.status, 'active');
      for (const [key, value] of Object.entries(sent)) assert.deepEqual(res.body[key], value, key);
      assert.deepEqual(await read(a, res.body.id), res.body);
      const audit = await api(a).get('/api/v1/audit').expect(200);
      assert.ok(
        audit.body.items.some((e: Body) => e.action === 'achievement.created' && e.targetId === res.body.id),
      );
    });

    it('starts at version 1 and records it in the version history', async () => {
      const created = await create(a);
      assert.equal(created.version, 1);
      const history = await api(a).get(`${BASE}/${created.id}/versions`).expect(200);
      assert.deepEqual(
        history.body.items.map((v: Body) => [v.version, v.changed]),
        [[1, []]],
      );
    });

    for (const field of MANDATORY) {
      it(`returns 400 with pointer /${field} when the EU element ${field} is missing, storing nothing`, async () => {
        const res = await assertStoreUnchanged(t, () => post(a, achievement({ [field]: undefined })));
        const errors = assertProblem(res, 400, 'invalid-request', [`/${field}`]);
        assert.match(errors[0]?.detail ?? '', /required/);
      });
    }

    const badValues: Array<[string, Body, string | string[]]> = [
      ['EQF level 9', { eqfLevel: 9 }, '/eqfLevel'],
      ['EQF level 0', { eqfLevel: 0 }, '/eqfLevel'],
      [
        'credits −1',
        { workload: { hours: 80, credits: { system: 'ects', value: -1 } } },
        '/workload/credits/value',
      ],
      ['notional hours 0', { workload: { hours: 0 } }, '/workload/hours'],
      [
        'a workload without hours',
        { workload: { credits: { system: 'ects', value: 3 } } },
        '/workload/hours',
      ],
      [
        'an unknown credit system',
        { workload: { hours: 80, credits: { system: 'ECTS', value: 3 } } },
        '/workload/credits/system',
      ],
      [
        'credits without a system',
        { workload: { hours: 80, credits: { value: 3 } } },
        '/workload/credits/system',
      ],
      ['an unknown field', { colour: 'blue' }, '/colour'],
      [
        'an unknown field in a learning outcome',
        { learningOutcomes: [{ text: { lv: 'x', en: 'x' }, x: 1 }] },
        '/learningOutcomes/0/x',
      ],
      ['the EQF level as a string', { eqfLevel: '4' }, '/eqfLevel'],
      [
        'credits as a string',
        { workload: { hours: 80, credits: { system: 'ects', value: '3' } } },
        '/workload/credits/value',
      ],
      ['fractional notional hours', { workload: { hours: 80.5 } }, '/workload/hours'],
      ['the title as a plain string', { title: 'Web content' }, '/title'],
      ['an empty title map', { title: {} }, '/title'],
      ['a title in an unsupported language', { title: { de: 'Webinhalte' } }, '/title/de'],
      ['learning outcomes as an object', { learningOutcomes: { text: { lv: 'x' } } }, '/learningOutcomes'],
      ['no learning outcomes', { learningOutcomes: [] }, '/learningOutcomes'],
      ['assessment types as a string', { assessmentTypes: 'quiz' }, '/assessmentTypes'],
      ['an unknown form of participation', { participationForm: 'remote' }, '/participationForm'],
      [
        'an unknown quality-assurance type',
        { qualityAssurance: { ...qa(), type: 'self-declared' } },
        '/qualityAssurance/type',
      ],
      [
        'quality assurance that names no body',
        { qualityAssurance: { type: 'institutional-quality-assurance' } },
        '/qualityAssurance/body',
      ],
      [
        'a QA body with neither URL nor identifier',
        { qualityAssurance: { ...qa(), body: { name: { en: 'Agency' }, country: 'LV' } } },
        ['/qualityAssurance/body', '/qualityAssurance/body/identifier', '/qualityAssurance/body/url'],
      ],
      [
        'an awarding body with a country name instead of its code',
        { awardingBody: { name: { en: 'RTU' }, country: 'Latvia', identifier: '90000068977' } },
        '/awardingBody/country',
      ],
      ['a supervision value outside the EU scheme', { supervision: 'proctored' }, '/supervision'],
      ['stackability without its mode', { stackability: { isPartOf: [] } }, '/stackability/mode'],
      ['a null ISCED field', { iscedField: null }, '/iscedField'],
    ];
    for (const [what, changes, pointer] of badValues) {
      it(`returns 400 with pointer ${pointer} for ${what}, storing nothing`, async () => {
        const res = await assertStoreUnchanged(t, () => post(a, achievement(changes)));
        assertProblem(res, 400, 'invalid-request', Array.isArray(pointer) ? pointer : [pointer]);
      });
    }

    it('returns 422 pointing at each text that lacks a language of the title, storing nothing', async () => {
      const body = achievement();
      delete (body.description as Body).en;
      delete (body.criteria as Body).en;
      delete ((body.learningOutcomes as Array<{ text: Body }>)[1]?.text ?? {}).en;
      const res = await assertStoreUnchanged(t, () => post(a, body));
      assertProblem(res, 422, 'unprocessable-entity', [
        '/description/en',
        '/criteria/en',
        '/learningOutcomes/1/text/en',
      ]);
    });

    it('returns 422 for a title language only the title has (lt), storing nothing', async () => {
      const title = { ...(achievement().title as Body), lt: 'Skaitmeninio turinio kūrimas' };
      const res = await assertStoreUnchanged(t, () => post(a, achievement({ title })));
      const errors = assertProblem(res, 422, 'unprocessable-entity');
      for (const p of [
        '/description/lt',
        '/criteria/lt',
        '/learningOutcomes/0/text/lt',
        '/gradeScheme/name/lt',
      ])
        assert.ok(
          errors.some((e) => e.pointer === p),
          p,
        );
    });

    it('returns 422 for an ISCED-F code that is not in the vocabulary, storing nothing', async () => {
      const res = await assertStoreUnchanged(t, () => post(a, achievement({ iscedField: '0620' })));
      assertProblem(res, 422, 'unprocessable-entity', ['/iscedField']);
    });

    it('accepts stackability references to the issuer’s own achievements and other issuers’ URLs', async () => {
      const part = await create(a);
      const elsewhere = 'https://other.example.eu/achievements/data-literacy';
      const whole = await create(a, {
        stackability: { mode: 'integrated', combines: [part.id], isPartOf: [elsewhere] },
      });
      assert.deepEqual(whole.stackability, {
        mode: 'integrated',
        isPartOf: [elsewhere],
        combines: [part.id],
      });
    });

    const badLinks: Array<[string, (mine: string, theirs: string) => Body, string]> = [
      [
        "another issuer's achievement",
        (m, t) => ({ mode: 'integrated', isPartOf: [m], combines: [t] }),
        '/stackability/combines/0',
      ],
      [
        'an unknown id',
        () => ({ mode: 'stand-alone', combines: ['00000000-0000-4000-8000-000000000000'] }),
        '/stackability/combines/0',
      ],
      [
        'the same achievement in both directions',
        (m) => ({ mode: 'integrated', isPartOf: [m], combines: [m] }),
        '/stackability/combines/0',
      ],
      [
        'a stand-alone achievement that is part of another',
        (m) => ({ mode: 'stand-alone', isPartOf: [m] }),
        '/stackability/mode',
      ],
    ];
    for (const [what, stack, pointer] of badLinks) {
      it(`returns 422 for stackability with ${what}, storing nothing`, async () => {
        const theirs = await create(b);
        const mine = await create(a);
        const stackability = stack(mine.id, theirs.id);
        const res = await assertStoreUnchanged(t, () => post(a, achievement({ stackability })));
        assertProblem(res, 422, 'unprocessable-entity', [pointer]);
      });
    }
  });

  describe('GET /api/v1/achievements', () => {
    it('pages through all of the issuer’s achievements with page, pageSize and total', async () => {
      const issuer = await createIssuer(t);
      const ids: string[] = [];
      for (let i = 1; i <= 5; i += 1) ids.push((await create(issuer)).id);
      const seen: string[] = [];
      for (const [page, count] of [
        [1, 2],
        [2, 2],
        [3, 1],
        [4, 0],
      ]) {
        const res = await api(issuer).get(`${BASE}?page=${page}&pageSize=2`).expect(200);
        assert.deepEqual(
          { ...res.body, items: res.body.items.length },
          { items: count, page, pageSize: 2, total: 5 },
        );
        seen.push(...res.body.items.map((x: Achievement) => x.id));
      }
      assert.deepEqual([...seen].sort(), [...ids].sort(), 'every record once, none twice');
      const all = await api(issuer).get(BASE).expect(200);
      assert.deepEqual([all.body.page, all.body.pageSize, all.body.total], [1, 20, 5]);
    });

    it('filters by status: active by default, archived, or all', async () => {
      const issuer = await createIssuer(t);
      const ids = [];
      for (let i = 0; i < 4; i += 1) ids.push((await create(issuer)).id);
      for (const id of ids.slice(0, 1)) await api(issuer).post(`${BASE}/${id}/archive`).expect(200);
      const list = async (q: string) => (await api(issuer).get(`${BASE}${q}`).expect(200)).body;
      const ofIds = (page: { items: Achievement[] }) => page.items.map((x) => x.id).sort();
      assert.deepEqual(ofIds(await list('')), ids.slice(1).sort());
      assert.deepEqual(ofIds(await list('?status=active')), ids.slice(1).sort());
      assert.deepEqual(ofIds(await list('?status=archived')), [ids[0]]);
      assert.deepEqual((await list('?status=all')).total, 4);
    });

    for (const q of ['?page=0', '?pageSize=101', '?page=x', '?status=deleted', '?sort=title']) {
      it(`returns 400 for the query ${q}`, async () => {
        const res = await api(a).get(`${BASE}${q}`);
        assertProblem(res, 400, 'invalid-request', [`/query/${q.slice(1).split('=')[0]}`]);
      });
    }
  });

  describe('PATCH /api/v1/achievements/{id} and POST …/archive', () => {
    it('replaces only the fields given and keeps the rest', async () => {
      const before = await create(a);
      const workload = { hours: 90, credits: { system: 'ects', value: 3.5 } };
      const res = await api(a).patch(`${BASE}/${before.id}`, { workload }).expect(200);
      assert.deepEqual([res.body.workload, res.body.version], [workload, 2]);
      assert.deepEqual(res.body.title, before.title);
      assert.deepEqual(await read(a, before.id), res.body);
    });

    const badChanges: Array<[string, Body, number, string]> = [
      ['EQF level 9', { eqfLevel: 9 }, 400, '/eqfLevel'],
      ['an unknown field', { owner: 'x' }, 400, '/owner'],
      ['a title language the texts lack', { title: { lt: 'Turinys' } }, 422, '/description/lt'],
      ['an unknown ISCED-F code', { iscedField: '1234' }, 422, '/iscedField'],
    ];
    for (const [what, changes, status, pointer] of badChanges) {
      it(`refuses ${what} (${status}, ${pointer}) and leaves the record unchanged`, async () => {
        const existing = await create(a);
        const res = await assertStoreUnchanged(t, () => api(a).patch(`${BASE}/${existing.id}`, changes));
        const errors = assertProblem(
          res,
          status,
          status === 400 ? 'invalid-request' : 'unprocessable-entity',
        );
        assert.ok(
          errors.some((e) => e.pointer === pointer),
          pointer,
        );
      });
    }

    it('archives: the record stays readable, listed as archived, and can no longer change (409)', async () => {
      const existing = await create(a);
      const archived = await api(a).post(`${BASE}/${existing.id}/archive`).expect(200);
      assert.equal(archived.body.status, 'archived');
      assert.equal((await read(a, existing.id)).status, 'archived');
      const res = await assertStoreUnchanged(t, () =>
        api(a).patch(`${BASE}/${existing.id}`, { workload: { hours: 10 } }),
      );
      assertProblem(res, 409, 'conflict');
      const again = await assertStoreUnchanged(t, () =>
        api(a).post(`${BASE}/${existing.id}/archive`).expect(200),
      );
      assert.deepEqual(again.body, archived.body, 'archiving twice changes nothing');
    });
  });

  describe('issuer scoping', () => {
    it('issuer A cannot read, list, change or archive issuer B’s achievement (404; B’s record unchanged)', async () => {
      const theirs = await create(b);
      const res = await assertStoreUnchanged(t, async () => [
        await api(a).get(`${BASE}/${theirs.id}`),
        await api(a).patch(`${BASE}/${theirs.id}`, { workload: { hours: 1 } }),
        await api(a).get(`${BASE}/${theirs.id}/versions`),
        await api(a).post(`${BASE}/${theirs.id}/archive`),
      ]);
      for (const r of res) assertProblem(r, 404, 'not-found');
      const listed = await api(a).get(`${BASE}?status=all&pageSize=100`).expect(200);
      assert.ok(listed.body.items.length > 0);
      assert.ok(listed.body.items.every((x: Achievement) => x.issuerId === a.id));
      assert.equal(
        listed.body.items.some((x: Achievement) => x.id === theirs.id),
        false,
      );
      assert.deepEqual(await read(b, theirs.id), theirs);
    });
  });
});
