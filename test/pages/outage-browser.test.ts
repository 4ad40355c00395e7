import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { Lang } from '../../src/core/types.js';
import type { EmbeddedStore } from '../../src/infra/embedded-store.js';
import { startStandaloneStore } from '../helpers/store.js';
import { until } from '../helpers/wait.js';
import {
  DESKTOP,
  PHONE,
  WAIT,
  axeViolations,
  createIssuer,
  issueExample,
  launchBrowser,
  pasteAndVerify,
  screenshot,
  startLiveApp,
  text,
  type LiveApp,
} from './browser.js';
import { assertOutageText } from './outage-words.js';

/** A small phone (360 × 740), narrower than the other page suites' phone. */
const SMALL_PHONE: BrowserContextOptions = { ...PHONE, viewport: { width: 360, height: 740 } };

/** How each language reaches the page: ?lang= over a browser set to another language, or the browser's own. */
const ASKED: Array<{ lang: Lang; query: string; locale: string }> = [
  { lang: 'lv', query: '?lang=lv', locale: 'lt-LT' },
  { lang: 'en', query: '?lang=en', locale: 'lv-LV' },
  { lang: 'lt', query: '', locale: 'lt-LT' },
];

/** Every request the page makes (the document, its stylesheets, scripts, icon), by URL and answer. */
function recordRequests(page: Page): { urls: string[]; failed: string[] } {
  const seen = { urls: [] as string[], failed: [] as string[] };
  page.on('request', (req) => seen.urls.push(req.url()));
  page.on('requestfailed', (req) => seen.failed.push(`${req.url()}: ${req.failure()?.errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400 && res.request().resourceType() !== 'document')
      seen.failed.push(`${res.url()}: ${res.status()}`);
  });
  return seen;
}

/** What the focused element is, to follow the Tab order. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      text: (el as HTMLElement).innerText.trim(),
      outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    };
  });

/** The visible stops a keyboard can reach, in document order. */
const tabStops = (page: Page) =>
  page
    .locator('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')
    .evaluateAll((els) =>
      els
        .filter((el) => (el as HTMLElement).offsetParent !== null)
        .map((el) => (el as HTMLElement).innerText.trim()),
    );

/**
 * Tabs through the page: every stop is reached once, in order, each with a visible focus ring, and
 * one more Tab leaves the page (focus is not trapped). Answers the stops it went through.
 */
async function tabThrough(page: Page): Promise<string[]> {
  const stops = await tabStops(page);
  const visited: string[] = [];
  for (let i = 0; i < stops.length; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    assert.ok(now, `Tab ${i + 1} focuses something`);
    assert.equal(now.text, stops[i], `Tab ${i + 1} reaches the next stop in reading order`);
    assert.ok(now.outline, `Tab ${i + 1} ("${now.text}"): the focus is visible`);
    visited.push(now.text);
  }
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), null, 'after the last stop, Tab leaves the page');
  return visited;
}

/**
 * The keyboard way out: the skip link first, the "back to checking" link among the stops, and Enter
 * on it opens the verify page (which needs no store) in the same language.
 */
async function keyboardToVerify(page: Page, lang: Lang, shot: string): Promise<void> {
  const stops = await tabThrough(page);
  assert.equal(stops[0], text(lang)('layout.skip'), 'the skip link comes first');
  const name = text(lang)('outage.verify');
  assert.ok(stops.includes(name), `the page offers "${name}"`);
  await page.getByRole('link', { name, exact: true }).focus();
  await screenshot(page, shot);
  const toVerify = (url: URL) => url.pathname === '/verify';
  const opened = page.waitForResponse((r) => toVerify(new URL(r.url())), { timeout: WAIT });
  await page.keyboard.press('Enter');
  assert.equal((await opened).status(), 200, 'Enter on the link opens the verify page, without the store');
  await page.waitForURL(toVerify, { waitUntil: 'load', timeout: WAIT });
  assert.equal(await page.evaluate(() => document.documentElement.lang), lang, 'still in the same language');
}

describe('the outage page in Chromium (store killed): lv, en and lt on a phone and a desktop', function () {
  this.timeout(300_000);
  let dir: string;
  let store: EmbeddedStore;
  let t: LiveApp;
  let browser: Browser;
  let credentialUrl: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tilts-outage-browser-'));
    store = await startStandaloneStore(dir);
    [t, browser] = await Promise.all([
      startLiveApp('outage_browser', { mongoUri: `${store.uri}tilts_outage_browser` }),
      launchBrowser(),
    ]);
    credentialUrl = (await issueExample(t, await createIssuer(t))).url;
    process.kill(store.pid()!, 'SIGKILL');
    await until('the store is gone', async () => !store.running());
  });
  after(async () => {
    await browser?.close();
    await t?.close();
    await store?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const devices: Array<[string, BrowserContextOptions]> = [
    ['phone', SMALL_PHONE],
    ['desktop', DESKTOP],
  ];
  for (const { lang, query, locale } of ASKED) {
    for (const [device, options] of devices) {
      it(`${lang} (${query || `Accept-Language ${locale}`}) on a ${device}: 503 in ${lang}, no axe violation, only 127.0.0.1, no verdict, nothing internal, usable by keyboard`, async () => {
        const context = await browser.newContext({ ...options, locale });
        try {
          const page = await context.newPage();
          const requests = recordRequests(page);
          const answer = await page.goto(`${credentialUrl}${query}`, { timeout: WAIT });
          assert.equal(answer?.status(), 503);
          assert.equal(answer?.headers()['content-language'], lang);
          assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
          await screenshot(page, `outage-${lang}-${device}`);

          assert.deepEqual(await axeViolations(page), [], 'axe-core: no violation of any impact');
          // the stylesheet is served without the store: the page is styled, not bare HTML
          const border = await page.locator('.result').evaluate((el) => getComputedStyle(el).borderTopColor);
          assert.equal(border, 'rgb(138, 90, 0)', 'the "unchecked" style applies');
          const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
          assert.equal(wide, false, 'nothing scrolls sideways');

          assert.deepEqual(requests.failed, [], 'every resource loads');
          assert.ok(requests.urls.length > 1, 'the page loads its stylesheet and script');
          for (const url of requests.urls)
            assert.equal(new URL(url).origin, t.origin, `only 127.0.0.1: ${url}`);

          const shown = `${await page.title()}\n${await page.locator('body').innerText()}`;
          assertOutageText(shown, lang, store.port);

          await keyboardToVerify(page, lang, `outage-${lang}-${device}-focus`);
        } finally {
          await context.close();
        }
      });
    }
  }

  it('a person pastes our link into the verify page (lv, phone) and gets the outage page, not a verdict', async () => {
    const context = await browser.newContext({ ...SMALL_PHONE, locale: 'lv-LV' });
    try {
      const page = await context.newPage();
      assert.equal((await page.goto(`${t.origin}/verify`, { timeout: WAIT }))?.status(), 200);
      const posted = page.waitForResponse((r) => r.request().method() === 'POST', { timeout: WAIT });
      await pasteAndVerify(page, credentialUrl, 'lv');
      assert.equal((await posted).status(), 503);
      await screenshot(page, 'outage-verify-form-lv-phone');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'lv');
      assert.equal(await page.locator('[data-verdict]').count(), 0, 'no verdict block');
      assertOutageText(await page.locator('body').innerText(), 'lv', store.port);
      assert.deepEqual(await axeViolations(page), []);
    } finally {
      await context.close();
    }
  });
});
