import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import jpeg from 'jpeg-js';
import PDFDocument from 'pdfkit';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { assertProblem, assertStoreUnchanged } from '../../helpers/problem.js';
import {
  assertFails,
  assertReport,
  fakeRemote,
  signedStatusList,
  type Report,
} from '../../helpers/verify.js';
import { encodePngChunks } from '../../../src/core/baking/png.js';
import { binary, issuerWith, scratch, type Issued } from './helpers.js';

const upload = (t: TestApp, bytes: Buffer | string, filename: string, contentType?: string) =>
  t.http
    .post('/api/v1/verify/file')
    .attach('file', Buffer.from(bytes), contentType ? { filename, contentType } : filename);

function assertSource(res: { body: unknown }, source: string): Report & { source: string; link?: string } {
  const body = res.body as Report & { source: string; link?: string };
  assert.equal(body.source, source);
  return body;
}

async function pdfWithoutAttachment(): Promise<Buffer> {
  const doc = new PDFDocument();
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => doc.on('end', resolve));
  doc.text('A certificate with nothing attached').end();
  await done;
  return Buffer.concat(chunks);
}

const qrPng = (text: string): Promise<Buffer> =>
  QRCode.toBuffer(text, { type: 'png', width: 300, margin: 4 });

function toJpeg(png: Buffer): Buffer {
  const image = PNG.sync.read(png);
  return jpeg.encode({ data: image.data, width: image.width, height: image.height }, 90).data;
}

describe('POST /api/v1/verify/file', function () {
  this.timeout(180_000);
  const remote = fakeRemote();
  let t: TestApp;
  let issued: Issued;
  let jwtIssued: Issued;
  let files: ReturnType<typeof scratch>;

  before(async () => {
    t = await startTestApp('renderings-verify-file', {
      remoteFetch: remote.remoteFetch,
      dnsLookup: remote.dnsLookup,
    });
    files = scratch();
    const catalog = await issuerWith(t);
    issued = await catalog.issue({ givenName: 'Ģirts', familyName: 'Ķēniņš' }, 'lv');
    jwtIssued = await catalog.issue({ givenName: 'Žemaitė', familyName: 'Ąžuolaitė' }, 'lt', 'ob3-jwt');
    await signedStatusList(t, issued.credential);
  });
  after(async () => {
    files.remove();
    await t.close();
  });

  const rendering = async (path: string): Promise<Buffer> => {
    const res = await binary(t.http.get(path));
    assert.equal(res.status, 200);
    return res.body as Buffer;
  };

  it('verifies JSON, a compact JWT, baked PNG and SVG, and the PDF, naming the source, storing nothing', async () => {
    const cases: Array<[string, Buffer | string, string]> = [
      ['credential.json', JSON.stringify(issued.credential, null, 2), 'json'],
      ['credential.jwt', `${jwtIssued.jwt}\n`, 'jwt'],
      ['badge.png', await rendering(`/credentials/${issued.id}.png`), 'png'],
      ['badge.svg', await rendering(`/credentials/${issued.id}.svg`), 'svg'],
      ['badge-jwt.png', await rendering(`/credentials/${jwtIssued.id}.png`), 'png'],
      ['badge-jwt.svg', await rendering(`/credentials/${jwtIssued.id}.svg`), 'svg'],
      ['certificate.pdf', await rendering(`/credentials/${issued.id}.pdf`), 'pdf'],
      ['certificate-jwt.pdf', await rendering(`/credentials/${jwtIssued.id}.pdf`), 'pdf'],
    ];
    await assertStoreUnchanged(t, async () => {
      for (const [name, bytes, source] of cases) {
        const res = await upload(t, bytes, name);
        const body = assertSource(res, source);
        assertReport(res, true);
        assert.equal(
          body.summary.learnerName,
          name.includes('jwt') ? 'Žemaitė Ąžuolaitė' : 'Ģirts Ķēniņš',
          name,
        );
      }
    });
  });

  it('verifies a screenshot of the printed certificate by its QR code, from our own store', async () => {
    const path = files.write('cert.pdf', await rendering(`/credentials/${issued.id}.pdf`));
    files.run('pdftoppm', ['-r', '110', '-f', '1', '-l', '1', '-png', path, 'shot']);
    const shot = readdirSync(files.dir).find((f) => f.startsWith('shot'));
    assert.ok(shot);
    remote.reset();
    const res = await upload(t, files.read(shot), 'screenshot.png');
    const body = assertSource(res, 'qr');
    assertReport(res, true);
    assert.equal(body.link, issued.credential.id);
    assert.deepEqual(remote.fetches, [], 'nothing was fetched');
  });

  it('verifies a JPEG photo of the QR code (a VC-JWT, by its page link)', async () => {
    const photo = toJpeg(await rendering(`/credentials/${jwtIssued.id}/qr.png`));
    const res = await upload(t, photo, 'photo.jpg');
    assertSource(res, 'qr');
    assert.equal(assertReport(res, true).summary.format, 'ob3-jwt');
  });

  it('answers a QR code that links elsewhere with a problem naming the link, fetching nothing', async () => {
    remote.reset();
    const res = await upload(t, await qrPng('https://credentials.example.org/badges/42'), 'other.png');
    const errors = assertProblem(res, 422, 'qr-link-elsewhere', ['/file']);
    assert.ok(JSON.stringify(errors).includes('https://credentials.example.org/badges/42'), res.text);
    assert.equal(res.body.verified, undefined, 'no verdict is given');
    assert.deepEqual(remote.fetches, []);
    assert.deepEqual(remote.lookups, []);
  });

  it('reports a tampered credential as not verified (400, the failing check named)', async () => {
    const tampered = structuredClone(issued.credential) as Record<string, unknown>;
    tampered.name = 'Something else entirely';
    const res = await upload(t, JSON.stringify(tampered), 'tampered.json');
    assertSource(res, 'json');
    assertFails(res, 'proof');
  });

  it('answers each unusable file with a problem+json about /file, never a 500, storing nothing', async () => {
    const hugeIhdr = Buffer.alloc(13);
    hugeIhdr.writeUInt32BE(20_000, 0);
    hugeIhdr.writeUInt32BE(20_000, 4);
    hugeIhdr.set([8, 6, 0, 0, 0], 8);
    const hugePng = encodePngChunks([
      { type: 'IHDR', data: hugeIhdr },
      { type: 'IDAT', data: Buffer.alloc(0) },
      { type: 'IEND', data: Buffer.alloc(0) },
    ]);
    const blank = new PNG({ width: 64, height: 64 });
    blank.data.fill(255);
    const cases: Array<[string, Buffer | string, number, string, string?]> = [
      ['huge.bin', Buffer.alloc(20 * 1024 * 1024, 7), 413, 'payload-too-large'],
      ['badge.png', 'this is a text file, not an image', 422, 'file-not-image'],
      ['photo.jpg', '{"not": "an image"}', 422, 'file-not-image', 'image/jpeg'],
      [
        'broken.png',
        Buffer.concat([hugePng.subarray(0, 8), Buffer.from('garbage garbage garbage')]),
        422,
        'image-unreadable',
      ],
      [
        'broken.jpg',
        Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 1)]),
        422,
        'image-unreadable',
      ],
      ['huge.png', hugePng, 413, 'image-too-large'],
      ['blank.png', PNG.sync.write(blank), 422, 'image-no-credential'],
      [
        'plain.svg',
        '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>',
        422,
        'svg-no-credential',
      ],
      ['empty.pdf', await pdfWithoutAttachment(), 422, 'pdf-no-credential'],
      ['fake.pdf', '%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage', 422, 'pdf-unreadable'],
      ['text.png', await qrPng('just some words'), 422, 'qr-no-credential'],
      [
        'unknown.png',
        await qrPng(`${t.config.publicUrl}/credentials/00000000-0000-4000-8000-000000000000`),
        404,
        'not-found',
      ],
      ['broken.json', '{"@context": [', 400, 'malformed-json'],
      ['deep.json', `{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, 400, 'json-too-deep'],
      ['random.bin', Buffer.from([0, 1, 2, 3, 250, 251, 252]), 415, 'file-unsupported'],
      ['anim.gif', Buffer.from('GIF89a........'), 415, 'file-unsupported'],
    ];
    await assertStoreUnchanged(t, async () => {
      for (const [name, bytes, status, code, type] of cases) {
        const res = await upload(t, bytes, name, type);
        assert.equal(res.status, status, `${name}: ${res.text.slice(0, 300)}`);
        assertProblem(res, status, code, ['/file']);
      }
    });
  });

  it('refuses a request that is not a multipart upload of the field "file"', async () => {
    assertProblem(
      await t.http.post('/api/v1/verify/file').send({ file: 'x' }),
      415,
      'unsupported-media-type',
    );
    const other = await t.http.post('/api/v1/verify/file').attach('document', Buffer.from('{}'), 'a.json');
    assertProblem(other, 400, 'file-missing', ['/file']);
    const empty = await t.http.post('/api/v1/verify/file').attach('file', Buffer.alloc(0), 'empty.json');
    assertProblem(empty, 400, 'file-missing', ['/file']);
  });

  it('shares the per-address limit of POST /credentials/verify', async () => {
    const limited = await startTestApp('renderings-verify-file-limit', { env: { VERIFY_RATE_LIMIT: '2' } });
    try {
      const body = { verifiableCredential: issued.credential };
      assert.notEqual((await limited.http.post('/credentials/verify').send(body)).status, 429);
      assert.notEqual((await upload(limited, JSON.stringify(issued.credential), 'a.json')).status, 429);
      const res = await upload(limited, JSON.stringify(issued.credential), 'a.json');
      assertProblem(res, 429, 'too-many-requests');
      assertProblem(await limited.http.post('/credentials/verify').send(body), 429, 'too-many-requests');
    } finally {
      await limited.close();
    }
  });
});
