import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { assertProblem } from '../../helpers/problem.js';
import { binary, issuerWith } from './helpers.js';

/** The media type each link promises; a link without an entry here fails the walk. */
const PROMISED: Record<string, RegExp> = {
  self: /^application\/(vc\+ld\+json|vc\+jwt|ld\+json|json)|^text\/html/,
  json: /^application\/json/,
  jwt: /^application\/vc\+jwt/,
  pdf: /^application\/pdf/,
  png: /^image\/png/,
  svg: /^image\/svg\+xml/,
  qr: /^image\/png/,
  qrSvg: /^image\/svg\+xml/,
  edc: /^application\/json/,
  verify: /^text\/html/,
};

describe('links of an issue answer', function () {
  this.timeout(120_000);
  let t: TestApp;

  before(async () => {
    t = await startTestApp('renderings-links');
  });
  after(() => t.close());

  for (const format of ['ob3-di', 'ob3-jwt', 'edc'] as const) {
    it(`every link of a ${format} credential answers 200 with the media type it promises`, async () => {
      const catalog = await issuerWith(t);
      const issued = await catalog.issue({ givenName: 'Ģirts', familyName: 'Ķēniņš' }, 'lv', format);
      const expected = [
        'self',
        'json',
        ...(format === 'ob3-jwt' ? ['jwt'] : []),
        'pdf',
        'png',
        'svg',
        'qr',
        'qrSvg',
        'edc',
        'verify',
      ];
      assert.deepEqual(Object.keys(issued.links).sort(), expected.sort());
      for (const [name, url] of Object.entries(issued.links)) {
        assert.ok(url.startsWith(`${t.config.publicUrl}/`), `${name} is under PUBLIC_URL`);
        const res = await binary(t.http.get(url.slice(t.config.publicUrl.length)));
        assert.equal(res.status, 200, `${name} → ${url}: ${res.status}`);
        const promised = PROMISED[name];
        assert.ok(promised, `link "${name}" has no promised media type (add its route and an entry here)`);
        assert.match(String(res.headers['content-type']), promised, name);
      }
    });
  }

  it('has no certificate, badge or EDC for a credential signed through the VC-API (links and routes agree)', async () => {
    const catalog = await issuerWith(t);
    const auth: [string, string] = ['Authorization', `Bearer ${catalog.issuer.apiKey}`];
    const credential = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      credentialSubject: { id: 'did:example:learner' },
    };
    await t.http
      .post('/credentials/issue')
      .set(...auth)
      .send({ credential })
      .expect(201);
    const list = await t.http
      .get('/api/v1/credentials')
      .set(...auth)
      .expect(200);
    const item = (
      list.body.items as Array<{ id: string; format: string; links: Record<string, string> }>
    ).find((i) => i.format === 'vc-di');
    assert.ok(item, 'the VC-API credential is listed');
    assert.deepEqual(Object.keys(item.links).sort(), ['json', 'qr', 'qrSvg', 'self', 'verify']);
    for (const [name, url] of Object.entries(item.links)) {
      const res = await binary(t.http.get(url.slice(t.config.publicUrl.length)));
      assert.equal(res.status, 200, name);
      assert.match(String(res.headers['content-type']), PROMISED[name] as RegExp, name);
    }
    for (const suffix of ['.pdf', '.png', '.svg'])
      assertProblem(await t.http.get(`/credentials/${item.id}${suffix}`), 404, 'not-found');
  });
});
