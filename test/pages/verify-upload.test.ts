import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { snapshot, type IssuerFixture } from '../helpers/app.js';
import {
  DESKTOP,
  PHONE,
  WAIT,
  createIssuer,
  issueExample,
  launchBrowser,
  screenshot,
  startLiveApp,
  text,
  verdictOf,
  type Issued,
  type LiveApp,
} from './browser.js';

/** A PDF with no attachment at all. */
function plainPdf(): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text('Not a certificate');
    doc.end();
  });
}

describe('verify page in Chromium: uploading files', function () {
  this.timeout(240_000);
  let t: LiveApp;
  let browser: Browser;
  let issuer: IssuerFixture;
  let credential: Issued;
  const contexts: BrowserContext[] = [];
  let files: string;

  const openVerify = async (lang: string, options = PHONE): Promise<Page> => {
    const context = await browser.newContext(options);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${t.origin}/verify?lang=${lang}`, { timeout: WAIT });
    return page;
  };

  /**
   * Chooses the file and presses "Check the file", as a person would. The file is written to disk
   * first and chosen by its path, as a file picker does (a 20 MB buffer sent over the DevTools
   * protocol is slow on a loaded machine). The name tells the browser its media type.
   */
  const upload = async (page: Page, lang: string, name: string, _mimeType: string, buffer: Buffer) => {
    const path = join(files, name);
    await writeFile(path, buffer);
    await page.getByLabel(text(lang as 'en')('verify.fileLabel')).setInputFiles(path, { timeout: WAIT });
    await Promise.all([
      page.waitForURL(/\/verify/, { waitUntil: 'load', timeout: WAIT }),
      page.getByRole('button', { name: text(lang as 'en')('verify.uploadSubmit') }).click(),
    ]);
  };

  const download = async (url: string): Promise<Buffer> => {
    const res = await t.http
      .get(new URL(url).pathname)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    return res.body as Buffer;
  };

  before(async () => {
    [t, browser] = await Promise.all([startLiveApp('verify_upload'), launchBrowser()]);
    files = await mkdtemp(join(tmpdir(), 'tilts-upload-'));
    issuer = await createIssuer(t);
    credential = await issueExample(t, issuer);
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  after(async () => {
    await browser?.close();
    await t?.close();
    if (files) await rm(files, { recursive: true, force: true });
  });

  const renderings: Array<[string, string, string, string]> = [
    ['the PDF certificate', 'pdf', 'certificate.pdf', 'application/pdf'],
    ['the baked PNG', 'png', 'badge.png', 'image/png'],
    ['the baked SVG', 'svg', 'badge.svg', 'image/svg+xml'],
  ];
  for (const [name, key, file, type] of renderings) {
    it(`uploading ${name} ends in "verified"`, async () => {
      const bytes = await download(credential.links[key] as string);
      const page = await openVerify('lv');
      await upload(page, 'lv', file, type, bytes);
      assert.equal(await verdictOf(page), 'verified');
      assert.ok((await page.locator('#outcome').innerText()).includes(text('lv')(`verify.source.${key}`)));
      await screenshot(page, `verify-upload-${key}-lv-phone`);
    });
  }

  it('a screenshot of the QR code on the credential page ends in "verified"', async () => {
    const context = await browser.newContext(DESKTOP);
    contexts.push(context);
    const credentialPage = await context.newPage();
    await credentialPage.goto(`${credential.url}?lang=en`, { timeout: WAIT });
    const qr = credentialPage.locator('figure.qr img');
    await qr.waitFor({ timeout: WAIT });
    await credentialPage.waitForFunction(() => {
      const img = document.querySelector('figure.qr img') as HTMLImageElement | null;
      return img !== null && img.complete && img.naturalWidth > 0;
    });
    const shot = await credentialPage.locator('figure.qr').screenshot();
    const page = await openVerify('en', DESKTOP);
    await upload(page, 'en', 'qr-screenshot.png', 'image/png', shot);
    assert.equal(await verdictOf(page), 'verified');
    await screenshot(page, 'verify-upload-qr-en-desktop');
  });

  it('explains every unusable file on the page, never a 500, storing nothing', async () => {
    const before = await snapshot(t);
    const elsewhere = await QRCode.toBuffer('https://example.org/some/page', { width: 300 });
    const cases: Array<[string, string, Buffer, string]> = [
      [
        'not-an-image.png',
        'image/png',
        Buffer.from('this is text, not a picture'),
        'verify.fileError.file-not-image',
      ],
      ['plain.pdf', 'application/pdf', await plainPdf(), 'verify.fileError.pdf-no-credential'],
      ['huge.png', 'image/png', Buffer.alloc(20 * 1024 * 1024, 1), 'verify.fileError.payload-too-large'],
      [
        'broken.png',
        'image/png',
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]),
        'verify.fileError.image-unreadable',
      ],
    ];
    for (const [name, type, bytes, key] of cases) {
      const page = await openVerify('lt');
      await upload(page, 'lt', name, type, bytes);
      const alert = page.getByRole('alert');
      await alert.waitFor({ timeout: WAIT });
      const said = await alert.innerText();
      assert.ok(said.includes(text('lt')(key)), `${name}: ${said}`);
      assert.equal(await page.locator('[data-verdict]').count(), 0, `${name}: no verdict`);
      await screenshot(page, `verify-upload-problem-${name}-lt-phone`);
    }
    const page = await openVerify('en');
    await upload(page, 'en', 'elsewhere.png', 'image/png', elsewhere);
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: WAIT });
    assert.ok((await alert.innerText()).includes('https://example.org/some/page'));
    assert.ok((await alert.innerText()).includes(text('en')('verify.qrElsewhere')));
    assert.equal(await snapshot(t), before);
  });
});
