import QRCode from 'qrcode';

type Doc = PDFKit.PDFDocument;

/** A QR code's dark modules as runs along each row: [row, first column, length]. */
type QrRuns = { size: number; runs: Array<[number, number, number]> };

/** QR codes of the pages rendered lately: a certificate is often fetched again soon after. */
const QR_CACHE_SIZE = 256;
const qrCache = new Map<string, QrRuns>();

function qrRuns(url: string): QrRuns {
  const hit = qrCache.get(url);
  if (hit) return hit;
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const runs: QrRuns['runs'] = [];
  for (let row = 0; row < modules.size; row++)
    for (let col = 0; col < modules.size; col++) {
      if (!modules.get(row, col)) continue;
      const start = col;
      while (col + 1 < modules.size && modules.get(row, col + 1)) col++;
      runs.push([row, start, col - start + 1]);
    }
  const qr = { size: modules.size, runs };
  qrCache.set(url, qr);
  if (qrCache.size > QR_CACHE_SIZE) qrCache.delete(qrCache.keys().next().value as string);
  return qr;
}

/** The QR code as filled rectangles, one per run of dark modules: vector, so it prints sharp at any size. */
export function drawQr(doc: Doc, url: string, x: number, y: number, size: number): void {
  const { size: modules, runs } = qrRuns(url);
  const quiet = 2;
  const cell = size / (modules + 2 * quiet);
  doc.save().rect(x, y, size, size).fill('#ffffff');
  for (const [row, col, length] of runs)
    doc.rect(x + (col + quiet) * cell, y + (row + quiet) * cell, length * cell, cell);
  doc.fill('#000000').restore();
}
