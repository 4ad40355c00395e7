import assert from 'node:assert/strict';
import { checkSafeExpansion } from '../../src/core/jsonld/safe-expand.js';
import {
  bearer,
  createCatalog,
  createIssuer,
  startTestApp,
  type IssuerFixture,
  type TestApp,
} from '../helpers/app.js';
import { publishedLoader } from '../helpers/published.js';

describe('public achievement ids (GET /achievements/{id}/v/{version}/{lang})', () => {
  let t: TestApp;
  let issuer: IssuerFixture;
  let credential: Record<string, { achievement: Record<string, unknown> } & Record<string, unknown>>;

  before(async () => {
    t = await startTestApp('achievements_public');
    issuer = await createIssuer(t);
    const { achievementId, learnerId } = await createCatalog(t, issuer);
    credential = (
      await t.http
        .post('/api/v1/credentials')
        .set(...bearer(issuer.apiKey))
        .send({ achievementId, learnerId, language: 'lv' })
        .expect(201)
    ).body.credential;
  });
  after(() => t.close());

  const pathOf = (url: string) => url.slice(t.config.publicUrl.length);

  it("dereferences a credential's achievement id to the same Achievement, as JSON-LD that expands safely", async () => {
    const achievement = credential.credentialSubject!.achievement;
    const res = await t.http
      .get(pathOf(String(achievement.id)))
      .set('Accept', 'application/ld+json')
      .expect(200);
    const served = JSON.parse(res.text);
    const { '@context': context, ...rest } = served;
    assert.deepEqual(context, [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ]);
    assert.deepEqual(rest, achievement);
    assert.deepEqual(await checkSafeExpansion(served, publishedLoader(t)), []);
  });

  it('serves the other language edition named in related[], an HTML page for browsers, and 404 for a missing edition', async () => {
    const achievement = credential.credentialSubject!.achievement;
    const related = achievement.related as Array<{ id: string; inLanguage: string }>;
    assert.deepEqual(
      related.map((r) => r.inLanguage),
      ['en'],
    );
    const en = JSON.parse((await t.http.get(pathOf(related[0]!.id)).expect(200)).text);
    assert.equal(en.inLanguage, 'en');
    const html = await t.http
      .get(pathOf(String(achievement.id)))
      .set('Accept', 'text/html')
      .expect(200);
    assert.match(html.text, /Digitālā satura veidošana tīmeklim/);
    await t.http.get(pathOf(String(achievement.id)).replace(/\/lv$/, '/lt')).expect(404);
    await t.http.get('/achievements/00000000-0000-4000-8000-000000000000/lv').expect(404);
  });

  it('redirects the bare achievement id to the edition the client prefers', async () => {
    const edition = pathOf(String(credential.credentialSubject!.achievement.id));
    const base = edition.replace(/\/v\/1\/lv$/, '');
    const res = await t.http.get(base).set('Accept-Language', 'en-GB,en;q=0.9').expect(303);
    assert.equal(res.headers.location, `${t.config.publicUrl}${base}/v/1/en`);
  });

  it('aligns supervision to the EU scheme and still serves the concepts Tilts minted before it', async () => {
    const alignments = credential.credentialSubject!.achievement.alignment as Array<Record<string, string>>;
    const supervision = alignments.find((a) => a.targetType === 'ext:Supervision');
    assert.equal(supervision?.targetUrl, 'http://data.europa.eu/snb/supervision-verification/70be69aaf9');
    const concept = (
      await t.http.get('/vocab/supervision/supervised-onsite-identity-verification').expect(200)
    ).body;
    assert.equal(
      concept.id,
      `${t.config.publicUrl}/vocab/supervision/supervised-onsite-identity-verification`,
    );
    assert.equal(concept.prefLabel.lv, 'Uzraudzīta klātienē, ar identitātes pārbaudi');
    assert.equal(concept.broadMatch, 'http://data.europa.eu/snb/supervision-verification/70be69aaf9');
    const exact = (await t.http.get('/vocab/supervision/unsupervised-no-identity-verification').expect(200))
      .body;
    assert.equal(exact.exactMatch, 'http://data.europa.eu/snb/supervision-verification/c598449d64');
    for (const key of ['whatever', 'toString', 'supervised-with-id-verification'])
      await t.http.get(`/vocab/supervision/${key}`).expect(404);
  });
});
