import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request, { type Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { createApp } from '../../src/app.js';
import type { Lang } from '../../src/core/types.js';
import { type Deps } from '../../src/deps.js';
import type { EmbeddedStore } from '../../src/infra/embedded-store.js';
import { loadCatalogues } from '../../src/i18n/index.js';
import { bearer, createCatalog, createIssuer, startTestApp, type TestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/problem.js';
import { startStandaloneStore } from '../helpers/store.js';
import { until } from '../helpers/wait.js';
import { assertOutageText } from './outage-words.js';

const catalogues = loadCatalogues();
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** How each language is asked for: by ?lang=, by Accept-Language, and by both (?lang= wins). */
const ASKED: Array<{ lang: Lang; query: string; acceptLanguage: string }> = [
  { lang: 'lv', query: '?lang=lv', acceptLanguage: 'en' },
  { lang: 'lt', query: '', acceptLanguage: 'lt-LT,lt;q=0.9,en;q=0.5' },
  { lang: 'en', query: '?lang=en', acceptLanguage: 'lv' },
];

/** The outage page: 503 HTML in the language asked for, try later, no verdict, nothing internal. */
function assertOutagePage(res: Response, lang: Lang, storePort: number): void {
  assert.equal(res.status, 503, res.text);
  assert.match(String(res.headers['content-type']), /^text\/html/);
  assert.equal(res.headers['content-language'], lang);
  assert.match(String(res.headers['retry-after']), /^\d+$/, 'says when to retry');
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.match(String(res.headers.vary), /Accept\b/);
  assert.match(res.text, new RegExp(`<html lang="${lang}">`));
  assertOutageText(res.text.replace(/<[^>]+>/g, ' '), lang, storePort);
}

describe('pages during a store outage: a browser gets a 503 page in its language, a program problem+json', function () {
  this.timeout(240000);
  let dir: string;
  let store: EmbeddedStore;
  let deps: Deps;
  let http: TestAgent;
  let slug: string;
  let id: string;
  let url: string;
  let credential: Record<string, unknown>;
  let t: TestApp;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tilts-outage-pages-'));
    store = await startStandaloneStore(dir);
    t = await startTestApp('outage_pages', { mongoUri: `${store.uri}tilts_outage_pages` });
    ({ deps, http } = t);
    const issuer = await createIssuer(t);
    slug = issuer.slug;
    const auth = bearer(issuer.apiKey);
    const body = { ...(await createCatalog(t, issuer)), language: 'lv' };
    const issued = (
      await http
        .post('/api/v1/credentials')
        .set(...auth)
        .send(body)
        .expect(201)
    ).body;
    id = issued.id;
    url = issued.credential.id;
    credential = issued.credential;
  });
  after(async () => {
    await t?.close();
    await store?.stop();
    rmSync(dir, { recursive: true, force: true });
    // mocha keeps every suite's closure to the end of the run: let the app and its caches go
    deps = undefined as unknown as Deps;
    http = undefined as unknown as TestAgent;
  });

  /** The three pages that read the store, as a browser asks for them. */
  const pages = (query: string, acceptLanguage: string) => {
    const browser = (req: request.Test) => req.set('Accept', BROWSER).set('Accept-Language', acceptLanguage);
    return {
      credential: browser(http.get(`/credentials/${id}${query}`)),
      issuer: browser(http.get(`/issuers/${slug}${query}`)),
      verifyLink: browser(http.post(`/verify${query}`).type('form').send({ credential: url })),
    };
  };

  it('store killed: the credential page, the verify page given our own link and the issuer page say in lv, lt and en "cannot check now, try later"; programs still get problem+json; all work again once it is back', async () => {
    const before = pages('?lang=lv', 'lv');
    for (const [name, res] of Object.entries(before)) assert.equal((await res).status, 200, name);
    const port = store.port;
    process.kill(store.pid()!, 'SIGKILL');
    await until('the store is gone', async () => !store.running());

    const answers = await Promise.all(
      ASKED.flatMap(({ lang, query, acceptLanguage }) =>
        Object.entries(pages(query, acceptLanguage)).map(async ([name, req]) => ({
          lang,
          name,
          res: await req,
        })),
      ),
    );
    for (const { lang, name, res } of answers) {
      assert.ok(res.text.length > 0, `${name} ${lang}`);
      assertOutagePage(res, lang, port);
    }
    const programs = await Promise.all([
      http.get(`/credentials/${id}`).set('Accept', 'application/json'),
      http.get(`/credentials/${id}`),
      http.get(`/issuers/${slug}`).set('Accept', 'application/ld+json'),
      http.post('/verify').set('Accept', 'application/json').type('form').send({ credential: url }),
      http.post('/credentials/verify').send({ verifiableCredential: credential }),
    ]);
    for (const res of programs) {
      assertProblem(res, 503, 'service-unavailable');
      assert.ok(!res.text.includes(String(port)));
    }

    store = await startStandaloneStore(dir, port);
    await until('the service is ready again', async () => (await http.get('/readyz')).status === 200);
    const again = await pages('?lang=lt', 'lt').credential;
    assert.equal(again.status, 200);
    assert.match(again.text, /data-verdict="verified"/);
    assert.ok(again.text.includes(catalogues.lt['result.verified.title']!));
  });

  it('store frozen past the request deadline: a browser gets the page in its language, a program problem+json', async () => {
    const hasty = request(createApp(deps, { requestDeadlineMs: 1000 }));
    process.kill(store.pid()!, 'SIGSTOP');
    let answers: Response[];
    try {
      answers = await Promise.all([
        hasty.get(`/credentials/${id}`).set('Accept', BROWSER).set('Accept-Language', 'lt'),
        hasty.get(`/issuers/${slug}?lang=lv`).set('Accept', BROWSER),
        hasty.get(`/credentials/${id}`).set('Accept', 'application/vc+ld+json'),
      ]);
    } finally {
      process.kill(store.pid()!, 'SIGCONT');
    }
    const [page, issuerPage, program] = answers;
    assertOutagePage(page!, 'lt', store.port);
    assertOutagePage(issuerPage!, 'lv', store.port);
    assertProblem(program!, 503, 'service-unavailable');
    assert.match(program!.body.detail, /could not answer in time/);
    await until('the service is ready again', async () => (await http.get('/readyz')).status === 200);
  });
});
