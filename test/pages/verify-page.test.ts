import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Lang } from '../../src/core/types.js';
import { example, snapshot, type IssuerFixture } from '../helpers/app.js';
import {
  DESKTOP,
  PHONE,
  WAIT,
  browserSuite,
  createIssuer,
  issueExample,
  pasteAndVerify,
  screenshot,
  text,
  textOf,
  verdictOf,
  type Issued,
  type LiveApp,
} from './browser.js';

describe('verify page in Chromium', function () {
  this.timeout(180_000);
  const suite = browserSuite('verify_page');
  let t: LiveApp;
  let issuer: IssuerFixture;
  let credential: Issued;

  const openVerify = (lang: string, options = PHONE, query = ''): Promise<Page> =>
    suite.open(`${t.origin}/verify?lang=${lang}${query}`, options);
  const pasteAndCheck = (page: Page, value: string, lang: string): Promise<void> =>
    pasteAndVerify(page, value, lang as Lang);

  before(async () => {
    t = suite.t;
    issuer = await createIssuer(t);
    credential = await issueExample(t, issuer);
  });

  it('pasting the credential JSON ends in "verified" with what it certifies', async () => {
    const page = await openVerify('lv');
    await pasteAndCheck(page, JSON.stringify(credential.credential, null, 2), 'lv');
    assert.equal(await verdictOf(page), 'verified');
    assert.equal(await textOf(page, '#result-title'), `✓ ${text('lv')('result.verified.title')}`);
    assert.ok((await textOf(page, 'dl.pairs')).includes('Ģirts Ķēniņš'));
    await screenshot(page, 'verify-json-verified-lv-phone');
  });

  it('pasting a VC-JWT ends in "verified"', async () => {
    const jwt = await issueExample(t, issuer, { format: 'ob3-jwt' });
    assert.ok(jwt.jwt);
    const page = await openVerify('en', DESKTOP);
    await pasteAndCheck(page, jwt.jwt as string, 'en');
    assert.equal(await verdictOf(page), 'verified');
    assert.ok((await textOf(page, 'dl.pairs')).includes('Digitālā satura veidošana tīmeklim'));
    await screenshot(page, 'verify-jwt-verified-en-desktop');
  });

  it('a tampered JSON ends in "not verified", naming the signature check, and nothing is stored', async () => {
    const tampered = structuredClone(credential.credential) as Record<string, Record<string, unknown>>;
    (tampered.credentialSubject as Record<string, unknown>).creditsEarned = 30;
    const before = await snapshot(t);
    for (const lang of ['lv', 'en', 'lt'] as const) {
      const page = await openVerify(lang);
      await pasteAndCheck(page, JSON.stringify(tampered), lang);
      assert.equal(await verdictOf(page), 'not-verified');
      const reason = page.locator('.result .reason');
      assert.equal(await reason.getAttribute('data-check'), 'proof');
      assert.equal(
        await textOf(page, '.result .reason'),
        `${text(lang)('check.proof')}: ${text(lang)('code.signature-invalid')}`,
      );
      assert.equal(
        await page.locator('#facts-title').count(),
        0,
        'claims of a forged credential are not shown',
      );
      await screenshot(page, `verify-tampered-${lang}-phone`);
    }
    assert.equal(await snapshot(t), before);
  });

  it('a link to a credential on this service is verified from the store; ?credential= pre-fills it', async () => {
    const page = await openVerify('lt', PHONE, `&credential=${encodeURIComponent(credential.url)}`);
    const box = page.getByLabel(text('lt')('verify.inputLabel'));
    assert.equal(await box.inputValue(), credential.url);
    await Promise.all([
      page.waitForURL(/\/verify/, { waitUntil: 'load', timeout: WAIT }),
      page.getByRole('button', { name: text('lt')('verify.submit'), exact: true }).click(),
    ]);
    assert.equal(await verdictOf(page), 'verified');
    await screenshot(page, 'verify-link-verified-lt-phone');
  });

  it('a pasted sealed EDC ends in "verified", its seal named not qualified; one changed byte fails the seal', async () => {
    const edc = await issueExample(t, issuer, { format: 'edc' });
    const sealed = edc.credential as { payload: string };
    assert.equal(typeof sealed.payload, 'string', 'the issue answer carries the sealed EDC');
    const before = await snapshot(t);
    const page = await openVerify('lv');
    await pasteAndCheck(page, JSON.stringify(sealed), 'lv');
    assert.equal(await verdictOf(page), 'verified');
    // the checks sit one click away (closed details): their text, not what is on screen
    const checks = (await page.locator('.result').first().textContent()) ?? '';
    for (const id of ['format', 'seal', 'certificate', 'status'])
      assert.ok(checks.includes(text('lv')(`check.${id}`)), `the ${id} check is listed`);
    assert.ok(
      checks.includes(text('lv')('warning.seal-self-signed')),
      'the self-signed seal is said to be not qualified',
    );
    await screenshot(page, 'verify-edc-verified-lv-phone');

    const tampered = { ...sealed, payload: sealed.payload.replace('"8"', '"10"') };
    assert.notEqual(tampered.payload, sealed.payload, 'the grade was changed in the payload');
    const second = await openVerify('en', DESKTOP);
    await pasteAndCheck(second, JSON.stringify(tampered), 'en');
    assert.equal(await verdictOf(second), 'not-verified');
    assert.equal(await second.locator('.result .reason').getAttribute('data-check'), 'seal');
    assert.equal(await snapshot(t), before, 'verifying stored nothing');
  });

  it('a pasted sealed EDC shows what it certifies in lv, en and lt: learner, title, issuer, date and its EU elements', async () => {
    const edc = await issueExample(t, issuer, { format: 'edc' });
    const sealed = JSON.stringify(edc.credential);
    const titles = example('achievement-create.json').title as Record<string, string>;
    const names = example('issuer-create.json').legalName as Record<string, string>;
    const levels: Record<Lang, string> = { lv: 'EKI 4. līmenis', en: 'EQF level 4', lt: 'EKS 4 lygis' };
    const hours: Record<Lang, string> = { lv: '80 stundu', en: '80 hours', lt: '80 valandų' };
    for (const lang of ['lv', 'en', 'lt'] as const) {
      const page = await openVerify(lang, lang === 'en' ? DESKTOP : PHONE);
      await pasteAndCheck(page, sealed, lang);
      assert.equal(await verdictOf(page), 'verified');
      assert.equal(await textOf(page, '#facts-title'), text(lang)('facts.heading'));
      const facts = await textOf(page, 'dl.pairs');
      // the EDC is written in lv and en: a Lithuanian reader gets its Latvian words, our labels in lt
      const title = titles[lang] ?? titles.lv!;
      const issuerName = names[lang] ?? names.lv!;
      for (const said of ['Ģirts Ķēniņš', title, issuerName, levels[lang], hours[lang]])
        assert.ok(facts.includes(said), `${lang}: the facts say "${said}": ${facts}`);
      for (const key of [
        'learner',
        'title',
        'issuer',
        'awarded',
        'workload',
        'level',
        'assessment',
        'qualityAssurance',
      ])
        assert.ok(facts.includes(text(lang)(`facts.${key}`)), `${lang}: the ${key} row is labelled`);
      assert.ok((await page.locator('ul.outcomes li').count()) > 0, `${lang}: learning outcomes listed`);
      await screenshot(page, `verify-edc-facts-${lang}`);
    }
  });

  it('works without JavaScript (a plain form post renders the result)', async () => {
    const page = await openVerify('en', { ...DESKTOP, javaScriptEnabled: false });
    await pasteAndCheck(page, JSON.stringify(credential.credential), 'en');
    assert.equal(await verdictOf(page), 'verified');
  });

  it('explains an empty box, a link elsewhere and an unknown credential link', async () => {
    const cases: Array<[string, string]> = [
      ['   ', 'verify.error.empty'],
      ['https://example.org/credentials/1', 'verify.error.foreign-url'],
      [`${t.origin}/credentials/00000000-0000-4000-8000-000000000000`, 'verify.error.unknown-credential'],
    ];
    for (const [input, key] of cases) {
      const page = await openVerify('lv');
      await pasteAndCheck(page, input, 'lv');
      const alert = page.getByRole('alert');
      await alert.waitFor({ timeout: WAIT });
      assert.ok((await alert.innerText()).includes(text('lv')(key)), key);
    }
  });
});
