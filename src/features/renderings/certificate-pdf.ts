import PDFDocument from 'pdfkit';
import { factRows, plainText, type FactKey, type Line } from '../../core/certificate/display.js';
import type { CertificateFacts } from '../../core/certificate/facts.js';
import { formatDate } from '../../core/certificate/format.js';
import type { Translate } from '../../i18n/index.js';
import { drawQr } from './certificate-qr.js';
import type { Fonts } from './fonts.js';

type Doc = PDFKit.PDFDocument;

/** A4 in points, margins of about 2 cm; the footer sits in the bottom margin. */
const PAGE = { width: 595.28, height: 841.89, margin: 56, bottom: 64 };
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
const QR_SIZE = 96;
const COLOR = { accent: '#1f3a5f', gold: '#b8912a', text: '#111827', muted: '#4b5563', rule: '#d1d5db' };

export interface CertificateInput {
  facts: CertificateFacts;
  t: Translate;
  /** the credential page the QR code and the text point to */
  pageUrl: string;
  /** the signed credential, attached so the PDF alone can be verified */
  attachment: { name: string; type: string; content: string };
  createdAt: Date;
}

function drawFrame(doc: Doc): void {
  doc
    .save()
    .lineWidth(1.5)
    .strokeColor(COLOR.accent)
    .rect(18, 18, PAGE.width - 36, PAGE.height - 36)
    .stroke()
    .lineWidth(0.5)
    .strokeColor(COLOR.gold)
    .rect(23, 23, PAGE.width - 46, PAGE.height - 46)
    .stroke()
    .restore();
}

function header(doc: Doc, { facts, t, pageUrl }: CertificateInput): void {
  const width = CONTENT_WIDTH - QR_SIZE - 16;
  doc
    .font('bold')
    .fontSize(13)
    .fillColor(COLOR.accent)
    .text(facts.issuerName, PAGE.margin, PAGE.margin, { width });
  if (facts.issuer.website)
    doc.font('regular').fontSize(8.5).fillColor(COLOR.muted).text(facts.issuer.website, { width });
  const qrX = PAGE.width - PAGE.margin - QR_SIZE;
  drawQr(doc, pageUrl, qrX, PAGE.margin - 6, QR_SIZE);
  doc
    .font('regular')
    .fontSize(7.5)
    .fillColor(COLOR.muted)
    .text(t('certificate.scan'), qrX - 10, PAGE.margin - 6 + QR_SIZE + 2, {
      width: QR_SIZE + 20,
      align: 'center',
    });
  doc.y = Math.max(doc.y, PAGE.margin + QR_SIZE + 24);
}

function centred(doc: Doc, text: string, font: string, size: number, color: string, gap = 4): void {
  doc
    .font(font)
    .fontSize(size)
    .fillColor(color)
    .text(text, PAGE.margin, doc.y, { width: CONTENT_WIDTH, align: 'center' });
  doc.y += gap;
}

function statement(doc: Doc, { facts, t }: CertificateInput): void {
  doc.font('bold').fontSize(12).fillColor(COLOR.accent);
  doc.text(t('certificate.heading').toUpperCase(), PAGE.margin, doc.y, {
    width: CONTENT_WIDTH,
    align: 'center',
  });
  doc.y += 14;
  centred(doc, t('certificate.certifies'), 'regular', 11, COLOR.muted, 6);
  if (facts.learner) centred(doc, facts.learner, 'bold', 24, COLOR.text, 8);
  centred(doc, t('certificate.earned'), 'regular', 11, COLOR.muted, 6);
  centred(doc, facts.title, 'bold', 18, COLOR.accent, 8);
  if (facts.description) centred(doc, facts.description, 'regular', 9, COLOR.muted, 8);
  rule(doc);
}

function rule(doc: Doc): void {
  ensureSpace(doc, 12);
  const y = doc.y + 4;
  doc
    .save()
    .lineWidth(0.75)
    .strokeColor(COLOR.rule)
    .moveTo(PAGE.margin, y)
    .lineTo(PAGE.width - PAGE.margin, y)
    .stroke()
    .restore();
  doc.y = y + 10;
}

/** Starts a new page when fewer than `height` points are left above the bottom margin. */
function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

const LABEL_WIDTH = 150;

const isWebUrl = (url: string | undefined): url is string => !!url && /^https?:\/\//.test(url);

/** Runs of one look (font, colour, link) drawn as one: each pdfkit text call lays out anew. */
function runsOf(line: Line): Array<{ text: string; strong: boolean; url?: string }> {
  const runs: Array<{ text: string; strong: boolean; url?: string }> = [];
  for (const part of line) {
    const url = isWebUrl(part.url) ? part.url : undefined;
    const last = runs.at(-1);
    if (last && !url && !last.url && last.strong === !!part.strong) last.text += part.text;
    else if (part.text !== '') runs.push({ text: part.text, strong: !!part.strong, ...(url ? { url } : {}) });
  }
  return runs;
}

/** Draws a value's lines; linked runs point where the credential says (annotations over the text). */
function drawLines(doc: Doc, lines: Line[], x: number, top: number, width: number): void {
  doc.x = x;
  doc.y = top;
  for (const line of lines) {
    const runs = runsOf(line);
    runs.forEach((run, i) => {
      doc
        .font(run.strong ? 'bold' : 'regular')
        .fillColor(run.url ? COLOR.accent : COLOR.text)
        .text(run.text, { width, continued: i < runs.length - 1, link: run.url ?? null });
    });
  }
}

/** A label and its value side by side; a value taller than the page flows onto the next one. */
function row(doc: Doc, label: string, lines: Line[]): void {
  const valueX = PAGE.margin + LABEL_WIDTH + 12;
  const valueWidth = CONTENT_WIDTH - LABEL_WIDTH - 12;
  doc.font('regular').fontSize(9.5);
  const height = Math.min(doc.heightOfString(plainText(lines), { width: valueWidth }), 36);
  ensureSpace(doc, height);
  const top = doc.y;
  const page = doc.page;
  doc.font('bold').fontSize(8.5).fillColor(COLOR.muted).text(label, PAGE.margin, top, { width: LABEL_WIDTH });
  const labelBottom = doc.y;
  doc.fontSize(9.5);
  drawLines(doc, lines, valueX, top, valueWidth);
  doc.x = PAGE.margin;
  doc.y = (doc.page === page ? Math.max(doc.y, labelBottom) : doc.y) + 5;
}

/** The elements a certificate prints, with its own labels where a certificate words them differently. */
const PRINTED: ReadonlyArray<[FactKey, string]> = [
  ['issuer', 'certificate.issuedBy'],
  ['awardingBody', 'facts.awardingBody'],
  ['awarded', 'certificate.awarded'],
  ['validUntil', 'certificate.validity'],
  ['grade', 'certificate.grade'],
  ['workload', 'certificate.workload'],
  ['level', 'certificate.level'],
  ['field', 'certificate.field'],
  ['assessment', 'certificate.assessment'],
  ['participation', 'certificate.participation'],
  ['qualityAssurance', 'certificate.qualityAssurance'],
  ['supervision', 'certificate.supervision'],
  ['prerequisites', 'facts.prerequisites'],
  ['stackability', 'facts.stackability'],
];

/** The rows of the certificate, in the credential's language; validity is stated even when unlimited. */
function factTable(facts: CertificateFacts, t: Translate): Array<[string, Line[]]> {
  const lang = facts.language;
  const rows = new Map(factRows(facts, { lang, t }).map((r) => [r.key, r.lines]));
  const until = formatDate(facts.validUntil, lang);
  const validity = until ? t('certificate.validUntil', { date: until }) : t('certificate.validUnlimited');
  rows.set('validUntil', [[{ text: validity }]]);
  rows.set('issuer', [[{ text: facts.issuerName }]]);
  return PRINTED.flatMap(([key, label]): Array<[string, Line[]]> => {
    const lines = rows.get(key);
    return lines ? [[t(label), lines]] : [];
  });
}

function outcomes(doc: Doc, facts: CertificateFacts, t: Translate): void {
  const list = (facts.achievement?.learningOutcomes ?? []).map((o) => o.text);
  if (list.length === 0) return;
  rule(doc);
  ensureSpace(doc, 40);
  doc.font('bold').fontSize(11).fillColor(COLOR.accent).text(t('certificate.outcomes'), PAGE.margin, doc.y);
  doc.y += 4;
  list.forEach((outcome, i) => {
    doc.font('regular').fontSize(9.5);
    ensureSpace(doc, Math.min(doc.heightOfString(outcome, { width: CONTENT_WIDTH - 22 }), 36));
    const top = doc.y;
    doc.fillColor(COLOR.gold).text(`${i + 1}.`, PAGE.margin, top, { width: 20 });
    doc.fillColor(COLOR.text).text(outcome, PAGE.margin + 22, top, { width: CONTENT_WIDTH - 22 });
    doc.y += 3;
  });
}

function closing(doc: Doc, { facts, t, pageUrl }: CertificateInput): void {
  rule(doc);
  ensureSpace(doc, 60);
  const small = (text: string, font = 'regular') =>
    doc
      .font(font)
      .fontSize(8)
      .fillColor(COLOR.muted)
      .text(text, PAGE.margin, doc.y, { width: CONTENT_WIDTH });
  small(`${t('certificate.credentialId')}: ${facts.credentialId}`);
  small(`${t('certificate.verifyAt')} ${pageUrl}`);
  small(t('certificate.attached'));
}

/** Page numbers and the credential id on every page, inside the bottom margin. */
function footers(doc: Doc, facts: CertificateFacts, t: Translate): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    drawFrame(doc);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = PAGE.height - 44;
    doc.font('regular').fontSize(7).fillColor(COLOR.muted);
    doc.text(facts.credentialId, PAGE.margin, y, {
      width: CONTENT_WIDTH - 110,
      lineBreak: false,
      ellipsis: true,
    });
    doc.text(t('certificate.page', { page: i + 1, pages: count }), PAGE.width - PAGE.margin - 100, y, {
      width: 100,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
}

/** An A4 document with its metadata, our fonts and the signed credential attached; nothing drawn yet. */
function newCertificateDocument(fonts: Fonts, input: CertificateInput): Doc {
  const { facts, t, attachment } = input;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.margin, left: PAGE.margin, right: PAGE.margin, bottom: PAGE.bottom },
    bufferPages: true,
    // no default font: pdfkit would load Helvetica's metrics, and a font object given here is never
    // found again by name, so each later font('regular') built a new embedded font and compared it
    font: null as unknown as string,
    lang: facts.language,
    displayTitle: true,
    info: {
      Title: [facts.title, facts.learner].filter(Boolean).join(' — '),
      Author: facts.issuerName,
      Subject: t('certificate.heading'),
      Keywords: [t('certificate.kind'), 'Open Badges 3.0', 'Verifiable Credential'].join(', '),
      Creator: 'Tilts',
      CreationDate: input.createdAt,
    },
  });
  doc.registerFont('regular', fonts.pdf.regular as unknown as ArrayBuffer);
  doc.registerFont('bold', fonts.pdf.bold as unknown as ArrayBuffer);
  doc.font('regular');
  doc.file(Buffer.from(attachment.content, 'utf8'), {
    name: attachment.name,
    type: attachment.type,
    description: t('certificate.attachment'),
    creationDate: input.createdAt,
    modifiedDate: input.createdAt,
  });
  return doc;
}

/**
 * The printable A4 certificate of a micro-credential: what it certifies, in the credential's
 * language, a QR code to its page, and the signed credential attached as an embedded file (PDF 1.7
 * §7.11.4), so the PDF alone is enough to verify it.
 */
export async function renderCertificatePdf(fonts: Fonts, input: CertificateInput): Promise<Buffer> {
  const { facts, t } = input;
  const doc = newCertificateDocument(fonts, input);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  header(doc, input);
  statement(doc, input);
  for (const [label, lines] of factTable(facts, t)) row(doc, label, lines);
  outcomes(doc, facts, t);
  closing(doc, input);
  footers(doc, facts, t);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
