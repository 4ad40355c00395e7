import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { defaultBadgeSvg, svgAroundPng, type BadgeText } from '../../core/baking/badge-svg.js';
import { pngDimensions, readPngChunks } from '../../core/baking/png.js';
import { textShaper, type Fonts } from './fonts.js';

/** Badge images are rendered at this width (px): enough for print at ~3.5 cm, small to serve. */
const PNG_WIDTH = 400;
/** Rendered base images kept in memory, keyed by the hash of their source: a bound, not a store. */
const CACHE_ENTRIES = 64;

// The wasm module is process-wide by nature (initWasm may run once per process), so its start is too.
let wasmReady: Promise<void> | undefined;

/** Loads the resvg WebAssembly module once per process (no native addon). */
export function initBadgeRasterizer(): Promise<void> {
  wasmReady ??= initWasm(
    readFileSync(createRequire(import.meta.url).resolve('@resvg/resvg-wasm/index_bg.wasm')),
  );
  return wasmReady;
}

interface DataImage {
  type: 'png' | 'svg';
  bytes: Buffer;
}

/** An achievement image given as a data: URI (image-ref.json); https images are never fetched here. */
export function dataImage(uri: string | undefined): DataImage | undefined {
  const match = /^data:image\/(png|svg\+xml);base64,([A-Za-z0-9+/=]+)$/.exec(uri ?? '');
  if (!match?.[2]) return undefined;
  return { type: match[1] === 'png' ? 'png' : 'svg', bytes: Buffer.from(match[2], 'base64') };
}

const validPng = (bytes: Buffer): boolean => {
  try {
    readPngChunks(bytes);
    return true;
  } catch {
    return false;
  }
};

/** An issuer's SVG we are willing to render: an <svg> root and no DTD (no entity expansion). */
const renderableSvg = (svg: string): boolean => /<svg[\s>]/.test(svg) && !/<!DOCTYPE|<!ENTITY/i.test(svg);

/**
 * SVG → PNG with resvg, the last {@link CACHE_ENTRIES} renderings kept by the hash of their source, so a
 * badge asked for again is not rendered again. Fonts are passed only for SVGs that set live text, since
 * loading them is costly.
 */
function createRasterizer(fontFiles: Fonts['files']): (svg: string) => Buffer {
  const fontBuffers = fontFiles.map((f) => new Uint8Array(f));
  const cache = new Map<string, Buffer>();

  const remember = (key: string, value: Buffer): Buffer => {
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
    cache.set(key, value);
    return value;
  };

  return (svg) => {
    const key = createHash('sha256').update(svg).digest('base64url');
    const hit = cache.get(key);
    if (hit) return hit;
    const resvg = new Resvg(svg, {
      fitTo: { mode: 'width', value: PNG_WIDTH },
      font: svg.includes('<text')
        ? { fontBuffers, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' }
        : { loadSystemFonts: false },
    });
    try {
      return remember(key, Buffer.from(resvg.render().asPng()));
    } finally {
      resvg.free();
    }
  };
}

export function createBadgeImages(fonts: Fonts) {
  const shaper = textShaper(fonts);
  const rasterize = createRasterizer(fonts.files);

  const defaultSvg = (text: BadgeText): string => defaultBadgeSvg(text, shaper);

  return {
    /** The badge as SVG: the achievement's SVG, its PNG wrapped in SVG, or the default medal. */
    svg(image: string | undefined, text: BadgeText): string {
      const data = dataImage(image);
      if (data?.type === 'svg') {
        const svg = data.bytes.toString('utf8');
        if (renderableSvg(svg)) return svg;
      }
      if (data?.type === 'png' && validPng(data.bytes))
        return svgAroundPng(data.bytes, pngDimensions(data.bytes), `${text.title} — ${text.issuer}`);
      return defaultSvg(text);
    },

    /** The badge as PNG: the achievement's PNG as it is, its SVG rendered, or the default medal. */
    async png(image: string | undefined, text: BadgeText): Promise<Buffer> {
      await initBadgeRasterizer();
      const data = dataImage(image);
      if (data?.type === 'png' && validPng(data.bytes)) return data.bytes;
      if (data?.type === 'svg') {
        const svg = data.bytes.toString('utf8');
        if (renderableSvg(svg)) {
          try {
            return rasterize(svg);
          } catch {
            // an SVG resvg cannot read: the default medal is better than no badge
          }
        }
      }
      return rasterize(defaultSvg(text));
    },
  };
}

export type BadgeImages = ReturnType<typeof createBadgeImages>;
