import assert from 'node:assert/strict';
import type { Browser, BrowserContextOptions } from 'playwright-core';
import { LANGUAGES, type Lang } from '../../src/core/types.js';
import {
  DESKTOP,
  PHONE,
  WAIT,
  createIssuer,
  issueExample,
  launchBrowser,
  screenshot,
  seriousViolations,
  startLiveApp,
  text,
  type LiveApp,
} from './browser.js';

describe('pages pass axe-core (no serious or critical violations) and work with a keyboard', function () {
  this.timeout(300_000);
  let t: LiveApp;
  let browser: Browser;
  const urls: Record<string, string> = {};

  before(async () => {
    [t, browser] = await Promise.all([startLiveApp('a11y_pages'), launchBrowser()]);
    const issuer = await createIssuer(t);
    const credential = await issueExample(t, issuer);
    urls.home = `${t.origin}/`;
    urls.verify = `${t.origin}/verify`;
    urls.credential = credential.url;
    urls.issuer = issuer.profileUrl;
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  // every language on a phone; the wide layout once
  const runs: Array<[string, BrowserContextOptions, Lang]> = [
    ...LANGUAGES.map((lang): [string, BrowserContextOptions, Lang] => ['phone', PHONE, lang]),
    ['desktop', DESKTOP, 'en'],
  ];
  for (const [device, options, lang] of runs) {
    {
      it(`home, credential, verify and issuer pages in ${lang} on a ${device}`, async () => {
        const context = await browser.newContext(options);
        try {
          const page = await context.newPage();
          const found: string[] = [];
          for (const [name, url] of Object.entries(urls)) {
            await page.goto(`${url}?lang=${lang}`, { timeout: WAIT });
            if (name === 'credential') await page.locator('.result details summary').click();
            found.push(...(await seriousViolations(page)).map((v) => `${name}: ${v}`));
            await screenshot(page, `${name}-${lang}-${device}`);
          }
          assert.deepEqual(found, []);
        } finally {
          await context.close();
        }
      });
    }
  }

  it('the verify result page (not verified, checks open) has no serious violations', async () => {
    const context = await browser.newContext(PHONE);
    try {
      const page = await context.newPage();
      await page.goto(`${urls.verify}?lang=lv`, { timeout: WAIT });
      await page.getByLabel(text('lv')('verify.inputLabel')).fill('{"not": "a credential"}');
      await Promise.all([
        page.waitForURL(/\/verify/, { waitUntil: 'load', timeout: WAIT }),
        page.getByRole('button', { name: text('lv')('verify.submit'), exact: true }).click(),
      ]);
      await page.locator('.result details summary').click();
      assert.deepEqual(await seriousViolations(page), []);
    } finally {
      await context.close();
    }
  });

  it('a keyboard user reaches the skip link first, then the content, with a visible focus', async () => {
    const context = await browser.newContext(DESKTOP);
    try {
      const page = await context.newPage();
      await page.goto(`${urls.credential}?lang=lv`, { timeout: WAIT });
      await page.keyboard.press('Tab');
      const skip = page.locator('a.skip');
      assert.equal(await skip.evaluate((el) => el === document.activeElement), true);
      assert.equal(await skip.innerText(), text('lv')('layout.skip'));
      const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle);
      assert.notEqual(outline, 'none', 'focus is visible');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
      await page.keyboard.press('Tab');
      const next = await page.evaluate(() => document.activeElement?.closest('main') !== null);
      assert.equal(next, true, 'the next stop is inside the content');
      await page.keyboard.press('Enter');
      assert.equal(
        await page.locator('.result details').getAttribute('open'),
        '',
        'the checks open with Enter',
      );
    } finally {
      await context.close();
    }
  });
});
