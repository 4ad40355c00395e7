import assert from 'node:assert/strict';
import type { Lang } from '../../src/core/types.js';
import { passedCheckWords, warningWords } from '../../src/features/pages/check-words.js';
import type { PageReport } from '../../src/features/pages/result.view.js';
import { loadCatalogues, translator } from '../../src/i18n/index.js';
import { createIssuer, startTestApp, type TestApp } from '../helpers/app.js';
import { issueExample, type Issued } from './browser.js';

const BROWSER = 'text/html,application/xhtml+xml,*/*;q=0.8';
const catalogues = loadCatalogues();

/** Each listed check of a page: its id (from its name), its outcome words, and its detail as marked up. */
function checksOf(html: string): Array<{ name: string; detail: string; english: boolean }> {
  const list = /<ol class="checks">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
  return [
    ...list.matchAll(
      /<li class="[a-z]+">[\s\S]*?<strong>([^<]*)<\/strong>[\s\S]*?<br>([\s\S]*?)<\/span><\/li>/g,
    ),
  ].map(([, name, detail]) => ({
    name: name ?? '',
    detail: detail ?? '',
    english: /lang="en"/.test(detail ?? ''),
  }));
}

const unescape = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe("check details and seal warnings in the reader's language", function () {
  this.timeout(120_000);
  let t: TestApp;
  let ob: Issued;
  let edc: Issued;

  before(async () => {
    t = await startTestApp('check_words');
    const issuer = await createIssuer(t);
    ob = await issueExample(t, issuer);
    edc = await issueExample(t, issuer, { format: 'edc' });
  });
  after(async () => {
    await t.close();
    // mocha keeps every suite's closure to the end of the run: let the app and its caches go
    t = undefined as unknown as TestApp;
  });

  const page = (url: string, lang: Lang) =>
    t.http
      .get(`${new URL(url).pathname}?lang=${lang}`)
      .set('Accept', BROWSER)
      .expect(200);
  const verifyPage = (credential: unknown, lang: Lang) =>
    t.http
      .post(`/verify?lang=${lang}`)
      .set('Accept', BROWSER)
      .type('form')
      .send({ credential: JSON.stringify(credential) });

  for (const lang of ['lv', 'lt'] as const) {
    it(`${lang}: the credential page says what every check established in ${lang}, none in English`, async () => {
      const tr = translator(catalogues, lang);
      const checks = checksOf((await page(ob.url, lang)).text);
      const report = await t.http
        .post('/credentials/verify')
        .send({ verifiableCredential: ob.credential })
        .expect(200);
      const ids = (report.body.checks as Array<{ id: string }>).map((c) => c.id);
      assert.ok(ids.length >= 10);
      for (const id of ids) {
        const check = checks.find((c) => c.name === tr(`check.${id}`));
        assert.ok(check, `${lang}: the ${id} check is listed`);
        assert.equal(check.english, false, `${lang}: ${id} is not in English`);
        const variant = id === 'endorsements' ? 'endorsements-none' : id;
        assert.equal(unescape(check.detail), tr(`checkDetail.${variant}`), `${lang}: ${id}`);
      }
      assert.ok(
        checks.every((c) => !c.english),
        `${lang}: no check detail in English`,
      );
    });

    it(`${lang}: a sealed EDC on /verify: its checks and its self-signed seal warning in ${lang}`, async () => {
      const tr = translator(catalogues, lang);
      const res = await verifyPage(edc.credential, lang);
      assert.equal(res.status, 200);
      const checks = checksOf(res.text);
      for (const id of ['parse', 'format', 'seal', 'certificate', 'validity', 'status']) {
        const check = checks.find((c) => c.name === tr(`check.${id}`));
        assert.ok(check, `${lang}: the ${id} check is listed`);
        assert.equal(unescape(check.detail), tr(`checkDetail.edc.${id}`), `${lang}: ${id}`);
      }
      const warnings = /<ul class="warnings">([\s\S]*?)<\/ul>/.exec(res.text)?.[1] ?? '';
      assert.ok(unescape(warnings).includes(tr('warning.seal-self-signed')), `${lang}: ${warnings}`);
      assert.doesNotMatch(warnings, /lang="en"/);
      assert.doesNotMatch(res.text, /self-signed: not qualified/);
    });
  }

  it("a failing check is said by its code in the reader's language, its English detail kept and marked as technical", async () => {
    const tampered = structuredClone(ob.credential) as { credentialSubject: Record<string, unknown> };
    tampered.credentialSubject.creditsEarned = 30;
    const tr = translator(catalogues, 'lv');
    const res = await verifyPage(tampered, 'lv');
    const proof = checksOf(res.text).find((c) => c.name === tr('check.proof'));
    assert.ok(proof);
    assert.equal(proof.english, true);
    assert.ok(
      proof.detail.startsWith(`<span class="detail">${tr('checkDetail.technical')}: <span lang="en">`),
    );
    assert.ok(res.text.includes(`${tr('check.proof')}: ${tr('code.signature-invalid')}`));
  });

  it("the API's reasons stay the verifier's English", async () => {
    const res = await t.http
      .post('/credentials/verify')
      .send({ verifiableCredential: ob.credential })
      .expect(200);
    const proof = (res.body.checks as Array<{ id: string; detail: string }>).find((c) => c.id === 'proof');
    assert.match(proof?.detail ?? '', /^DataIntegrityProof eddsa-rdfc-2022 proof by did:web:.* verifies$/);
    const sealed = await t.http
      .post('/credentials/verify')
      .send({ verifiableCredential: edc.credential })
      .expect(200);
    assert.deepEqual(sealed.body.warnings, ['the seal certificate is self-signed: not qualified']);
  });

  it('knows every warning wording the verifiers write today; an unknown one stays English, marked', () => {
    const t = translator(catalogues, 'lt');
    const known = [
      'the seal certificate is self-signed: not qualified',
      'the seal certificate claims to be qualified (QcCompliance); not confirmed against the EU trusted list',
      'the seal certificate is not self-signed but was not checked against any trusted list',
      'unsigned EDC: its content was checked, its origin was not',
      'status and endorsements were not checked because the proof does not verify',
      'the JWT proof was accepted; the embedded proofs it also carries were not checked',
      'the micro-credential lacks mandatory EU elements: learning outcomes, workload',
      'OB 3.0 expects the issuer as a Profile object, not a bare id',
      'the OB 3.0 @context should directly follow the base context',
      'a credentialSchema entry without id was ignored',
      'JSON Schema https://x.example/s.json is not held by this verifier; not checked',
      '3 nested endorsement(s) were not verified (nesting limit)',
      'endorsement urn:x does not verify: proof',
      'no challenge was given: the presentation may be a replay',
    ];
    for (const warning of known) {
      const said = warningWords(warning, t);
      assert.equal(said.lang, undefined, warning);
      assert.ok(!said.text.startsWith('warning.'), warning);
    }
    assert.equal(
      warningWords('only the first 10 of 12 endorsements were verified', t).text,
      'Patikrinti tik pirmieji 10 iš 12 patvirtinimų.',
    );
    assert.deepEqual(warningWords('something new', t), { text: 'something new', lang: 'en' });
  });
});

describe('check words: passed checks that established less are said so', () => {
  const t = translator(catalogues, 'lv');
  const ob = { summary: { format: 'ob3-di' } } as unknown as PageReport;
  const edc = { summary: { format: 'edc' } } as unknown as PageReport;
  const words = (id: string, detail: string, report = ob) =>
    passedCheckWords({ id, valid: true, detail } as PageReport['checks'][number], report, t)?.text;

  it('tells a schema checked from none held, a revocation list from none, endorsements from none', () => {
    assert.equal(words('schema', 'valid against https://x.example/s.json'), t('checkDetail.schema'));
    assert.equal(words('schema', 'no JSON Schema held for this credential'), t('checkDetail.schema-none'));
    assert.equal(words('status', 'revocation bit 5 is not set'), t('checkDetail.status'));
    assert.equal(words('status', 'the credential has no credentialStatus'), t('checkDetail.status-none'));
    assert.equal(words('endorsements', 'no endorsements'), t('checkDetail.endorsements-none'));
    assert.equal(words('endorsements', '2 of 2 endorsements verify'), t('checkDetail.endorsements'));
    assert.equal(words('issuer', 'issuer did:key:z6Mk'), t('checkDetail.issuer-named'));
    assert.equal(
      words('issuer', 'issuer did:web:x; its controller document is resolved'),
      t('checkDetail.issuer'),
    );
    assert.equal(
      words(
        'status',
        'not a credential of this service: an EDC carries no status list, so revocation was not checked',
        edc,
      ),
      t('checkDetail.edc.status-unrecorded'),
    );
    assert.equal(words('status', "active in the issuer's records", edc), t('checkDetail.edc.status'));
    assert.equal(
      passedCheckWords({ id: 'proof', valid: false, code: 'signature-invalid', detail: 'x' }, ob, t),
      undefined,
    );
  });
});
