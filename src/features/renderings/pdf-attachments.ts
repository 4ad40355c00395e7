import { BakingError } from '../../core/baking/errors.js';
import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Bounds for reading an uploaded PDF: objects declared, attachments looked at, bytes of one attachment, time. */
const LIMITS = { objects: 50_000, attachments: 20, attachmentBytes: 2 * 1024 * 1024, ms: 10_000 };

export interface PdfAttachment {
  name: string;
  content: Buffer;
}

type PdfJs = typeof PdfJsModule;
// pdf.js is large and slow to load: loaded on the first PDF only, then shared by the process
let pdfjs: Promise<PdfJs> | undefined;

/** pdf.js with its worker code loaded up front (pdf.js runs it in this thread via `pdfjsWorker`). */
async function loadPdfJs(): Promise<PdfJs> {
  const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
  Object.assign(globalThis, { pdfjsWorker: worker });
  return import('pdfjs-dist/legacy/build/pdf.mjs');
}

/** Indirect objects the file declares (PDF §7.3.10), counted before any parsing. */
function countObjects(bytes: Buffer): number {
  const matches = bytes.toString('latin1').match(/\d+\s+\d+\s+obj\b/g);
  return matches?.length ?? 0;
}

async function readAttachments(bytes: Buffer): Promise<PdfAttachment[]> {
  const { getDocument } = await (pdfjs ??= loadPdfJs());
  const task = getDocument({
    data: new Uint8Array(bytes),
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: true,
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), LIMITS.ms);
  });
  try {
    const read = task.promise.then(async (doc) => (await doc.getAttachments()) as unknown);
    const found = await Promise.race([read, timeout]);
    const entries = found && typeof found === 'object' ? Object.values(found) : [];
    return entries
      .slice(0, LIMITS.attachments)
      .flatMap((entry: { filename?: unknown; content?: unknown }) =>
        entry.content instanceof Uint8Array && entry.content.length <= LIMITS.attachmentBytes
          ? [{ name: String(entry.filename ?? ''), content: Buffer.from(entry.content) }]
          : [],
      );
  } finally {
    clearTimeout(timer);
    await task.destroy().catch(() => undefined);
  }
}

/**
 * The files embedded in a PDF (PDF 1.7 §7.11.4, the EmbeddedFiles name tree), read with pdf.js.
 * Throws `pdf-unreadable` for anything pdf.js cannot open within the bounds.
 */
export async function pdfAttachments(bytes: Buffer): Promise<PdfAttachment[]> {
  if (countObjects(bytes) > LIMITS.objects)
    throw new BakingError('pdf-unreadable', `the PDF declares more than ${LIMITS.objects} objects`);
  try {
    return await readAttachments(bytes);
  } catch {
    throw new BakingError('pdf-unreadable', 'the file is not a PDF that can be read');
  }
}
