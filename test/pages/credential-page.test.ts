import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { LANGUAGES } from '../../src/core/types.js';
import { bearer, type IssuerFixture } from '../helpers/app.js';
import {
  DESKTOP,
  PHONE,
  WAIT,
  browserSuite,
  createIssuer,
  issueExample,
  screenshot,
  text,
  textOf,
  verdictOf,
  type Issued,
  type LiveApp,
} from './browser.js';

describe('credential page in Chromium', function () {
  this.timeout(180_000);
  const suite = browserSuite('credential_page');
  let t: LiveApp;
  let issuer: IssuerFixture;
  let credential: Issued;

  const open = (url: string, options = PHONE, locale?: string): Promise<Page> =>
    suite.open(url, { ...options, ...(locale ? { locale } : {}) });

  before(async () => {
    t = suite.t;
    issuer = await createIssuer(t);
    credential = await issueExample(t, issuer);
  });

  for (const lang of LANGUAGES) {
    it(`shows "verified" and what the credential certifies, in ${lang}`, async () => {
      const page = await open(`${credential.url}?lang=${lang}`);
      const t_ = text(lang);
      assert.equal(await verdictOf(page), 'verified');
      assert.equal(await page.locator('html').getAttribute('lang'), lang);
      assert.equal(await textOf(page, '#result-title'), `✓ ${t_('result.verified.title')}`);
      assert.equal(await page.locator('#facts-title').innerText(), t_('facts.heading'));
      assert.equal(await page.locator('h1').innerText(), 'Digitālā satura veidošana tīmeklim');
      const facts = await page.locator('dl.pairs').innerText();
      for (const key of [
        'facts.learner',
        'facts.issuer',
        'facts.workload',
        'facts.level',
        'facts.assessment',
      ])
        assert.ok(facts.includes(t_(key)), `${lang}: ${key}`);
      assert.ok(facts.includes('Ģirts Ķēniņš'));
      assert.ok(facts.includes('Rīgas Valsts tehnikums'));
      const level = { en: 'EQF level 4', lv: 'EKI 4. līmenis', lt: 'EKS 4 lygis' }[lang];
      assert.ok(facts.includes(level), `${lang}: the EQF level in the page's language`);
      const hours = { en: '80 hours', lv: '80 stundu', lt: '80 valandų' }[lang];
      assert.ok(facts.includes(hours), `${lang}: the workload in hours (${facts})`);
      const report = (
        await t.http.post('/credentials/verify').send({ verifiableCredential: credential.credential })
      ).body as { checks: Array<{ id: string; valid: boolean }> };
      await page.getByText(t_('result.checks', { count: report.checks.length })).click();
      await page.locator('ol.checks li').first().waitFor({ state: 'visible', timeout: WAIT });
      assert.deepEqual(
        await page.locator('ol.checks li').evaluateAll((items) => items.map((li) => li.className)),
        report.checks.map((c) => (c.valid ? 'ok' : 'warn')),
        'the same checks as POST /credentials/verify',
      );
      await screenshot(page, `credential-verified-${lang}-phone`);
    });
  }

  it('picks the language from Accept-Language when ?lang= is absent, and switches with the switcher', async () => {
    const page = await open(credential.url, DESKTOP, 'lt-LT');
    assert.equal(await page.locator('html').getAttribute('lang'), 'lt');
    await page.getByRole('link', { name: 'Latviešu' }).click();
    await page.waitForURL(/lang=lv/, { timeout: WAIT });
    assert.equal(await page.locator('html').getAttribute('lang'), 'lv');
    assert.equal(await verdictOf(page), 'verified');
    await screenshot(page, 'credential-verified-lv-desktop');
  });

  it('links the issuer page and offers only downloads that exist', async () => {
    const page = await open(`${credential.url}?lang=en`, DESKTOP);
    const issuerLink = page.locator('dl.pairs a', { hasText: 'Rīgas Valsts tehnikums' });
    assert.equal(await issuerLink.getAttribute('href'), issuer.profileUrl);
    const downloads = await page
      .locator('ul.downloads a')
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    const links = credential.links;
    const offered = ['pdf', 'json', 'png', 'svg', 'edc'].map((k) => links[k]);
    assert.deepEqual(downloads, offered, 'PDF, JSON, baked PNG and SVG, EDC: the links of the issue answer');
    for (const href of [...downloads, links.qrSvg as string]) {
      const res = await t.http.get(new URL(href).pathname);
      assert.equal(res.status, 200, `${href} answers 200`);
    }
    assert.equal(await page.locator('figure.qr img').getAttribute('src'), links.qrSvg);
    const linkedIn = new URL((await page.locator('a.linkedin').getAttribute('href')) as string);
    assert.equal(linkedIn.origin + linkedIn.pathname, 'https://www.linkedin.com/profile/add');
    assert.equal(linkedIn.searchParams.get('name'), 'Digitālā satura veidošana tīmeklim');
    assert.equal(linkedIn.searchParams.get('organizationName'), 'Rīgas Valsts tehnikums');
    assert.equal(linkedIn.searchParams.get('certUrl'), credential.url);
    assert.equal(linkedIn.searchParams.get('certId'), credential.credential.id);
    assert.match(String(linkedIn.searchParams.get('issueYear')), /^20\d\d$/);
    const verifyLink = page.getByRole('link', { name: text('en')('credential.verifyLink') });
    assert.equal(await verifyLink.getAttribute('href'), links.verify);
    await verifyLink.click();
    await page.waitForURL(/\/verify\?credential=/, { timeout: WAIT });
    assert.equal(await page.locator('textarea').first().inputValue(), credential.url);
  });

  it('copies the link with the copy button', async () => {
    const context = await suite.context({ ...DESKTOP, permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await page.goto(`${credential.url}?lang=en`, { timeout: WAIT });
    await page.getByRole('button', { name: text('en')('credential.copy') }).click();
    await page
      .locator('.copy-status', { hasText: text('en')('credential.copied') })
      .waitFor({ timeout: WAIT });
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), credential.url);
  });

  it('shows "revoked" after the issuer revokes, and "suspended" after a suspend', async () => {
    const other = await issueExample(t, issuer);
    const change = (id: string, action: string) =>
      t.http
        .post(`/api/v1/credentials/${id}/${action}`)
        .set(...bearer(issuer.apiKey))
        .send({})
        .expect(200);
    await change(credential.id, 'revoke');
    await change(other.id, 'suspend');
    for (const lang of LANGUAGES) {
      const revoked = await open(`${credential.url}?lang=${lang}`);
      assert.equal(await verdictOf(revoked), 'revoked');
      assert.ok(
        (await revoked.locator('#result-title').innerText()).includes(text(lang)('result.revoked.title')),
      );
      await screenshot(revoked, `credential-revoked-${lang}-phone`);
      const suspended = await open(`${other.url}?lang=${lang}`);
      assert.equal(await verdictOf(suspended), 'suspended');
      const reason = await suspended.locator('.result .reason').innerText();
      assert.ok(reason.includes(text(lang)('code.suspended')), reason);
      await screenshot(suspended, `credential-suspended-${lang}-phone`);
    }
    await change(other.id, 'reinstate');
    assert.equal(await verdictOf(await open(`${other.url}?lang=en`)), 'verified');
  });
});
