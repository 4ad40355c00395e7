import assert from 'node:assert/strict';
import type * as fontkit from 'fontkit';
import { certificateFacts } from '../../../src/core/certificate/facts.js';
import { buildOpenBadgeCredential } from '../../../src/core/ob3/build-credential.js';
import { renderCertificatePdf } from '../../../src/features/renderings/certificate-pdf.js';
import { forPdf, loadFonts, type Fonts } from '../../../src/features/renderings/fonts.js';
import { loadCatalogues, translator } from '../../../src/i18n/index.js';
import { achievement, buildInput } from '../../fixtures/ob3/records.js';

const fonts = loadFonts();

/** The font with its layout() calls counted. */
function counted(font: fontkit.Font) {
  const calls: string[] = [];
  const spy = Object.create(font) as fontkit.Font;
  spy.layout = ((text: string, ...rest: unknown[]) => {
    calls.push(text);
    return (font.layout as (...a: unknown[]) => fontkit.GlyphRun).call(spy, text, ...rest);
  }) as fontkit.Font['layout'];
  return { spy, calls };
}

const plain = (run: fontkit.GlyphRun) => ({
  glyphs: run.glyphs.map((g) => g.id),
  positions: run.positions.map((p) => [p.xAdvance, p.yAdvance, p.xOffset, p.yOffset]),
  advanceWidth: run.advanceWidth,
});

describe('renderings/fonts forPdf: layouts kept across PDFs', () => {
  it('lays out text as the font does, and each caller may scale its positions without touching the next', () => {
    const font = forPdf(fonts.regular);
    const expected = plain(fonts.regular.layout('Ģirts Ķēniņš'));
    const first = font.layout('Ģirts Ķēniņš');
    assert.deepEqual(plain(first), expected);
    for (const p of first.positions) p.xAdvance *= 10; // what pdfkit does to a run it gets
    assert.deepEqual(plain(font.layout('Ģirts Ķēniņš')), expected);
  });

  it('keeps at most its bound of runs, the least recently used dropped first', () => {
    const { spy, calls } = counted(fonts.regular);
    const font = forPdf(spy, 2);
    for (const text of ['viens', 'divi', 'viens', 'trīs', 'viens', 'divi']) font.layout(text);
    // 'divi' was the least recently used when 'trīs' came, so it is laid out again at the end
    assert.deepEqual(calls, ['viens', 'divi', 'trīs', 'divi']);
  });

  it('passes layouts with explicit features through, unkept', () => {
    const { spy, calls } = counted(fonts.regular);
    const font = forPdf(spy);
    font.layout('fi', ['liga']);
    font.layout('fi', ['liga']);
    assert.deepEqual(calls, ['fi', 'fi']);
  });

  it('renders a certificate byte for byte as with the fonts alone, however often it is rendered', async () => {
    const lang = 'lv';
    const credential = buildOpenBadgeCredential({ ...buildInput(lang), achievement }) as unknown as Record<
      string,
      unknown
    >;
    const facts = certificateFacts(credential);
    const input = {
      facts,
      t: translator(loadCatalogues(), lang),
      pageUrl: 'https://tilts.example/credentials/x',
      attachment: { name: 'credential.json', type: 'application/json', content: JSON.stringify(credential) },
      createdAt: new Date('2026-01-02T03:04:05Z'),
    };
    const bare: Fonts = { ...fonts, pdf: { regular: fonts.regular, bold: fonts.bold } };
    const reference = await renderCertificatePdf(bare, input);
    const cached = loadFonts();
    for (let i = 0; i < 3; i++)
      assert.ok(reference.equals(await renderCertificatePdf(cached, input)), `run ${i}`);
    assert.match(reference.subarray(0, 8).toString('latin1'), /^%PDF-1\.\d/);
  });
});
