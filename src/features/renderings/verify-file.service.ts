import { BakingError } from '../../core/baking/errors.js';
import { unbakePng } from '../../core/baking/png.js';
import { classifyQrText } from '../../core/baking/qr-text.js';
import { asText, claimsImage, sniffFile, type FileKind } from '../../core/baking/sniff.js';
import { unbakeSvg } from '../../core/baking/svg.js';
import { credentialFromText } from '../../core/credential-text.js';
import { AppError } from '../../errors.js';
import type { CredentialDoc } from '../credentials/credential.model.js';
import { decodeQr } from './image-qr.js';
import { pdfAttachments, type PdfAttachment } from './pdf-attachments.js';

export type FileSource = 'json' | 'jwt' | 'png' | 'svg' | 'pdf' | 'qr';

export interface UploadedFile {
  bytes: Buffer;
  filename: string;
  mimeType: string;
}

/** The verifier's report (Open Badges / VC, or EDC): what this feature relies on, the rest passes through. */
export interface VerificationReport {
  verified: boolean;
  checks: Array<{ id: string; valid: boolean; code?: string; detail: string }>;
}

/**
 * A verification report for what the file held, or, for a QR code that points elsewhere, that link.
 * `R` is the verifier's full report (callers such as the verify page read more of it than this feature).
 */
export type FileResult<R extends VerificationReport = VerificationReport> =
  { source: FileSource; report: R; link?: string } | { source: 'qr'; link: string };

export interface VerifyFileDeps<R extends VerificationReport = VerificationReport> {
  verify: { verifyCredential(input: unknown): Promise<R> };
  credentials: { getPublic(id: string): Promise<CredentialDoc> };
  publicUrl: string;
}

const IMAGE_KINDS: readonly FileKind[] = ['png', 'jpeg', 'gif', 'webp', 'svg'];

/** The attachment that holds a credential: our own names first, then any JSON or JWT file. */
function credentialAttachment(attachments: PdfAttachment[]): string {
  const ranked = [...attachments].sort(
    (a, b) =>
      Number(/^credential\.(json|jwt)$/.test(b.name)) - Number(/^credential\.(json|jwt)$/.test(a.name)),
  );
  for (const { content } of ranked) {
    const kind = sniffFile(content);
    if (kind === 'json' || kind === 'jwt') return (asText(content) ?? '').trim();
  }
  throw new BakingError('pdf-no-credential', 'the PDF has no attached credential (JSON or JWT)');
}

const check = async <R extends VerificationReport>(
  { verify }: VerifyFileDeps<R>,
  source: FileSource,
  text: string,
): Promise<FileResult<R>> => ({
  source,
  report: await verify.verifyCredential(credentialFromText(text, '/file')),
});

/** A QR code: a credential of ours is verified from our store at once; other links are only named. */
async function fromQr<R extends VerificationReport>(
  deps: VerifyFileDeps<R>,
  text: string,
): Promise<FileResult<R>> {
  const content = classifyQrText(text, deps.publicUrl);
  if (content.kind === 'link') return { source: 'qr', link: content.link };
  if (content.kind === 'credential') return check(deps, 'qr', content.text);
  const doc = await deps.credentials.getPublic(content.credentialId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not-found')
      throw new AppError('not-found', 'The QR code points to a credential this service does not hold', [
        { pointer: '/file', detail: 'no such credential here' },
      ]);
    throw error;
  });
  const report = await deps.verify.verifyCredential(doc.jwt ?? doc.credential);
  return { source: 'qr', report, link: text.trim() };
}

async function fromImage<R extends VerificationReport>(
  deps: VerifyFileDeps<R>,
  file: UploadedFile,
  kind: 'png' | 'jpeg',
): Promise<FileResult<R>> {
  const baked = kind === 'png' ? unbakePng(file.bytes) : undefined;
  if (baked !== undefined) return check(deps, 'png', baked);
  const qr = decodeQr(file.bytes, kind);
  if (qr === undefined)
    throw new BakingError(
      'image-no-credential',
      'the image holds neither a baked credential nor a readable QR code',
    );
  return fromQr(deps, qr);
}

function fromSvg<R extends VerificationReport>(
  deps: VerifyFileDeps<R>,
  file: UploadedFile,
): Promise<FileResult<R>> {
  const baked = unbakeSvg(asText(file.bytes) ?? '');
  if (baked === undefined)
    throw new BakingError('svg-no-credential', 'the SVG has no <openbadges:credential> element');
  return check(deps, 'svg', baked);
}

/**
 * Reads a credential out of an uploaded file, whatever its form (JSON, compact JWT, baked PNG
 * or SVG per OB 3.0 §5.3, our PDF certificate, a picture of a QR code), and verifies it.
 */
async function verifyFile<R extends VerificationReport>(
  deps: VerifyFileDeps<R>,
  file: UploadedFile,
): Promise<FileResult<R>> {
  const kind = sniffFile(file.bytes);
  if (claimsImage(file.filename, file.mimeType) && !IMAGE_KINDS.includes(kind))
    throw new BakingError(
      'file-not-image',
      `"${file.filename}" is named or typed as an image, but its content is not one`,
    );
  if (kind === 'json' || kind === 'jwt') return check(deps, kind, (asText(file.bytes) ?? '').trim());
  if (kind === 'png' || kind === 'jpeg') return fromImage(deps, file, kind);
  if (kind === 'svg') return fromSvg(deps, file);
  if (kind === 'pdf') return check(deps, 'pdf', credentialAttachment(await pdfAttachments(file.bytes)));
  if (kind === 'gif' || kind === 'webp')
    throw new BakingError('file-unsupported', 'GIF and WebP images are not read; send a PNG or JPEG picture');
  throw new BakingError(
    'file-unsupported',
    'the file is none of: a credential (JSON or JWT), a baked badge (PNG or SVG), a PDF certificate, a picture of a QR code',
  );
}

export function createVerifyFileService<R extends VerificationReport>(deps: VerifyFileDeps<R>) {
  return {
    verifyFile: (file: UploadedFile): Promise<FileResult<R>> => verifyFile(deps, file),
  };
}

export type VerifyFileService = ReturnType<typeof createVerifyFileService>;
