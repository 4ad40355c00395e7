import assert from 'node:assert/strict';
import type { Response } from 'supertest';
import {
  createCatalog,
  createIssuer,
  example,
  snapshot,
  startTestApp,
  type IssuerFixture,
  type TestApp,
} from '../helpers/app.js';
import { asIssuer } from '../helpers/as-issuer.js';

type Body = Record<string, unknown>;
const BASE = '/api/v1/achievements';
const pathOf = (url: string) => new URL(url).pathname;
const ld = { Accept: 'application/ld+json' };

/** The RFC 8288 Link header as rel → URL. */
function links(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of String(res.headers.link ?? '').split(/,\s*(?=<)/)) {
    const m = /^<([^>]+)>;\s*rel="([^"]+)"$/.exec(part.trim());
    if (m) out[m[2] as string] = m[1] as string;
  }
  return out;
}

describe('achievement editions: immutable once a credential uses them', () => {
  let t: TestApp;
  let issuer: IssuerFixture;
  let ids: { achievementId: string; learnerId: string };
  const api = () => asIssuer(t, issuer);
  const issue = async (language = 'lv'): Promise<Body> =>
    (
      await api()
        .post('/api/v1/credentials', { ...ids, language, result: { value: '8' } })
        .expect(201)
    ).body.credential;
  const edition = (url: string) => t.http.get(pathOf(url)).set(ld);
  const verify = async (credential: Body) =>
    (await t.http.post('/credentials/verify').send({ verifiableCredential: credential })).body;

  before(async () => {
    t = await startTestApp('achievement_editions');
    issuer = await createIssuer(t);
    ids = await createCatalog(t, issuer);
  });
  after(() => t.close());

  it('issue → edit → the old credential verifies and its achievement.id serves what was signed, byte for byte', async () => {
    const old = await issue('lv');
    const achievement = (old.credentialSubject as Body).achievement as Body;
    assert.equal(achievement.id, `${t.config.publicUrl}/achievements/${ids.achievementId}/v/1/lv`);
    assert.equal(achievement.version, '1');
    const before = await edition(String(achievement.id)).expect(200);
    assert.match(String(before.headers['content-type']), /^application\/ld\+json/);
    const { '@context': context, ...served } = JSON.parse(before.text) as Body;
    assert.deepEqual(served, achievement, 'the edition is the embedded achievement');
    assert.deepEqual(context, [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ]);

    const changed = await api()
      .patch(`${BASE}/${ids.achievementId}`, {
        workload: { hours: 100, credits: { system: 'ects', value: 4 } },
      })
      .expect(200);
    assert.equal(changed.body.version, 2);

    const after = await edition(String(achievement.id)).expect(200);
    assert.equal(after.text, before.text, 'byte for byte');
    const report = await verify(old);
    assert.equal(report.verified, true, JSON.stringify(report.checks));
    assert.equal(report.summary.achievement.workload.creditsAvailable, 3, 'the credential still says 3 ECTS');

    const next = await issue('lv');
    const nextAchievement = (next.credentialSubject as Body).achievement as Body;
    assert.equal(nextAchievement.id, `${t.config.publicUrl}/achievements/${ids.achievementId}/v/2/lv`);
    assert.equal(nextAchievement.version, '2');
    assert.equal(nextAchievement.creditsAvailable, 4);
    // the new edition links the old one; the old one links the new through its URL
    assert.deepEqual(
      (nextAchievement.related as Body[]).find((r) => r.version === '1'),
      { id: achievement.id, type: ['Related'], inLanguage: 'lv', version: '1' },
    );
    const oldLinks = links(after);
    assert.equal(oldLinks['successor-version'], nextAchievement.id);
    assert.equal(oldLinks['latest-version'], nextAchievement.id);
    assert.equal(
      oldLinks['version-history'],
      `${t.config.publicUrl}/achievements/${ids.achievementId}/versions`,
    );
    const newLinks = links(await edition(String(nextAchievement.id)).expect(200));
    assert.equal(newLinks['predecessor-version'], achievement.id);
    assert.equal(newLinks['successor-version'], undefined);
  });

  it('shows the version history, newest first, with the fields each version changed and its editions', async () => {
    const history = await api().get(`${BASE}/${ids.achievementId}/versions`).expect(200);
    assert.equal(history.body.total, 2);
    assert.deepEqual(
      history.body.items.map((v: Body) => [v.version, v.changed]),
      [
        [2, ['workload']],
        [1, []],
      ],
    );
    assert.deepEqual(Object.keys(history.body.items[0].editions).sort(), ['en', 'lv']);
    const publicHistory = await t.http
      .get(`/achievements/${ids.achievementId}/versions?pageSize=1`)
      .expect(200);
    assert.deepEqual(
      publicHistory.body.items.map((v: Body) => v.version),
      [2],
    );
    const second = await t.http
      .get(`/achievements/${ids.achievementId}/versions?page=2&pageSize=1`)
      .expect(200);
    assert.deepEqual(
      second.body.items.map((v: Body) => v.version),
      [1],
    );
  });

  it('a change that changes nothing makes no version; archiving makes none either', async () => {
    const current = (await api().get(`${BASE}/${ids.achievementId}`).expect(200)).body;
    const same = await api().patch(`${BASE}/${ids.achievementId}`, { title: current.title }).expect(200);
    assert.equal(same.body.version, current.version);
    const other = (await api().post(BASE, example('achievement-create.json')).expect(201)).body.id;
    const archived = await api().post(`${BASE}/${other}/archive`).expect(200);
    assert.equal(archived.body.version, 1);
    const history = await api().get(`${BASE}/${other}/versions`).expect(200);
    assert.equal(history.body.total, 1);
  });

  it('every credential of an edition embeds the frozen document, even after the issuer is renamed', async () => {
    const first = await issue('en');
    await t.http
      .patch(`/api/v1/issuers/${issuer.id}`)
      .set('Authorization', `Bearer ${'test-admin-token-0123456789abcdef'}`)
      .send({ legalName: { lv: 'Jauns nosaukums', en: 'A new name' } })
      .expect(200);
    const second = await issue('en');
    const a1 = (first.credentialSubject as Body).achievement as Body;
    const a2 = (second.credentialSubject as Body).achievement as Body;
    assert.deepEqual(a2, a1);
    assert.notEqual(
      (second.issuer as Body).name,
      (a2.creator as Body).name,
      'the edition keeps the name it was frozen with',
    );
  });

  it('serves an unused past version from its record, an unknown version or language as 404', async () => {
    const res = await edition(`${t.config.publicUrl}/achievements/${ids.achievementId}/v/1/en`).expect(200);
    assert.equal(JSON.parse(res.text).version, '1');
    for (const path of ['v/3/lv', 'v/0/lv', 'v/x/lv', 'v/1/de', 'v/1/lt'])
      await t.http.get(`/achievements/${ids.achievementId}/${path}`).expect(404);
  });

  it('redirects the achievement and an old-style edition id without a kept document to the latest edition', async () => {
    const res = await t.http
      .get(`/achievements/${ids.achievementId}`)
      .set('Accept-Language', 'en')
      .expect(303);
    assert.equal(res.headers.location, `${t.config.publicUrl}/achievements/${ids.achievementId}/v/2/en`);
    const legacy = await t.http.get(`/achievements/${ids.achievementId}/lv`).expect(303);
    assert.equal(legacy.headers.location, `${t.config.publicUrl}/achievements/${ids.achievementId}/v/2/lv`);
  });

  it('reading editions and history stores nothing', async () => {
    const before = await snapshot(t);
    await edition(`${t.config.publicUrl}/achievements/${ids.achievementId}/v/1/en`).expect(200);
    await edition(`${t.config.publicUrl}/achievements/${ids.achievementId}/v/2/en`).expect(200);
    await t.http.get(`/achievements/${ids.achievementId}/versions`).expect(200);
    assert.equal(await snapshot(t), before);
  });
});
