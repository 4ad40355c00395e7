import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { assertProblem } from '../../helpers/problem.js';
import { assertReport, verifyCredential } from '../../helpers/verify.js';
import { readPngChunks, unbakePng } from '../../../src/core/baking/png.js';
import { OB_SVG_NAMESPACE, unbakeSvg } from '../../../src/core/baking/svg.js';
import { binary, issuerWith, readQr, trilingualAchievement, type Doc } from './helpers.js';

/** A small real PNG (an 8×8 gradient) as the achievement's own image. */
function achievementPng(): Buffer {
  const png = new PNG({ width: 8, height: 8 });
  for (let i = 0; i < 64; i++) png.data.set([i * 4, 255 - i * 4, 128, 255], i * 4);
  return PNG.sync.write(png);
}

const ISSUER_SVG =
  '<?xml version="1.0"?><!-- the issuer\'s own badge --><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#0a0"/></svg>';

describe('baked badges: GET /credentials/{id}.png and .svg', function () {
  this.timeout(120_000);
  let t: TestApp;

  before(async () => {
    t = await startTestApp('renderings-badges');
  });
  after(() => t.close());

  const get = async (path: string, type: RegExp) => {
    const res = await binary(t.http.get(path));
    assert.equal(res.status, 200, String(res.body));
    assert.match(String(res.headers['content-type']), type);
    return res.body as Buffer;
  };

  for (const format of ['ob3-di', 'ob3-jwt'] as const) {
    it(`bakes a ${format} credential into a valid PNG that gives it back, and it verifies`, async () => {
      const catalog = await issuerWith(t);
      const issued = await catalog.issue({ givenName: 'Ģirts', familyName: 'Ķēniņš' }, 'lv', format);
      const png = await get(`/credentials/${issued.id}.png`, /^image\/png/);
      const image = PNG.sync.read(png);
      assert.ok(image.width >= 200 && image.height >= 200, 'a decodable image of a useful size');
      const chunks = readPngChunks(png).filter((c) => c.type === 'iTXt');
      assert.equal(chunks.length, 1, 'one iTXt chunk');
      const baked = unbakePng(png);
      assert.equal(baked, format === 'ob3-jwt' ? issued.jwt : JSON.stringify(issued.credential));
      assertReport(await verifyCredential(t, format === 'ob3-jwt' ? baked : JSON.parse(String(baked))), true);
    });

    it(`bakes a ${format} credential into an SVG as OB 3.0 says, and it verifies`, async () => {
      const catalog = await issuerWith(t);
      const issued = await catalog.issue({ givenName: 'Žemaitė', familyName: 'Ąžuolaitė' }, 'lt', format);
      const svg = (await get(`/credentials/${issued.id}.svg`, /^image\/svg\+xml/)).toString('utf8');
      assert.match(svg, new RegExp(`<svg[^>]*xmlns:openbadges="${OB_SVG_NAMESPACE}"`));
      assert.match(
        svg,
        format === 'ob3-jwt' ? /<openbadges:credential verify="ey/ : /<openbadges:credential><!\[CDATA\[\{/,
      );
      assert.match(
        svg,
        /Skaitmeninio turinio kūrimas žiniatinkliui/,
        'the default badge names the achievement',
      );
      const baked = unbakeSvg(svg);
      assert.equal(baked, format === 'ob3-jwt' ? issued.jwt : JSON.stringify(issued.credential));
      assertReport(await verifyCredential(t, format === 'ob3-jwt' ? baked : JSON.parse(String(baked))), true);
    });
  }

  it("bakes into the achievement's own PNG, keeping its pixels", async () => {
    const own = achievementPng();
    const catalog = await issuerWith(t, {
      ...trilingualAchievement(),
      image: `data:image/png;base64,${own.toString('base64')}`,
    });
    const issued = await catalog.issue({ givenName: 'Ģirts', familyName: 'Ķēniņš' }, 'en');
    const png = await get(`/credentials/${issued.id}.png`, /^image\/png/);
    assert.deepEqual(PNG.sync.read(png).data, PNG.sync.read(own).data);
    assert.equal(unbakePng(png), JSON.stringify(issued.credential));
    const svg = (await get(`/credentials/${issued.id}.svg`, /^image\/svg\+xml/)).toString('utf8');
    assert.ok(svg.includes(own.toString('base64')), 'the SVG shows the same PNG');
    assert.equal(unbakeSvg(svg), JSON.stringify(issued.credential));
  });

  it("bakes into the achievement's own SVG, and renders it for the PNG", async () => {
    const image = `data:image/svg+xml;base64,${Buffer.from(ISSUER_SVG).toString('base64')}`;
    const catalog = await issuerWith(t, { ...trilingualAchievement(), image });
    const issued = await catalog.issue({ givenName: 'Ģirts', familyName: 'Ķēniņš' }, 'en');
    const svg = (await get(`/credentials/${issued.id}.svg`, /^image\/svg\+xml/)).toString('utf8');
    assert.ok(svg.startsWith('<?xml version="1.0"?><!-- the issuer\'s own badge --><svg'), svg.slice(0, 120));
    assert.match(svg, /<rect width="10" height="10" fill="#0a0"\/>/);
    assert.equal(unbakeSvg(svg), JSON.stringify(issued.credential));
    const png = PNG.sync.read(await get(`/credentials/${issued.id}.png`, /^image\/png/));
    const [r, g, b] = png.data.subarray(0, 3);
    assert.deepEqual([r, g, b], [0, 170, 0], 'the PNG is the issuer SVG rendered');
  });

  it('serves the SVG under a policy that runs no script', async () => {
    const catalog = await issuerWith(t);
    const issued = await catalog.issue({ givenName: 'Ģirts', familyName: 'Ķēniņš' }, 'lv');
    const res = await t.http.get(`/credentials/${issued.id}.svg`);
    assert.match(String(res.headers['content-security-policy']), /default-src 'none'.*sandbox/);
  });

  it('serves QR codes of the credential page as PNG (sized) and SVG', async () => {
    const catalog = await issuerWith(t);
    const issued = await catalog.issue({ givenName: 'Ģirts', familyName: 'Ķēniņš' }, 'lv');
    const png = await get(`/credentials/${issued.id}/qr.png`, /^image\/png/);
    assert.equal(PNG.sync.read(png).width, 512);
    assert.equal(readQr(png), issued.credential.id);
    const big = await get(`/credentials/${issued.id}/qr.png?size=1024`, /^image\/png/);
    assert.equal(PNG.sync.read(big).width, 1024);
    const svg = (await get(`/credentials/${issued.id}/qr.svg`, /^image\/svg\+xml/)).toString('utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assertProblem(await t.http.get(`/credentials/${issued.id}/qr.png?size=5000`), 400, 'invalid-request', [
      '/query/size',
    ]);
  });

  it('answers 404 problem+json for every rendering of an unknown credential', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const path of [`${id}.png`, `${id}.svg`, `${id}/qr.png`, `${id}/qr.svg`, `${id}.json`, `${id}.jwt`])
      assertProblem(await t.http.get(`/credentials/${path}`), 404, 'not-found');
  });

  it('keeps every credential fact it prints: the badge answers for the credential, not the live record', async () => {
    const catalog = await issuerWith(t);
    const issued = await catalog.issue({ givenName: 'Ģirts', familyName: 'Ķēniņš' }, 'lv');
    const auth: [string, string] = ['Authorization', `Bearer ${catalog.issuer.apiKey}`];
    const patch = { title: { lv: 'Pavisam cits nosaukums', en: 'Another title', lt: 'Kitas pavadinimas' } };
    assert.equal(
      (
        await t.http
          .patch(`/api/v1/achievements/${catalog.achievementId}`)
          .set(...auth)
          .send(patch)
      ).status,
      200,
    );
    const svg = (await get(`/credentials/${issued.id}.svg`, /^image\/svg\+xml/)).toString('utf8');
    assert.match(svg, /Digitālā satura veidošana tīmeklim/);
    assert.doesNotMatch(svg, /Pavisam cits nosaukums/);
    assert.equal((issued.credential as Doc).name, 'Digitālā satura veidošana tīmeklim');
  });
});
