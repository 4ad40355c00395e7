import assert from 'node:assert/strict';
import {
  ADMIN_TOKEN,
  bearer,
  createCatalog,
  createIssuer,
  startTestApp,
  type TestApp,
} from '../helpers/app.js';
import { ACHIEVEMENT_KEPT_MS } from '../../src/features/achievements/achievements.service.js';
import { API_KEY_KEPT_MS } from '../../src/features/api-keys/api-keys.repository.js';

/**
 * Records kept in memory (README "Storage"): API keys for API_KEY_KEPT_MS, the achievements issuances
 * read for ACHIEVEMENT_KEPT_MS. A change in the same process takes effect at once, one made by another
 * instance on the same store within the lifetime.
 */
describe('records kept in memory, two instances on one store', () => {
  let a: TestApp;
  let b: TestApp;
  let skew = 0;
  before(async () => {
    a = await startTestApp('api-keys-kept');
    b = await startTestApp('api-keys-kept', {
      mongoUri: a.mongoUri,
      masterKey: a.masterKey,
      clock: () => new Date(Date.now() + skew),
    });
  });
  after(async () => {
    await b.close();
    await a.close();
  });

  const newKey = async (issuerId: string): Promise<{ id: string; apiKey: string }> => {
    const res = await a.http
      .post(`/api/v1/issuers/${issuerId}/api-keys`)
      .set(...bearer(ADMIN_TOKEN))
      .send({ label: 'LMS' })
      .expect(201);
    return { id: res.body.key.id as string, apiKey: res.body.apiKey as string };
  };

  it('a key revoked by another instance stops working there once its lifetime is over', async () => {
    const issuer = await createIssuer(a);
    const key = await newKey(issuer.id);
    // b reads and keeps the key
    await b.http
      .get('/api/v1/learners')
      .set(...bearer(key.apiKey))
      .expect(200);
    await a.http
      .delete(`/api/v1/issuers/${issuer.id}/api-keys/${key.id}`)
      .set(...bearer(ADMIN_TOKEN))
      .expect(200);
    await a.http
      .get('/api/v1/learners')
      .set(...bearer(key.apiKey))
      .expect(401);
    skew += API_KEY_KEPT_MS + 1;
    await b.http
      .get('/api/v1/learners')
      .set(...bearer(key.apiKey))
      .expect(401);
    await b.http
      .get('/api/v1/learners')
      .set(...bearer(issuer.apiKey))
      .expect(200);
  });

  const issue = (t: TestApp, apiKey: string, ids: { achievementId: string; learnerId: string }) =>
    t.http
      .post('/api/v1/credentials')
      .set(...bearer(apiKey))
      .send({ ...ids, language: 'lv' });

  it('an achievement archived in one instance is refused at once there, and by the other once its lifetime is over', async () => {
    const issuer = await createIssuer(a);
    const ids = await createCatalog(a, issuer);
    // both read and keep it
    assert.equal((await issue(a, issuer.apiKey, ids)).status, 201);
    assert.equal((await issue(b, issuer.apiKey, ids)).status, 201);
    await a.http
      .post(`/api/v1/achievements/${ids.achievementId}/archive`)
      .set(...bearer(issuer.apiKey))
      .expect(200);
    const here = await issue(a, issuer.apiKey, ids);
    assert.equal(here.status, 422, JSON.stringify(here.body));
    assert.match(JSON.stringify(here.body), /archived/);
    skew += ACHIEVEMENT_KEPT_MS + 1;
    const there = await issue(b, issuer.apiKey, ids);
    assert.equal(there.status, 422, JSON.stringify(there.body));
    assert.match(JSON.stringify(there.body), /archived/);
  });

  it('an achievement changed in this instance is issued in its new version by the very next issuance', async () => {
    const issuer = await createIssuer(b);
    const ids = await createCatalog(b, issuer);
    const first = await issue(b, issuer.apiKey, ids);
    assert.equal(first.status, 201);
    await b.http
      .patch(`/api/v1/achievements/${ids.achievementId}`)
      .set(...bearer(issuer.apiKey))
      .send({ title: { lv: 'Jauns nosaukums', en: 'A new title' } })
      .expect(200);
    const next = await issue(b, issuer.apiKey, ids);
    assert.equal(next.status, 201, JSON.stringify(next.body));
    const achievement = (next.body.credential as { credentialSubject: { achievement: { name: string } } })
      .credentialSubject.achievement;
    assert.equal(achievement.name, 'Jauns nosaukums');
  });

  it('an issuer list page kept by one instance is read again once the other one changes it', async () => {
    const issuer = await createIssuer(a);
    const ids = await createCatalog(a, issuer);
    const issued: string[] = [];
    for (let i = 0; i < 3; i += 1) issued.push((await issue(a, issuer.apiKey, ids)).body.id as string);
    const listOf = async (t: TestApp, query: string) => {
      const res = await t.http
        .get(`/api/v1/credentials?${query}`)
        .set(...bearer(issuer.apiKey))
        .expect(200);
      return (res.body.items as Array<{ id: string; status: string }>).map((c) => `${c.id}:${c.status}`);
    };
    const all = issued.map((id) => `${id}:active`);
    assert.deepEqual(await listOf(b, `learnerId=${ids.learnerId}`), all); // b reads and keeps the page
    assert.deepEqual(await listOf(b, `learnerId=${ids.learnerId}`), all);
    await a.http
      .post(`/api/v1/credentials/${issued[1]}/revoke`)
      .set(...bearer(issuer.apiKey))
      .send({ reason: 'Eksāmens anulēts' })
      .expect(200);
    assert.deepEqual(await listOf(b, `learnerId=${ids.learnerId}`), [
      `${issued[0]}:active`,
      `${issued[1]}:revoked`,
      `${issued[2]}:active`,
    ]);
    assert.deepEqual(await listOf(b, 'status=revoked'), [`${issued[1]}:revoked`]);
    const more = (await issue(a, issuer.apiKey, ids)).body.id as string;
    assert.equal((await listOf(b, `learnerId=${ids.learnerId}`)).at(-1), `${more}:active`);
  });
});
