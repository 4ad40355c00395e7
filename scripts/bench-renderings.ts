/**
 * The renderings part of `npm run bench`: PDF certificate and baked PNG badge, each timed in process
 * (median of sequential runs) beside the raw libraries doing the least comparable work, and end to
 * end over HTTP. Separate from bench.ts so that other sections merge cleanly.
 */
import { get } from 'node:http';
import { loadavg } from 'node:os';
import PDFDocument from 'pdfkit';
import { Resvg } from '@resvg/resvg-wasm';
import { defaultBadgeSvg } from '../src/core/baking/badge-svg.js';
import { bakePng } from '../src/core/baking/png.js';
import { certificateFacts } from '../src/core/certificate/facts.js';
import { createBadgeImages, initBadgeRasterizer } from '../src/features/renderings/badge-image.js';
import { renderCertificatePdf } from '../src/features/renderings/certificate-pdf.js';
import { loadFonts, textShaper } from '../src/features/renderings/fonts.js';
import { loadCatalogues, translator } from '../src/i18n/index.js';

const RUNS = Number(process.env.BENCH_RENDER_RUNS ?? 40);

interface Runs {
  /** wall milliseconds of each run, sorted */
  ms: number[];
  /** CPU milliseconds per run of this process (all its threads: the steadier figure on a shared machine) */
  cpu: number;
}

async function sequential(work: () => Promise<unknown>): Promise<Runs> {
  await work(); // warm-up: first-use costs are not what a steady server pays
  const ms: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await work();
    ms.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  return { ms: ms.sort((a, b) => a - b), cpu: (cpu.user + cpu.system) / 1000 / RUNS };
}

/** Rows over HTTP: the work is the service's, so this process's CPU says nothing. */
const client = (runs: Runs): Runs => ({ ...runs, cpu: 0 });

const at = (ms: number[], p: number) => ms[Math.min(ms.length - 1, Math.floor(ms.length * p))]!;

function line(name: string, { ms, cpu }: Runs, baseline?: Runs) {
  const ratio = baseline ? `  ×${(at(ms, 0.5) / at(baseline.ms, 0.5)).toFixed(2)} of raw` : '';
  const cpuMs = cpu ? `  cpu ${cpu.toFixed(2).padStart(6)} ms` : '';
  console.log(
    `${name.padEnd(44)} min ${ms[0]!.toFixed(2).padStart(7)}  median ${at(ms, 0.5).toFixed(2).padStart(7)} ms  p95 ${at(ms, 0.95).toFixed(2).padStart(7)} ms${cpuMs}${ratio}`,
  );
}

/** pdfkit alone: one page, one line of text in the same TTF parsed for the document. */
function rawPdf(font: Buffer, text: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('f', font).font('f').text(text);
  doc.end();
  return done;
}

/** One GET on a fresh connection (a kept-alive socket may have been closed by the server meanwhile). */
function httpGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () =>
        res.statusCode === 200 ? resolve(bytes) : reject(new Error(`${url}: ${res.statusCode}`)),
      );
    }).on('error', reject);
  });
}

interface Issued {
  id?: unknown;
  credential?: unknown;
}

export async function renderingsBench(base: string, issued: Issued): Promise<void> {
  const credential = issued.credential as Record<string, unknown>;
  const id = String(issued.id);
  const fonts = loadFonts();
  await initBadgeRasterizer();
  const facts = certificateFacts(credential);
  const t = translator(loadCatalogues(), facts.language);
  const json = JSON.stringify(credential);
  const pageUrl = String(credential.id);
  console.log(
    `\nRenderings: ${RUNS} sequential runs each after one warm-up, one credential (${facts.language}), load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const rawPdfMs = await sequential(() => rawPdf(fonts.files[0]!, facts.title));
  line('raw pdfkit: 1 line, TTF parsed per document', rawPdfMs);
  const pdf = {
    facts,
    t,
    pageUrl,
    attachment: { name: 'credential.json', type: 'application/json', content: json },
  };
  line(
    'PDF certificate (in process)',
    await sequential(() => renderCertificatePdf(fonts, { ...pdf, createdAt: new Date() })),
    rawPdfMs,
  );
  let n = 0;
  line(
    'PDF certificate, a QR not drawn before',
    await sequential(() =>
      renderCertificatePdf(fonts, { ...pdf, pageUrl: `${pageUrl}?n=${++n}`, createdAt: new Date() }),
    ),
    rawPdfMs,
  );
  line(
    'GET /credentials/{id}.pdf (HTTP)',
    client(await sequential(() => httpGet(`${base}/credentials/${id}.pdf`))),
  );
  const badges = createBadgeImages(fonts);
  const text = { title: facts.title, issuer: facts.issuerName, kicker: t('certificate.kind') };
  const svg = defaultBadgeSvg(text, textShaper(fonts));
  const rawPngMs = await sequential(async () => {
    const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: 400 }, font: { loadSystemFonts: false } });
    resvg.render().asPng();
    resvg.free();
  });
  line('raw resvg: medal SVG → PNG (uncached)', rawPngMs);
  line(
    'baked PNG (in process, medal cached)',
    await sequential(async () => bakePng(await badges.png(undefined, text), json)),
    rawPngMs,
  );
  line(
    'GET /credentials/{id}.png (HTTP)',
    client(await sequential(() => httpGet(`${base}/credentials/${id}.png`))),
  );
}
