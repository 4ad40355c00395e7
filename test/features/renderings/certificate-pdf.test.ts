import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { assertProblem } from '../../helpers/problem.js';
import { assertReport, verifyCredential } from '../../helpers/verify.js';
import { pdfAttachments } from '../../../src/features/renderings/pdf-attachments.js';
import { binary, issuerWith, readQr, scratch, trilingualAchievement, type Doc } from './helpers.js';

/** Every word pdftotext finds, with its page box (pdftotext -bbox writes XHTML). */
function wordBoxes(xhtml: string) {
  const pages = [...xhtml.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)];
  return pages.flatMap(([, w, h, body], page) =>
    [
      ...(body ?? '').matchAll(
        /<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g,
      ),
    ].map(([, x0, y0, x1, y1, word]) => ({
      page,
      word: word ?? '',
      box: [x0, y0, x1, y1].map(Number) as [number, number, number, number],
      size: [Number(w), Number(h)] as [number, number],
    })),
  );
}

describe('GET /credentials/{id}.pdf (certificate)', function () {
  this.timeout(120_000);
  let t: TestApp;
  let files: ReturnType<typeof scratch>;
  let catalog: Awaited<ReturnType<typeof issuerWith>>;

  before(async () => {
    t = await startTestApp('renderings-pdf');
    files = scratch();
    catalog = await issuerWith(t);
  });
  after(async () => {
    files.remove();
    await t.close();
  });

  const pdfOf = async (id: string): Promise<Buffer> => {
    const res = await binary(t.http.get(`/credentials/${id}.pdf`));
    assert.equal(res.status, 200, String(res.body));
    assert.match(String(res.headers['content-type']), /^application\/pdf/);
    assert.equal(res.headers['x-robots-tag'], 'noindex, nofollow');
    return res.body as Buffer;
  };

  it('shows a Latvian learner, the Latvian title and Latvian labels exactly, with metadata set', async () => {
    const issued = await catalog.issue({ givenName: 'Ģirts', familyName: 'Ķēniņš' }, 'lv');
    const path = files.write('lv.pdf', await pdfOf(issued.id));
    const text = files.run('pdftotext', ['-enc', 'UTF-8', path, '-']);
    assert.ok(text.includes('Ģirts Ķēniņš'), text);
    assert.ok(text.includes('Digitālā satura veidošana tīmeklim'), text);
    for (const label of ['Mācīšanās rezultāti', 'Izsniegšanas datums', 'Vērtēšanas veids', 'EKI 4. līmenis'])
      assert.ok(text.includes(label), `${label} in ${text}`);
    assert.ok(text.includes(issued.id), 'the credential id is printed');
    const info = files.run('pdfinfo', ['-enc', 'UTF-8', path]);
    assert.match(info, /Title:\s+Digitālā satura veidošana tīmeklim — Ģirts Ķēniņš/);
    assert.match(info, /Author:\s+\S+/);
    assert.match(info, /Subject:\s+Mikrokvalifikācijas apliecība/);
    assert.match(info, /Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    const fonts = files.run('pdffonts', [path]);
    assert.match(
      fonts,
      /DejaVuSans\S*\s+CID TrueType\s+Identity-H\s+yes\s+yes/,
      'the font is embedded (subset)',
    );
  });

  it('shows a Lithuanian learner and title exactly in a Lithuanian certificate', async () => {
    const issued = await catalog.issue({ givenName: 'Žemaitė', familyName: 'Ąžuolaitė' }, 'lt');
    const path = files.write('lt.pdf', await pdfOf(issued.id));
    const text = files.run('pdftotext', ['-enc', 'UTF-8', path, '-']);
    assert.ok(text.includes('Žemaitė Ąžuolaitė'), text);
    assert.ok(text.includes('Skaitmeninio turinio kūrimas žiniatinkliui'), text);
    for (const label of [
      'Mokymosi rezultatai',
      'Išdavimo data',
      'Mikrokredencialo pažymėjimas'.toUpperCase(),
    ])
      assert.ok(text.includes(label), `${label} in ${text}`);
  });

  it('prints a QR code on the first page that reads as the credential page URL', async () => {
    const issued = await catalog.issue({ givenName: 'Ģirts', familyName: 'Ķēniņš' }, 'en');
    const path = files.write('qr.pdf', await pdfOf(issued.id));
    files.run('pdftoppm', ['-r', '150', '-f', '1', '-l', '1', '-png', path, 'page']);
    const page = readdirSync(files.dir).find((f) => /^page-0*1\.png$/.test(f));
    assert.ok(page, 'pdftoppm rendered page 1');
    assert.equal(readQr(files.read(page)), `${t.config.publicUrl}/credentials/${issued.id}`);
    assert.equal(issued.credential.id, `${t.config.publicUrl}/credentials/${issued.id}`);
  });

  it('carries the signed credential inside: pdfdetach and our reader both give one that verifies', async () => {
    const issued = await catalog.issue({ givenName: 'Ģirts', familyName: 'Ķēniņš' }, 'lv');
    const bytes = await pdfOf(issued.id);
    const path = files.write('attached.pdf', bytes);
    assert.match(files.run('pdfdetach', ['-list', path]), /1: credential\.json/);
    files.run('pdfdetach', ['-save', '1', '-o', 'detached.json', path]);
    const detached = JSON.parse(files.read('detached.json').toString('utf8')) as Doc;
    assert.deepEqual(detached, issued.credential);
    assertReport(await verifyCredential(t, detached), true);
    const [ours] = await pdfAttachments(bytes);
    assert.equal(ours?.name, 'credential.json');
    assert.deepEqual(JSON.parse(String(ours?.content)), issued.credential);
  });

  it('attaches the compact JWT for a VC-JWT credential, and it verifies', async () => {
    const issued = await catalog.issue({ givenName: 'Ģirts', familyName: 'Ķēniņš' }, 'lv', 'ob3-jwt');
    const path = files.write('jwt.pdf', await pdfOf(issued.id));
    assert.match(files.run('pdfdetach', ['-list', path]), /1: credential\.jwt/);
    files.run('pdfdetach', ['-save', '1', '-o', 'detached.jwt', path]);
    const jwt = files.read('detached.jwt').toString('utf8');
    assert.equal(jwt, issued.jwt);
    assertReport(await verifyCredential(t, jwt), true);
  });

  it('flows 30 learning outcomes and a 200-character title onto further pages, nothing outside a page', async () => {
    const body = trilingualAchievement() as Doc & { title: Doc; learningOutcomes: unknown[] };
    const title = `Ilgs nosaukums ${'ābcčdēfģhīj'.repeat(17)}`.slice(0, 200);
    body.title = { lv: title, en: 'A long one' };
    body.learningOutcomes = Array.from({ length: 30 }, (_, i) => ({
      text: {
        lv: `Rezultāts ${i + 1}: ${'izprot, plāno, izstrādā un novērtē tīmekļa satura kvalitāti un pieejamību; '.repeat(3)}beigas${i + 1}`,
        en: `Outcome ${i + 1}`,
        lt: `Rezultatas ${i + 1}`,
      },
    }));
    const long = await issuerWith(t, body);
    const issued = await long.issue({ givenName: 'Ģirts', familyName: 'Ķēniņš' }, 'lv');
    const path = files.write('long.pdf', await pdfOf(issued.id));
    const boxes = wordBoxes(files.run('pdftotext', ['-bbox', '-enc', 'UTF-8', path, '-']));
    assert.ok(new Set(boxes.map((b) => b.page)).size >= 2, 'the content flows onto a second page');
    for (const { word, box, size, page } of boxes) {
      const [x0, y0, x1, y1] = box;
      const inside = x0 >= 0 && y0 >= 0 && x1 <= size[0] && y1 <= size[1];
      assert.ok(inside, `"${word}" on page ${page + 1} at ${box.join(',')} is outside ${size.join('×')}`);
    }
    const text = files.run('pdftotext', ['-enc', 'UTF-8', path, '-']);
    assert.ok(text.includes('beigas30'), 'the last outcome is printed');
    assert.ok(text.replace(/\s+/g, '').includes(title.replace(/\s+/g, '')), 'the whole title is printed');
  });

  it('answers 404 problem+json for an unknown credential, and the .pdf suffix is not read as part of the id', async () => {
    assertProblem(
      await t.http.get('/credentials/00000000-0000-4000-8000-000000000000.pdf'),
      404,
      'not-found',
    );
    const res = await t.http.get('/credentials/00000000-0000-4000-8000-000000000000.pdf');
    assert.match(res.body.detail, /Credential not found/);
    assert.equal(res.body.instance, '/credentials/00000000-0000-4000-8000-000000000000.pdf');
  });
});
