import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { DESKTOP, WAIT, launchBrowser, screenshot, startLiveApp, type LiveApp } from './browser.js';

describe('/docs in Chromium: Swagger UI served by Tilts, under the CSP', function () {
  this.timeout(180_000);
  let t: LiveApp;
  let browser: Browser;

  before(async () => {
    [t, browser] = await Promise.all([startLiveApp('docs_page'), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('renders every operation of /openapi.json, loads nothing from elsewhere, and "try it out" calls this service', async () => {
    const context = await browser.newContext(DESKTOP);
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      const foreign: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(String(e)));
      page.on('request', (r) => {
        if (!r.url().startsWith(t.origin) && !r.url().startsWith('data:')) foreign.push(r.url());
      });
      await page.goto(`${t.origin}/docs?lang=en`, { timeout: WAIT });
      const ops = page.locator('.opblock');
      await ops.first().waitFor({ timeout: WAIT });
      const doc = (await t.http.get('/openapi.json').expect(200)).body as { paths: Record<string, object> };
      const expected = Object.values(doc.paths).reduce((n, methods) => n + Object.keys(methods).length, 0);
      assert.equal(await ops.count(), expected);

      const health = page.locator('#operations-Operations-healthz');
      await health.locator('.opblock-summary').click();
      await health.getByRole('button', { name: 'Try it out' }).click();
      await health.getByRole('button', { name: 'Execute' }).click();
      const status = health.locator('.live-responses-table tbody .response-col_status').first();
      await status.waitFor({ timeout: WAIT });
      assert.equal((await status.innerText()).trim(), '200');
      assert.ok((await health.locator('.live-responses-table').innerText()).includes('"status": "ok"'));
      await screenshot(page, 'docs-try-it-en-desktop');
      assert.deepEqual(foreign, [], 'nothing is fetched from another origin');
      assert.deepEqual(problems, [], 'no script error and no CSP violation');
    } finally {
      await context.close();
    }
  });
});
