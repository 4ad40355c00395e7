import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import {
  bakePng,
  encodePngChunks,
  PNG_KEYWORD,
  pngDimensions,
  readPngChunks,
  unbakePng,
} from '../../../src/core/baking/png.js';

function samplePng(): Buffer {
  const png = new PNG({ width: 3, height: 2 });
  png.data.fill(200);
  return PNG.sync.write(png);
}

const itxtData = (keyword: string, text: Buffer, compressed = false) =>
  Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, compressed ? 1 : 0, 0, 0, 0]), text]);

describe('core/baking png (OB 3.0 §5.3.1)', () => {
  const credential = JSON.stringify({ id: 'urn:uuid:1', name: 'Ģirts Ķēniņš, Žemaitė Ąžuolaitė' });

  it('bakes one uncompressed iTXt chunk right after IHDR, with valid CRCs, and reads it back', () => {
    const baked = bakePng(samplePng(), credential);
    const chunks = readPngChunks(baked);
    assert.deepEqual(
      chunks.slice(0, 2).map((c) => c.type),
      ['IHDR', 'iTXt'],
    );
    assert.deepEqual(
      [...(chunks[1]?.data.subarray(0, PNG_KEYWORD.length + 5) ?? [])],
      [...Buffer.from(`${PNG_KEYWORD}\0\0\0\0\0`)],
    );
    assert.equal(unbakePng(baked), credential);
    const decoded = PNG.sync.read(baked, { checkCRC: true } as never);
    assert.equal(decoded.width, 3, 'pngjs (checking CRCs) still decodes it');
  });

  it('replaces an earlier baked credential instead of adding a second one', () => {
    const twice = bakePng(bakePng(samplePng(), 'first'), 'second');
    const baked = readPngChunks(twice).filter((c) => c.type === 'iTXt');
    assert.equal(baked.length, 1);
    assert.equal(unbakePng(twice), 'second');
  });

  it('keeps other iTXt chunks and reads a compressed credential chunk', () => {
    const [ihdr, ...rest] = readPngChunks(samplePng());
    const other = { type: 'iTXt', data: itxtData('Comment', Buffer.from('hello')) };
    const compressed = { type: 'iTXt', data: itxtData(PNG_KEYWORD, deflateSync(credential), true) };
    const png = encodePngChunks([ihdr!, other, compressed, ...rest]);
    assert.equal(unbakePng(png), credential);
    const rebaked = readPngChunks(bakePng(png, 'new'));
    assert.equal(
      rebaked.filter((c) => c.type === 'iTXt').length,
      2,
      'the comment stays, the credential is replaced',
    );
  });

  it('answers undefined for a PNG without a credential', () => {
    assert.equal(unbakePng(samplePng()), undefined);
  });

  it('refuses a wrong CRC, a truncated file and a non-PNG with image-unreadable', () => {
    const png = samplePng();
    const badCrc = Buffer.from(png);
    badCrc[29] = (badCrc[29] ?? 0) ^ 0xff; // inside the IHDR CRC
    const cases = [badCrc, png.subarray(0, png.length - 6), Buffer.from('not a png at all')];
    for (const bytes of cases)
      assert.throws(
        () => unbakePng(bytes),
        (e: { code?: string; errors?: Array<{ pointer: string }> }) => {
          assert.equal(e.code, 'image-unreadable');
          assert.equal(e.errors?.[0]?.pointer, '/file');
          return true;
        },
      );
  });

  it('reads the dimensions from IHDR', () => {
    assert.deepEqual(pngDimensions(samplePng()), { width: 3, height: 2 });
  });
});
