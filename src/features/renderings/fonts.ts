import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import type { TextShaper } from '../../core/baking/badge-svg.js';

/** DejaVu Sans (npm `dejavu-fonts-ttf`): covers Latvian and Lithuanian, free to embed. */
export interface Fonts {
  regular: fontkit.Font;
  bold: fontkit.Font;
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

/** Parses the fonts once, at start; every PDF and badge then reuses the parsed fonts. */
export function loadFonts(): Fonts {
  const files = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => readFileSync(join(fontDir(), f)));
  const [regular, bold] = files as [Buffer, Buffer];
  return { regular: parse('DejaVuSans.ttf', regular), bold: parse('DejaVuSans-Bold.ttf', bold), files };
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
