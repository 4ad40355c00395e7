import jpeg from 'jpeg-js';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { BakingError } from '../../core/baking/errors.js';
import { pngDimensions } from '../../core/baking/png.js';

// jsqr is CommonJS whose exports object is also its `default`: TypeScript sees the namespace only
const jsQR = jsqr.default;

/** A phone photo has 12–24 megapixels; more is refused before decoding (4 bytes a pixel). */
const MAX_PIXELS = 25_000_000;
/** QR codes are found on a copy at most this many pixels on its longer side (jsQR's cost grows with area). */
const SCAN_SIDE = 1600;

interface Pixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

function checkSize(width: number, height: number): void {
  if (width * height > MAX_PIXELS)
    throw new BakingError(
      'image-too-large',
      `the image has ${width}×${height} pixels; at most ${MAX_PIXELS} are read`,
    );
}

function decodePng(bytes: Buffer): Pixels {
  const { width, height } = pngDimensions(bytes);
  checkSize(width, height);
  try {
    const png = PNG.sync.read(bytes);
    return {
      data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
      width,
      height,
    };
  } catch {
    throw new BakingError('image-unreadable', 'the PNG image cannot be decoded');
  }
}

function decodeJpeg(bytes: Buffer): Pixels {
  try {
    const image = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: MAX_PIXELS / 1_000_000,
      maxMemoryUsageInMB: 512,
    });
    return {
      data: new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length),
      width: image.width,
      height: image.height,
    };
  } catch (error) {
    if (/maxResolutionInMP/.test(String(error)))
      throw new BakingError('image-too-large', `the image has more than ${MAX_PIXELS} pixels`);
    throw new BakingError('image-unreadable', 'the JPEG image cannot be decoded');
  }
}

/** A copy scaled down by a whole factor (box filter), so large photos stay cheap to scan. */
function downscale(image: Pixels): Pixels {
  const factor = Math.ceil(Math.max(image.width, image.height) / SCAN_SIDE);
  if (factor <= 1) return image;
  const width = Math.floor(image.width / factor);
  const height = Math.floor(image.height / factor);
  const data = new Uint8ClampedArray(width * height * 4);
  const area = factor * factor;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 4; c++) {
        let sum = 0;
        for (let dy = 0; dy < factor; dy++)
          for (let dx = 0; dx < factor; dx++)
            sum += image.data[((y * factor + dy) * image.width + x * factor + dx) * 4 + c] ?? 0;
        data[(y * width + x) * 4 + c] = sum / area;
      }
  return { data, width, height };
}

/**
 * The text of the QR code in a PNG or JPEG picture (a screenshot or photo of a certificate), or
 * undefined when none is found. Pixel limits apply before decoding.
 */
export function decodeQr(bytes: Buffer, kind: 'png' | 'jpeg'): string | undefined {
  const image = kind === 'png' ? decodePng(bytes) : decodeJpeg(bytes);
  const small = downscale(image);
  const found = jsQR(small.data, small.width, small.height);
  return found?.data;
}
