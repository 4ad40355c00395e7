import assert from 'node:assert/strict';
import { LANGUAGES } from '../../src/core/types.js';
import { loadCatalogues } from '../../src/i18n/index.js';
import { createIssuer, snapshot, startTestApp, type TestApp } from '../helpers/app.js';
import { issueExample, type Issued } from './browser.js';

const BROWSER_ACCEPT =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const catalogue = loadCatalogues();

/** Every URL a page loads by itself (not links a person follows). */
function loadedResources(html: string): string[] {
  const tags = html.match(/<(script|link|img|iframe|source|video|audio)\b[^>]*>/gi) ?? [];
  return tags.flatMap((tag) => [...tag.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1] as string));
}

/** Visible text: tags removed. */
const visibleText = (html: string): string => html.replace(/<[^>]+>/g, ' ');

describe('pages over HTTP: negotiation, headers, privacy, assets', function () {
  this.timeout(120_000);
  let t: TestApp;
  let issuerSlug: string;
  let credential: Issued;
  const html = (path: string, headers: Record<string, string> = {}) => {
    const req = t.http.get(path).set('Accept', BROWSER_ACCEPT);
    for (const [k, v] of Object.entries(headers)) req.set(k, v);
    return req;
  };

  before(async () => {
    t = await startTestApp('pages_http');
    const issuer = await createIssuer(t);
    issuerSlug = issuer.slug;
    credential = await issueExample(t, issuer);
  });
  after(() => t.close());

  describe('GET /credentials/{id} content negotiation', () => {
    const path = () => new URL(credential.url).pathname;
    for (const [accept, type] of [
      [undefined, 'application/vc+ld+json'],
      ['*/*', 'application/vc+ld+json'],
      ['application/json', 'application/vc+ld+json'],
      ['application/ld+json', 'application/vc+ld+json'],
      ['application/vc+ld+json', 'application/vc+ld+json'],
      ['application/json;q=0.9,text/html;q=0.5', 'application/vc+ld+json'],
      ['text/html', 'text/html'],
      [BROWSER_ACCEPT, 'text/html'],
    ] as const) {
      it(`Accept: ${accept ?? '(none)'} → ${type}`, async () => {
        const req = t.http.get(path());
        if (accept) req.set('Accept', accept);
        const res = await req.expect(200);
        assert.equal(String(res.headers['content-type']).split(';')[0], type);
        assert.match(String(res.headers.vary), /Accept/);
        if (type !== 'text/html') assert.deepEqual(JSON.parse(res.text), credential.credential);
      });
    }

    it('.json stays JSON for a browser', async () => {
      const res = await html(`${path()}.json`).expect(200);
      assert.match(String(res.headers['content-type']), /^application\/json/);
    });

    it('an unknown credential is a 404 page for a browser and a 404 problem for programs, storing nothing', async () => {
      const before = await snapshot(t);
      const missing = '/credentials/00000000-0000-4000-8000-000000000000';
      const page = await html(`${missing}?lang=lt`).expect(404);
      assert.match(String(page.headers['content-type']), /^text\/html/);
      assert.ok(page.text.includes(catalogue.lt['verify.error.unknown-credential'] as string));
      assert.equal(page.headers['x-robots-tag'], 'noindex, nofollow');
      const problem = await t.http.get(missing).expect(404);
      assert.match(String(problem.headers['content-type']), /^application\/problem\+json/);
      assert.equal(problem.body.code, 'not-found');
      assert.equal(await snapshot(t), before);
    });
  });

  describe('the credential page keeps the learner private', () => {
    it('is noindex (header and meta) and not publicly cached', async () => {
      const res = await html(new URL(credential.url).pathname).expect(200);
      assert.equal(res.headers['x-robots-tag'], 'noindex, nofollow');
      assert.match(res.text, /<meta name="robots" content="noindex, nofollow">/);
      assert.match(String(res.headers['cache-control']), /private/);
    });

    it('shows the name the credential states and never the e-mail, its hash or salt', async () => {
      const res = await html(new URL(credential.url).pathname).expect(200);
      assert.ok(res.text.includes('Ģirts Ķēniņš'));
      const subject = credential.credential.credentialSubject as {
        identifier: Array<Record<string, string>>;
      };
      const hashed = subject.identifier.find((i) => i.hashed) as Record<string, string>;
      for (const secret of ['girts.kenins@example.lv', hashed.identityHash, hashed.salt])
        assert.ok(!res.text.includes(secret as string), `${secret} is not on the page`);
    });
  });

  describe('every HTML page', () => {
    const pages = () => ['/', '/verify', new URL(credential.url).pathname, `/issuers/${issuerSlug}`, '/docs'];

    it('has a strict Content-Security-Policy and loads nothing from elsewhere, nothing inline', async () => {
      for (const path of pages()) {
        const res = await html(path).expect(200);
        assert.match(String(res.headers['content-type']), /^text\/html/, path);
        const csp = String(res.headers['content-security-policy']);
        for (const directive of [
          "default-src 'self'",
          "script-src 'self'",
          "style-src 'self'",
          "object-src 'none'",
        ])
          assert.ok(csp.split(';').includes(directive), `${path}: ${directive} in ${csp}`);
        assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'), `${path}: ${csp}`);
        for (const url of loadedResources(res.text))
          assert.ok(
            /^\/(?!\/)/.test(url) || url.startsWith(`${t.config.publicUrl}/`),
            `${path} loads ${url} from its own origin`,
          );
        assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(res.text), `${path}: no inline script`);
        assert.ok(!/<style\b|\sstyle="/i.test(res.text), `${path}: no inline style`);
        assert.ok(!/\son[a-z]+="/i.test(res.text), `${path}: no inline event handler`);
      }
    });

    it('is in the language of ?lang=, else Accept-Language, with every string from the catalogue', async () => {
      for (const path of pages()) {
        for (const lang of LANGUAGES) {
          const byHeader = await html(path, { 'Accept-Language': `${lang};q=0.9,de;q=1` }).expect(200);
          assert.match(byHeader.text, new RegExp(`<html lang="${lang}">`), `${path} by header`);
          assert.equal(byHeader.headers['content-language'], lang);
          assert.match(String(byHeader.headers.vary), /Accept-Language/);
          const byQuery = await html(`${path}?lang=${lang}`, { 'Accept-Language': 'lt' }).expect(200);
          assert.match(byQuery.text, new RegExp(`<html lang="${lang}">`), `${path} by ?lang=`);
          assert.ok(byQuery.text.includes(`>${catalogue[lang]['layout.skip']}<`));
          const words = visibleText(byQuery.text);
          for (const key of Object.keys(catalogue.en))
            assert.ok(!words.includes(key), `${path} ${lang}: the key ${key} is shown instead of its text`);
        }
      }
    });
  });

  describe('static assets', () => {
    const assetUrls = async () => loadedResources((await html('/docs').expect(200)).text);

    it('are served under content-hashed names, cached for a year, with ETags', async () => {
      const urls = await assetUrls();
      assert.ok(
        urls.some((u) => /^\/assets\/site\.[0-9a-f]{12}\.css$/.test(u)),
        urls.join(' '),
      );
      assert.ok(urls.some((u) => /^\/assets\/swagger-ui-bundle\.[0-9a-f]{12}\.js$/.test(u)));
      for (const url of urls) {
        const res = await t.http.get(url).expect(200);
        assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable', url);
        const etag = String(res.headers.etag);
        await t.http.get(url).set('If-None-Match', etag).expect(304);
      }
    });

    it('are compressed for clients that accept gzip, the same content', async () => {
      const [css] = (await assetUrls()).filter((u) => u.endsWith('.css') && u.includes('site.'));
      const plain = await t.http
        .get(css as string)
        .set('Accept-Encoding', 'identity')
        .expect(200);
      assert.equal(plain.headers['content-encoding'], undefined);
      const zipped = await t.http
        .get(css as string)
        .set('Accept-Encoding', 'gzip')
        .expect(200);
      assert.equal(zipped.headers['content-encoding'], 'gzip');
      assert.ok(Number(zipped.headers['content-length']) < Number(plain.headers['content-length']));
      assert.equal(zipped.text, plain.text, 'the client decompresses it to the same bytes');
    });

    it('answers 404 for anything else, and plain names revalidate', async () => {
      await t.http.get('/assets/nothing.js').expect(404);
      await t.http.get('/assets/..%2Fpackage.json').expect(404);
      const plain = await t.http.get('/assets/site.css').expect(200);
      assert.match(String(plain.headers['cache-control']), /must-revalidate/);
    });
  });

  describe('the issuer page', () => {
    it('puts each label beside its own value', async () => {
      const res = await html(`/issuers/${issuerSlug}?lang=lv`).expect(200);
      const rows = res.text.match(/<div><dt>[\s\S]*?<\/div>/g) ?? [];
      assert.ok(rows.length >= 6);
      for (const row of rows) {
        assert.equal(row.match(/<dt>/g)?.length, 1, row);
        assert.equal(row.match(/<dd>/g)?.length, 1, row);
      }
      assert.ok(res.text.includes('Digitālā satura veidošana tīmeklim'), 'its achievements are listed');
    });

    it('stays JSON-LD for programs', async () => {
      const res = await t.http.get(`/issuers/${issuerSlug}`).expect(200);
      assert.match(String(res.headers['content-type']), /^application\/ld\+json/);
    });
  });

  describe('POST /verify shares the rate limit of POST /credentials/verify', () => {
    let limited: TestApp;
    before(async () => {
      limited = await startTestApp('pages_rate', { env: { VERIFY_RATE_LIMIT: '3' } });
    });
    after(() => limited.close());

    it('answers 429 in words on the page once the shared budget is spent, storing nothing', async () => {
      const before = await snapshot(limited);
      await limited.http.post('/credentials/verify').send({ verifiableCredential: credential.credential });
      const first = await limited.http
        .post('/verify?lang=lv')
        .type('form')
        .send({ credential: JSON.stringify(credential.credential) });
      assert.equal(first.status, 200);
      const file = Buffer.from(JSON.stringify(credential.credential));
      const upload = await limited.http.post('/verify?lang=lv').attach('file', file, 'credential.json');
      assert.equal(upload.status, 200, 'an upload on the page draws on the same budget');
      assert.match(upload.text, /data-verdict=/, 'it was checked (its issuer lives in another store)');
      const second = await limited.http.post('/verify?lang=lv').type('form').send({ credential: '{}' });
      assert.equal(second.status, 429);
      assert.match(String(second.headers['content-type']), /^text\/html/);
      assert.ok(second.text.includes(catalogue.lv['verify.error.rate'] as string));
      const third = await limited.http.post('/verify?lang=lt').attach('file', file, 'credential.json');
      assert.equal(third.status, 429);
      assert.ok(third.text.includes(catalogue.lt['verify.error.rate'] as string));
      assert.ok(!third.text.includes('data-verdict'), 'nothing was checked');
      await limited.http.post('/credentials/verify').send({ verifiableCredential: {} }).expect(429);
      await limited.http.post('/api/v1/verify/file').attach('file', file, 'credential.json').expect(429);
      assert.equal(await snapshot(limited), before);
    });
  });

  describe('POST /verify with bad input', () => {
    it('answers a page, never a 500: missing field, repeated field, JSON body, oversized body', async () => {
      const before = await snapshot(t);
      const empty = await t.http.post('/verify').type('form').send({}).expect(422);
      assert.ok(empty.text.includes(catalogue.en['verify.error.empty'] as string));
      const repeated = await t.http
        .post('/verify')
        .type('form')
        .send('credential=a&credential=b')
        .expect(422);
      assert.match(String(repeated.headers['content-type']), /^text\/html/);
      const json = await t.http.post('/verify').send({ credential: 'x' });
      assert.ok(json.status < 500, String(json.status));
      const huge = await t.http
        .post('/verify')
        .type('form')
        .send({ credential: 'x'.repeat(2 * 1024 * 1024) });
      assert.equal(huge.status, 413);
      assert.equal(await snapshot(t), before);
    });

    it('explains malformed and too deeply nested JSON in words (422), checking nothing', async () => {
      for (const [input, key] of [
        ['{"@context": [', 'verify.error.malformed-json'],
        [`${'['.repeat(80)}${']'.repeat(80)}`, 'verify.error.json-too-deep'],
      ] as const) {
        const res = await t.http.post('/verify?lang=lv').type('form').send({ credential: input }).expect(422);
        assert.ok(res.text.includes(catalogue.lv[key] as string), key);
        assert.ok(!res.text.includes('data-verdict'), 'no verdict for text that is not a credential');
      }
    });

    it('answers every unusable upload with a page in words and the status of POST /api/v1/verify/file', async () => {
      const before = await snapshot(t);
      const cases: Array<[string, Buffer, number, string]> = [
        ['huge.pdf', Buffer.alloc(20 * 1024 * 1024, 7), 413, 'payload-too-large'],
        ['badge.png', Buffer.from('plain text, not a picture'), 422, 'file-not-image'],
        ['broken.json', Buffer.from('{"type": '), 400, 'malformed-json'],
        ['random.bin', Buffer.from([0, 1, 2, 250, 251]), 415, 'file-unsupported'],
      ];
      for (const [name, bytes, status, code] of cases) {
        const page = await t.http.post('/verify?lang=lt').attach('file', bytes, name);
        assert.equal(page.status, status, name);
        assert.match(String(page.headers['content-type']), /^text\/html/, name);
        assert.ok(page.text.includes(catalogue.lt[`verify.fileError.${code}`] as string), name);
        const api = await t.http.post('/api/v1/verify/file').attach('file', bytes, name);
        assert.equal(api.status, status, `${name} (API)`);
        assert.equal(api.body.code, code, `${name} (API)`);
      }
      const none = await t.http.post('/verify?lang=en').field('other', 'x');
      assert.equal(none.status, 400);
      assert.ok(none.text.includes(catalogue.en['verify.fileError.file-missing'] as string));
      assert.equal(await snapshot(t), before);
    });

    it('verifies a JSON string from the form like the API does', async () => {
      const res = await t.http
        .post('/verify')
        .type('form')
        .send({ credential: JSON.stringify(credential.credential) })
        .expect(200);
      assert.match(res.text, /data-verdict="verified"/);
    });
  });
});
