import { BakingError } from '../../core/baking/errors.js';
import { unbakePng } from '../../core/baking/png.js';
import { classifyQrText } from '../../core/baking/qr-text.js';
import { asText, claimsImage, sniffFile, type FileKind } from '../../core/baking/sniff.js';
import { unbakeSvg } from '../../core/baking/svg.js';
import { MAX_JSON_DEPTH, tooDeepAt } from '../../core/json-depth.js';
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

/** A verification report for what the file held, or, for a QR code that points elsewhere, that link. */
export type FileResult =
  { source: FileSource; report: VerificationReport; link?: string } | { source: 'qr'; link: string };

export interface VerifyFileDeps {
  verify: { verifyCredential(input: unknown): Promise<VerificationReport> };
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

/**
 * What a file's text holds for the verifier: a JSON document is the credential object (the verifier
 * takes no JSON text: VC Data Integrity §4.4 wants a map), held to the depth request bodies are held
 * to; anything else (a compact JWT) stays text.
 */
function credentialInput(text: string): unknown {
  if (!text.trimStart().startsWith('{')) return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('malformed-json', 'The file is not valid JSON', [
      { pointer: '/file', detail: 'the credential it holds is not valid JSON' },
    ]);
  }
  if (tooDeepAt(parsed) === undefined) return parsed;
  const detail = `the credential it holds is nested deeper than ${MAX_JSON_DEPTH} levels`;
  throw new AppError('json-too-deep', 'The file is nested too deeply', [{ pointer: '/file', detail }]);
}

export function createVerifyFileService({ verify, credentials, publicUrl }: VerifyFileDeps) {
  const check = async (source: FileSource, text: string): Promise<FileResult> => ({
    source,
    report: await verify.verifyCredential(credentialInput(text)),
  });

  /** A QR code: a credential of ours is verified from our store at once; other links are only named. */
  const fromQr = async (text: string): Promise<FileResult> => {
    const content = classifyQrText(text, publicUrl);
    if (content.kind === 'link') return { source: 'qr', link: content.link };
    if (content.kind === 'credential') return check('qr', content.text);
    const doc = await credentials.getPublic(content.credentialId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not-found')
        throw new AppError('not-found', 'The QR code points to a credential this service does not hold', [
          { pointer: '/file', detail: 'no such credential here' },
        ]);
      throw error;
    });
    const report = await verify.verifyCredential(doc.jwt ?? doc.credential);
    return { source: 'qr', report, link: text.trim() };
  };

  const fromImage = async (file: UploadedFile, kind: 'png' | 'jpeg'): Promise<FileResult> => {
    const baked = kind === 'png' ? unbakePng(file.bytes) : undefined;
    if (baked !== undefined) return check('png', baked);
    const qr = decodeQr(file.bytes, kind);
    if (qr === undefined)
      throw new BakingError(
        'image-no-credential',
        'the image holds neither a baked credential nor a readable QR code',
      );
    return fromQr(qr);
  };

  return {
    /**
     * Reads a credential out of an uploaded file, whatever its form (JSON, compact JWT, baked PNG
     * or SVG per OB 3.0 §5.3, our PDF certificate, a picture of a QR code), and verifies it.
     */
    async verifyFile(file: UploadedFile): Promise<FileResult> {
      const kind = sniffFile(file.bytes);
      if (claimsImage(file.filename, file.mimeType) && !IMAGE_KINDS.includes(kind))
        throw new BakingError(
          'file-not-image',
          `"${file.filename}" is named or typed as an image, but its content is not one`,
        );
      if (kind === 'json' || kind === 'jwt') return check(kind, (asText(file.bytes) ?? '').trim());
      if (kind === 'png' || kind === 'jpeg') return fromImage(file, kind);
      if (kind === 'svg') {
        const baked = unbakeSvg(asText(file.bytes) ?? '');
        if (baked === undefined)
          throw new BakingError('svg-no-credential', 'the SVG has no <openbadges:credential> element');
        return check('svg', baked);
      }
      if (kind === 'pdf') return check('pdf', credentialAttachment(await pdfAttachments(file.bytes)));
      if (kind === 'gif' || kind === 'webp')
        throw new BakingError(
          'file-unsupported',
          'GIF and WebP images are not read; send a PNG or JPEG picture',
        );
      throw new BakingError(
        'file-unsupported',
        'the file is none of: a credential (JSON or JWT), a baked badge (PNG or SVG), a PDF certificate, a picture of a QR code',
      );
    },
  };
}

export type VerifyFileService = ReturnType<typeof createVerifyFileService>;
