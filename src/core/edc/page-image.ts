import { PNG } from 'pngjs';
import QRCode from 'qrcode';

const WIDTH = 420;
const HEIGHT = 594; // A-series proportions, like the PDF page it stands for
const BAND = 64;
const INK: [number, number, number] = [31, 78, 121];

function fill(
  png: PNG,
  x0: number,
  y0: number,
  w: number,
  h: number,
  [r, g, b]: [number, number, number],
): void {
  for (let y = y0; y < y0 + h; y += 1) {
    for (let x = x0; x < x0 + w; x += 1) {
      const i = (y * WIDTH + x) * 4;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = 255;
    }
  }
}

/**
 * The page image of an EDC's `displayParameter` (ELM 3.2 `DisplayDetail.image`): a page in the
 * credential's colours carrying the QR code of its public page, so a printed EDC still leads to the
 * live credential. Returns base64 PNG. Pure: the same URL always gives the same bytes.
 */
export function drawPageImage(credentialUrl: string): string {
  const png = new PNG({ width: WIDTH, height: HEIGHT });
  fill(png, 0, 0, WIDTH, HEIGHT, [255, 255, 255]);
  fill(png, 0, 0, WIDTH, BAND, INK);
  fill(png, 0, HEIGHT - BAND / 4, WIDTH, BAND / 4, INK);
  const qr = QRCode.create(credentialUrl, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const scale = Math.floor((WIDTH - 120) / size);
  const x0 = Math.floor((WIDTH - size * scale) / 2);
  const y0 = BAND + Math.floor((HEIGHT - BAND - size * scale) / 2);
  for (let row = 0; row < size; row += 1) {
    for (let col = 0; col < size; col += 1) {
      if (qr.modules.get(row, col)) fill(png, x0 + col * scale, y0 + row * scale, scale, scale, [0, 0, 0]);
    }
  }
  return PNG.sync.write(png, { colorType: 2 }).toString('base64');
}
