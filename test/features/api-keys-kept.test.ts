import { ADMIN_TOKEN, bearer, createIssuer, startTestApp, type TestApp } from '../helpers/app.js';
import { API_KEY_KEPT_MS } from '../../src/features/api-keys/api-keys.repository.js';

/**
 * API keys found are kept in memory for API_KEY_KEPT_MS (README "Storage"): a revocation in the same
 * process takes effect at once, one made by another instance on the same store within the lifetime.
 */
describe('API keys kept in memory', () => {
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
});
