import assert from 'node:assert/strict';
import { createIssuer, example, startTestApp, type IssuerFixture, type TestApp } from '../helpers/app.js';
import { asIssuer } from '../helpers/as-issuer.js';

type Body = Record<string, unknown>;
type Stack = { mode: string; isPartOf: string[]; combines: string[] };
const BASE = '/api/v1/achievements';
const LANGS = ['lv', 'en', 'lt'] as const;

/** The documented example in all three languages, under its own title. */
function trilingual(title: Record<string, string>): Body {
  const body = example('achievement-create.json');
  const addLt = (map: unknown) => ({ ...(map as Body), lt: `${(map as Body).en as string} (lt)` });
  return {
    ...body,
    title,
    description: addLt(body.description),
    criteria: addLt(body.criteria),
    learningOutcomes: (body.learningOutcomes as Body[]).map((o) => ({ ...o, text: addLt(o.text) })),
    gradeScheme: { ...(body.gradeScheme as Body), name: addLt((body.gradeScheme as Body).name) },
  };
}

describe('stackability: symmetric links between one issuer’s achievements', () => {
  let t: TestApp;
  let issuer: IssuerFixture;
  const api = () => asIssuer(t, issuer);
  const read = async (id: string): Promise<Body & { stackability?: Stack; version: number }> =>
    (await api().get(`${BASE}/${id}`).expect(200)).body;
  const create = async (title: string, stackability?: Body): Promise<string> =>
    (
      await api()
        .post(BASE, {
          ...trilingual({ lv: `${title} (lv)`, en: title, lt: `${title} (lt)` }),
          ...(stackability ? { stackability } : {}),
        })
        .expect(201)
    ).body.id;
  const stackLinks = async (id: string, lang: string) => {
    const record = await read(id);
    const res = await t.http
      .get(`/achievements/${id}/v/${record.version}/${lang}`)
      .set('Accept', 'application/ld+json')
      .expect(200);
    return (JSON.parse(res.text).alignment as Body[]).filter((a) => a.targetType === 'ceterms:Credential');
  };
  const journal = () => t.deps.store.connection.collection('achievement_links');

  before(async () => {
    t = await startTestApp('achievements_stackability');
    issuer = await createIssuer(t);
  });
  after(() => t.close());

  it('linking A isPartOf B shows on both, by title, in lv, en and lt; unlinking A removes both sides', async () => {
    const b = await create('Renewable energy technician');
    const a = await create('Solar PV installation', { mode: 'integrated', isPartOf: [b] });
    assert.deepEqual((await read(b)).stackability, { mode: 'stand-alone', isPartOf: [], combines: [a] });
    assert.equal((await read(b)).version, 2, 'the parent gets a new version');
    for (const lang of LANGS) {
      const suffix = lang === 'en' ? '' : ` (${lang})`;
      assert.deepEqual(
        (await stackLinks(a, lang)).map((x) => [x.targetName, x.targetCode, x.targetUrl]),
        [
          [
            `Renewable energy technician${suffix}`,
            'ceterms:isPartOf',
            `${t.config.publicUrl}/achievements/${b}`,
          ],
        ],
        lang,
      );
      assert.deepEqual(
        (await stackLinks(b, lang)).map((x) => [x.targetName, x.targetCode]),
        [[`Solar PV installation${suffix}`, 'ceterms:hasPart']],
        lang,
      );
    }
    await api()
      .patch(`${BASE}/${a}`, { stackability: { mode: 'stand-alone' } })
      .expect(200);
    assert.deepEqual((await read(a)).stackability, { mode: 'stand-alone', isPartOf: [], combines: [] });
    assert.deepEqual((await read(b)).stackability?.combines, []);
    assert.deepEqual(await stackLinks(b, 'en'), []);
    assert.equal(await journal().countDocuments(), 0);
  });

  it('linking from the parent makes the child integrated and part of it; unlinking the parent removes both', async () => {
    const child = await create('Welding basics');
    const parent = await create('Welder', { mode: 'stand-alone', combines: [child] });
    assert.deepEqual((await read(child)).stackability, {
      mode: 'integrated',
      isPartOf: [parent],
      combines: [],
    });
    await api()
      .patch(`${BASE}/${parent}`, { stackability: { mode: 'stand-alone', combines: [] } })
      .expect(200);
    assert.deepEqual((await read(child)).stackability?.isPartOf, []);
  });

  it('shows another issuer’s achievement at its URL as given, named by its host, never by the bare URL', async () => {
    const url = 'https://other.example.eu/achievements/data-literacy';
    const a = await create('Spreadsheets', { mode: 'integrated', isPartOf: [url] });
    const names = {
      en: 'A credential of another issuer (other.example.eu)',
      lv: 'Cita izdevēja kvalifikācija (other.example.eu)',
      lt: 'Kito išdavėjo kredencialas (other.example.eu)',
    };
    for (const lang of LANGS) {
      const [link, ...more] = await stackLinks(a, lang);
      assert.deepEqual(more, []);
      assert.deepEqual(
        [link?.targetName, link?.targetUrl, link?.targetCode],
        [names[lang], url, 'ceterms:isPartOf'],
      );
      assert.ok(
        String(link?.targetDescription).endsWith(`${names[lang]}, ${url}`),
        String(link?.targetDescription),
      );
    }
    assert.equal(await journal().countDocuments(), 0, 'no pair to keep with another issuer');
  });

  describe('crash tolerance (the store has no multi-document transactions)', () => {
    const LONG_AGO = new Date('2020-01-01T00:00:00Z');
    const pair = (source: string, target: string, at = LONG_AGO) => ({
      _id: `${source}>isPartOf>${target}`,
      issuerId: issuer.id,
      source,
      target,
      field: 'isPartOf',
      at,
    });
    const setStack = (id: string, stackability: Stack) =>
      t.deps.store.connection
        .collection('achievements')
        .updateOne({ _id: id } as never, { $set: { stackability } });

    it('finishes a link whose request died after the child changed: the next read repairs the parent', async () => {
      const b = await create('Parent after a crash');
      const a = await create('Child after a crash');
      await journal().insertOne(pair(a, b) as never);
      await setStack(a, { mode: 'integrated', isPartOf: [b], combines: [] });
      assert.deepEqual((await read(b)).stackability?.combines, [a]);
      assert.equal(await journal().countDocuments(), 0);
    });

    it('drops a link whose request died before the child changed: the parent stays as it was', async () => {
      const b = await create('Parent of a link never made');
      const a = await create('Child of a link never made');
      const before = await read(b);
      await journal().insertOne(pair(a, b) as never);
      await api().get(`${BASE}?pageSize=1`).expect(200);
      assert.deepEqual(await read(b), before);
      assert.equal(await journal().countDocuments(), 0);
    });

    it('leaves a pair alone while its request may still be at work', async () => {
      const b = await create('Parent in flight');
      const a = await create('Child in flight');
      await journal().insertOne(pair(a, b, new Date()) as never);
      await setStack(a, { mode: 'integrated', isPartOf: [b], combines: [] });
      const parent = await read(b);
      assert.equal(parent.stackability?.combines.includes(a) ?? false, false);
      assert.equal(await journal().countDocuments(), 1);
      await journal().deleteMany({});
    });
  });
});
