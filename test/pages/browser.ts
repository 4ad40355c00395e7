import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { PROJECT_ROOT } from '../../src/config.js';
import type { Lang } from '../../src/core/types.js';
import { loadCatalogues, translator, type Translate } from '../../src/i18n/index.js';
import {
  bearer,
  createCatalog,
  createIssuer,
  startTestApp,
  type IssuerFixture,
  type TestApp,
  type TestAppOptions,
} from '../helpers/app.js';

export const CHROMIUM = '/usr/bin/chromium';
/** Screenshots of every state, for people to look at (git-ignored). */
export const SCREENSHOTS = join(PROJECT_ROOT, '.tmp', 'screenshots');

/** Generous: the machine is a loaded 2-core box; waits are on conditions, never on time. */
export const WAIT = 60_000;

export const PHONE: BrowserContextOptions = {
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 1,
  isMobile: true,
  hasTouch: true,
};
export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };

const catalogues = loadCatalogues();
/** The catalogue strings the pages must show, per language. */
export const text = (lang: Lang): Translate => translator(catalogues, lang);

export async function launchBrowser(): Promise<Browser> {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run scripts/setup.sh`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export interface LiveApp extends TestApp {
  /** the origin the browser uses, also the service's PUBLIC_URL */
  origin: string;
  server: Server;
}

/** The real app on the real store, listening on a loopback port that is also its PUBLIC_URL. */
export async function startLiveApp(name: string, options: TestAppOptions = {}): Promise<LiveApp> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const t = await startTestApp(name, { ...options, env: { PUBLIC_URL: origin, ...options.env } });
  const server = createServer(t.app);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    ...t,
    origin,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}

export interface Issued {
  id: string;
  url: string;
  credential: Record<string, unknown>;
  jwt?: string;
  links: Record<string, string>;
}

/** Issues the documented example achievement to the example learner (Ģirts Ķēniņš). */
const catalogs = new WeakMap<IssuerFixture, Promise<{ achievementId: string; learnerId: string }>>();

export async function issueExample(
  t: TestApp,
  issuer: IssuerFixture,
  body: Record<string, unknown> = {},
): Promise<Issued> {
  if (!catalogs.has(issuer)) catalogs.set(issuer, createCatalog(t, issuer));
  const catalog = await catalogs.get(issuer);
  const res = await t.http
    .post('/api/v1/credentials')
    .set(...bearer(issuer.apiKey))
    .send({ ...catalog, language: 'lv', result: { value: '8' }, ...body });
  assert.equal(res.status, 201, res.text);
  return {
    id: res.body.id,
    url: res.body.links.self,
    credential: res.body.credential,
    jwt: res.body.jwt,
    links: res.body.links,
  };
}

export { createIssuer };

/** A full-page screenshot under .tmp/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Visible text with white space collapsed (layout puts line breaks between flex items). */
export async function textOf(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).first().innerText({ timeout: WAIT })).replace(/\s+/g, ' ').trim();
}

/** The verdict the result block shows, once it is there. */
export async function verdictOf(page: Page): Promise<string | null> {
  const result = page.locator('section.result').first();
  await result.waitFor({ timeout: WAIT });
  return result.getAttribute('data-verdict');
}

/** axe-core on the page as it is: every violation of the given impacts, described for the assertion. */
export async function axeViolations(
  page: Page,
  impacts: readonly string[] = ['minor', 'moderate', 'serious', 'critical'],
): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations
    .filter((v) => impacts.includes(v.impact ?? ''))
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** axe-core on the page as it is: serious and critical violations only. */
export const seriousViolations = (page: Page): Promise<string[]> =>
  axeViolations(page, ['serious', 'critical']);

/** A suite's live app and browser: started before its tests, every context closed after each test. */
export interface BrowserSuite {
  readonly t: LiveApp;
  readonly browser: Browser;
  /** a fresh browser context (a person with their own cookies, viewport and locale) */
  context(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** a page in a fresh context, opened at `url` (200 asserted) */
  open(url: string, options?: BrowserContextOptions): Promise<Page>;
}

/** Registers the mocha hooks of a browser suite; call it first in `describe`, so its app starts first. */
export function browserSuite(name: string, options: TestAppOptions = {}): BrowserSuite {
  let t: LiveApp | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  before(async () => {
    [t, browser] = await Promise.all([startLiveApp(name, options), launchBrowser()]);
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });
  const started = <T>(value: T | undefined): T => {
    assert.ok(value, 'the suite has started');
    return value;
  };
  const suite: BrowserSuite = {
    get t() {
      return started(t);
    },
    get browser() {
      return started(browser);
    },
    async context(contextOptions = PHONE) {
      const context = await started(browser).newContext(contextOptions);
      contexts.push(context);
      return context;
    },
    async open(url, contextOptions = PHONE) {
      const page = await (await suite.context(contextOptions)).newPage();
      const answer = await page.goto(url, { timeout: WAIT });
      assert.equal(answer?.status(), 200, url);
      return page;
    },
  };
  return suite;
}

/** Pastes into the verify page's box and presses the button, as a person would. */
export async function pasteAndVerify(page: Page, value: string, lang: Lang): Promise<void> {
  await page.getByLabel(text(lang)('verify.inputLabel')).fill(value);
  await Promise.all([
    page.waitForURL(/\/verify/, { waitUntil: 'load', timeout: WAIT }),
    page.getByRole('button', { name: text(lang)('verify.submit'), exact: true }).click(),
  ]);
}
