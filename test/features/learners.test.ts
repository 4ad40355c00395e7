import assert from 'node:assert/strict';
import { createIssuer, example, startTestApp, type IssuerFixture, type TestApp } from '../helpers/app.js';
import { asIssuer } from '../helpers/as-issuer.js';
import { assertProblem, assertStoreUnchanged } from '../helpers/problem.js';

type Body = Record<string, unknown>;
type Learner = Body & { id: string; givenName: string; familyName: string; email: string; status: string };

const BASE = '/api/v1/learners';
let emailCounter = 0;

/** The documented example with a fresh email (emails are unique per issuer). */
function learner(changes: Body = {}): Body {
  emailCounter += 1;
  return { ...example('learner-create.json'), email: `learner${emailCounter}@example.lv`, ...changes };
}

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('learners API', () => {
  let t: TestApp;
  let a: IssuerFixture;
  let b: IssuerFixture;
  const api = (issuer: IssuerFixture) => asIssuer(t, issuer);
  const post = (issuer: IssuerFixture, body: Body) => api(issuer).post(BASE, body);
  const create = async (issuer: IssuerFixture, changes: Body = {}): Promise<Learner> =>
    (await post(issuer, learner(changes)).expect(201)).body;
  const read = async (issuer: IssuerFixture, id: string): Promise<Learner> =>
    (await api(issuer).get(`${BASE}/${id}`).expect(200)).body;

  before(async () => {
    t = await startTestApp('learners');
    a = await createIssuer(t);
    b = await createIssuer(t);
  });
  after(() => t.close());

  describe('names in full Unicode', () => {
    const names: Array<[string, string, string]> = [
      ['Latvian', 'Ģirts', 'Ķēniņš'],
      ['Lithuanian', 'Žemaitė', 'Ąžuolaitė'],
      ['Latvian, decomposed (NFD) as sent', 'Ģirts'.normalize('NFD'), 'Ķēniņš'.normalize('NFD')],
      ['with combining marks and astral characters', 'Ą̈nna-Marija', 'O’Brien 𝔊'],
    ];
    for (const [what, givenName, familyName] of names) {
      it(`round-trips ${what} names byte for byte through create, read, list and the store`, async () => {
        const created = await create(a, { givenName, familyName });
        const readBack = await api(a).get(`${BASE}/${created.id}`).expect(200);
        const listed = (await api(a).get(`${BASE}?pageSize=100`).expect(200)).body.items.find(
          (x: Learner) => x.id === created.id,
        );
        const stored = await t.deps.store.connection
          .collection('learners')
          .findOne({ _id: created.id as never });
        for (const copy of [
          created,
          readBack.body as Learner,
          listed as Learner,
          stored as unknown as Learner,
        ]) {
          assert.ok(utf8(copy.givenName).equals(utf8(givenName)), `givenName ${copy.givenName}`);
          assert.ok(utf8(copy.familyName).equals(utf8(familyName)), `familyName ${copy.familyName}`);
        }
        // the raw response bytes carry the name as UTF-8, not as \u escapes or another normal form
        assert.ok(Buffer.from(readBack.text, 'utf8').includes(utf8(JSON.stringify(familyName).slice(1, -1))));
      });
    }

    it('keeps NFC and NFD spellings of the same name apart (no normalisation)', async () => {
      const nfc = await create(a, { givenName: 'Ģirts'.normalize('NFC') });
      const nfd = await create(a, { givenName: 'Ģirts'.normalize('NFD') });
      assert.notEqual((await read(a, nfc.id)).givenName, (await read(a, nfd.id)).givenName);
      assert.equal((await read(a, nfd.id)).givenName.length, 'Ģirts'.normalize('NFD').length);
    });
  });

  describe('POST /api/v1/learners', () => {
    it('creates a learner of the key’s issuer with the documented example and defaults', async () => {
      const created = await create(a, { preferredLanguage: undefined, did: undefined });
      assert.equal(created.issuerId, a.id);
      assert.equal(created.status, 'active');
      assert.equal(created.preferredLanguage, 'lv');
      assert.equal('did' in created, false);
      const res = await post(a, learner());
      assert.equal(res.status, 201);
      assert.equal(res.headers.location, `${BASE}/${res.body.id}`);
      assert.equal(res.body.did, example('learner-create.json').did);
    });

    it('refuses a second learner with the same email at the same issuer (409 /email), storing nothing', async () => {
      const first = await create(a, { email: 'ilze.berzina@example.lv' });
      const res = await assertStoreUnchanged(t, () =>
        post(a, learner({ email: 'ilze.berzina@example.lv', givenName: 'Ilze' })),
      );
      assertProblem(res, 409, 'conflict', ['/email']);
      assert.deepEqual(await read(a, first.id), first);
    });

    it('accepts the same email at another issuer', async () => {
      await create(a, { email: 'janis.ozols@example.lv' });
      const other = await create(b, { email: 'janis.ozols@example.lv' });
      assert.equal(other.issuerId, b.id);
    });

    const bad: Array<[string, Body, string]> = [
      ['no email', { email: undefined }, '/email'],
      ['no given name', { givenName: undefined }, '/givenName'],
      ['an empty family name', { familyName: '' }, '/familyName'],
      ['an email that is not one', { email: 'girts at example.lv' }, '/email'],
      ['a number as the given name', { givenName: 42 }, '/givenName'],
      ['a DID that is not one', { did: 'girts' }, '/did'],
      ['an unsupported language', { preferredLanguage: 'de' }, '/preferredLanguage'],
      ['an unknown field', { personalCode: '010101-12345' }, '/personalCode'],
      ['an issuer id (set by the key, never by the body)', { issuerId: 'x' }, '/issuerId'],
    ];
    for (const [what, changes, pointer] of bad) {
      it(`returns 400 with pointer ${pointer} for ${what}, storing nothing`, async () => {
        const body = learner(changes);
        for (const [key, value] of Object.entries(changes)) if (value === undefined) delete body[key];
        const res = await assertStoreUnchanged(t, () => post(a, body));
        assertProblem(res, 400, 'invalid-request', [pointer]);
      });
    }
  });

  describe('PATCH /api/v1/learners/{id}, POST …/archive and GET list', () => {
    it('changes only the given fields, keeping names byte-exact', async () => {
      const existing = await create(a, { givenName: 'Žemaitė', familyName: 'Ąžuolaitė' });
      const res = await api(a)
        .patch(`${BASE}/${existing.id}`, { preferredLanguage: 'lt', familyName: 'Ąžuolaitė-Kairienė' })
        .expect(200);
      assert.equal(res.body.preferredLanguage, 'lt');
      assert.ok(utf8(res.body.familyName).equals(utf8('Ąžuolaitė-Kairienė')));
      assert.ok(utf8(res.body.givenName).equals(utf8('Žemaitė')));
      assert.deepEqual(await read(a, existing.id), res.body);
    });

    it('refuses to change an email to one the issuer already has (409), leaving both unchanged', async () => {
      const one = await create(a);
      const two = await create(a);
      const res = await assertStoreUnchanged(t, () =>
        api(a).patch(`${BASE}/${two.id}`, { email: one.email }),
      );
      assertProblem(res, 409, 'conflict', ['/email']);
    });

    it('refuses an unknown field or an empty change (400), storing nothing', async () => {
      const existing = await create(a);
      for (const body of [{ status: 'archived' }, {}, { email: 7 }]) {
        const res = await assertStoreUnchanged(t, () => api(a).patch(`${BASE}/${existing.id}`, body));
        assertProblem(res, 400, 'invalid-request');
      }
    });

    it('archives: readable, listed only as archived, frozen (409 on change)', async () => {
      const issuer = await createIssuer(t);
      const [kept, gone] = [await create(issuer), await create(issuer)];
      const archived = await api(issuer).post(`${BASE}/${gone.id}/archive`).expect(200);
      assert.equal(archived.body.status, 'archived');
      const ids = async (q: string) =>
        (await api(issuer).get(`${BASE}${q}`).expect(200)).body.items.map((x: Learner) => x.id);
      assert.deepEqual(await ids(''), [kept.id]);
      assert.deepEqual(await ids('?status=archived'), [gone.id]);
      assert.deepEqual((await ids('?status=all')).sort(), [kept.id, gone.id].sort());
      const res = await assertStoreUnchanged(t, () =>
        api(issuer).patch(`${BASE}/${gone.id}`, { preferredLanguage: 'en' }),
      );
      assertProblem(res, 409, 'conflict');
      assert.equal((await read(issuer, gone.id)).status, 'archived');
    });

    it('pages with page, pageSize and total', async () => {
      const issuer = await createIssuer(t);
      for (let i = 0; i < 3; i += 1) await create(issuer);
      const page2 = await api(issuer).get(`${BASE}?page=2&pageSize=2`).expect(200);
      assert.deepEqual(
        [page2.body.items.length, page2.body.page, page2.body.pageSize, page2.body.total],
        [1, 2, 2, 3],
      );
    });
  });

  describe('issuer scoping', () => {
    it('issuer A cannot read, list, change or archive issuer B’s learner (404; B’s record unchanged)', async () => {
      const theirs = await create(b, { givenName: 'Ģirts', familyName: 'Ķēniņš' });
      const responses = await assertStoreUnchanged(t, async () => [
        await api(a).get(`${BASE}/${theirs.id}`),
        await api(a).patch(`${BASE}/${theirs.id}`, { email: 'stolen@example.lv' }),
        await api(a).post(`${BASE}/${theirs.id}/archive`),
      ]);
      for (const res of responses) {
        assertProblem(res, 404, 'not-found');
        assert.equal(res.text.includes('Ķēniņš'), false, 'nothing of B’s learner leaks');
      }
      const listed = await api(a).get(`${BASE}?status=all&pageSize=100`).expect(200);
      assert.ok(listed.body.items.length > 0);
      assert.ok(listed.body.items.every((x: Learner) => x.issuerId === a.id));
      assert.deepEqual(await read(b, theirs.id), theirs);
    });
  });
});
