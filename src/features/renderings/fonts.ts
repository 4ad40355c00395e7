import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import type { TextShaper } from '../../core/baking/badge-svg.js';

/** DejaVu Sans (npm `dejavu-fonts-ttf`): covers Latvian and Lithuanian, free to embed. */
export interface Fonts {
  regular: fontkit.Font;
  bold: fontkit.Font;
  /** the same fonts, with what every PDF would work out again kept across documents ({@link forPdf}) */
  pdf: { regular: fontkit.Font; bold: fontkit.Font };
  /** the font files themselves (regular, bold), for renderers that parse fonts on their own */
  files: Buffer[];
}

const fontDir = (): string =>
  join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');

function parse(file: string, bytes: Buffer): fontkit.Font {
  const font = fontkit.create(bytes);
  if (!('layout' in font)) throw new Error(`${file} is a font collection, not a font`);
  return font;
}

/** Words laid out per font kept across documents: a certificate's labels and most words recur. */
export const LAYOUT_CACHE_SIZE = 4096;

type Run = fontkit.GlyphRun;

/**
 * The font as pdfkit gets it: `layout()` of plain text (no explicit features) remembered across
 * documents, at most `max` runs, the least recently used dropped first — pdfkit keeps a layout cache
 * per document only, and shaping words with fontkit (GSUB/GPOS lookups) was a third of a
 * certificate's time. pdfkit scales a run's positions in place, so every caller gets positions of its
 * own; glyphs are shared (read only). Glyph outlines are decoded once ({@link decodedOnce}).
 */
export function forPdf(font: fontkit.Font, max = LAYOUT_CACHE_SIZE): fontkit.Font {
  const runs = new Map<string, Run>();
  const cached: fontkit.Font = Object.create(font) as fontkit.Font;
  cached.layout = ((text: string, features?: unknown, ...rest: unknown[]): Run => {
    if (features !== undefined || rest.length > 0)
      return (font.layout as (...args: unknown[]) => Run).call(cached, text, features, ...rest);
    let run = runs.get(text);
    if (run) runs.delete(text);
    else run = font.layout.call(cached, text);
    runs.set(text, run);
    if (runs.size > max) runs.delete(runs.keys().next().value as string);
    return copyOf(run);
  }) as fontkit.Font['layout'];
  const tables = (font as unknown as { directory: { tables: Record<string, unknown> } }).directory.tables;
  if (!('fvar' in tables))
    cached.getGlyph = (id: number, codePoints?: number[]) =>
      decodedOnce(font.getGlyph.call(cached, id, codePoints));
  return cached;
}

/** A glyph's position of one caller's own; one shape for all, as pdfkit walks its keys. */
class Position {
  advanceWidth = 0;
  constructor(
    public xAdvance: number,
    public yAdvance: number,
    public xOffset: number,
    public yOffset: number,
  ) {}
}

function copyOf(run: Run): Run {
  const positions = run.positions.map((p) => new Position(p.xAdvance, p.yAdvance, p.xOffset, p.yOffset));
  return {
    glyphs: run.glyphs,
    positions,
    get advanceWidth() {
      let width = 0;
      for (const p of positions) width += p.xAdvance;
      return width;
    },
  } as unknown as Run;
}

const DECODED = Symbol('decoded once');

/**
 * Each embedded subset decodes the outline of every glyph it holds only to tell simple from compound
 * glyphs; the outline of a static font never changes, so it is decoded once per glyph (a font has a
 * fixed number of glyphs, which bounds what is kept).
 */
function decodedOnce(glyph: fontkit.Glyph): fontkit.Glyph {
  const g = glyph as fontkit.Glyph & { _decode?: () => unknown; [DECODED]?: true };
  if (!g[DECODED] && typeof g._decode === 'function') {
    const decoded = g._decode();
    Object.defineProperty(g, '_decode', { value: () => decoded });
    Object.defineProperty(g, DECODED, { value: true });
  }
  return glyph;
}

/** Parses the fonts once, at start; every PDF and badge then reuses the parsed fonts. */
export function loadFonts(): Fonts {
  const files = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => readFileSync(join(fontDir(), f)));
  const [regularFile, boldFile] = files as [Buffer, Buffer];
  const regular = parse('DejaVuSans.ttf', regularFile);
  const bold = parse('DejaVuSans-Bold.ttf', boldFile);
  return { regular, bold, pdf: { regular: forPdf(regular), bold: forPdf(bold) }, files };
}

/** Widths and outlines of text in DejaVu Sans, for the generated badge image. */
export function textShaper(fonts: Fonts): TextShaper {
  const fontOf = (bold: boolean) => (bold ? fonts.bold : fonts.regular);
  return {
    width(text, size, bold) {
      const font = fontOf(bold);
      return (font.layout(text).advanceWidth * size) / font.unitsPerEm;
    },
    path(text, size, bold) {
      const font = fontOf(bold);
      const scale = size / font.unitsPerEm;
      const run = font.layout(text);
      let x = 0;
      let d = '';
      run.glyphs.forEach((glyph, i) => {
        d += glyph.path.scale(scale, -scale).translate(x, 0).toSVG();
        x += (run.positions[i]?.xAdvance ?? glyph.advanceWidth) * scale;
      });
      return d;
    },
  };
}
