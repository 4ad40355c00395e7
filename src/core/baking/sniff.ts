import { isPng } from './png.js';

/** What an uploaded file holds, judged by its bytes (never by its name). */
export type FileKind = 'png' | 'jpeg' | 'gif' | 'webp' | 'svg' | 'pdf' | 'json' | 'jwt' | 'unknown';

/** A compact JWS (RFC 7515 §7.1): three base64url parts. */
export const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

const startsWith = (bytes: Uint8Array, ...prefix: number[]): boolean =>
  prefix.every((b, i) => bytes[i] === b);

/** The file as UTF-8 text, or undefined when it is not valid UTF-8. */
export function asText(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}

function sniffText(bytes: Uint8Array): FileKind {
  const text = asText(bytes)?.trim();
  if (text === undefined) return 'unknown';
  if (text.startsWith('{')) return 'json';
  if (COMPACT_JWS.test(text)) return 'jwt';
  if (text.startsWith('<') && /<(?:[\w.-]+:)?svg[\s>]/.test(text)) return 'svg';
  return 'unknown';
}

/** The kind of file by its magic bytes (PNG, JPEG, GIF, WebP, PDF), else by its text. */
export function sniffFile(bytes: Uint8Array): FileKind {
  if (isPng(bytes)) return 'png';
  if (startsWith(bytes, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (startsWith(bytes, 0x47, 0x49, 0x46, 0x38)) return 'gif';
  if (startsWith(bytes, 0x52, 0x49, 0x46, 0x46) && Buffer.from(bytes.subarray(8, 12)).toString() === 'WEBP')
    return 'webp';
  // PDF §7.5.2: the header may follow up to 1024 bytes of anything
  if (Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-')) return 'pdf';
  return sniffText(bytes);
}

/** The uploader says it is an image: by its name or its declared media type. */
export const claimsImage = (filename: string, mimeType: string): boolean =>
  /\.(png|jpe?g|gif|webp|svg|bmp|heic)$/i.test(filename) || /^image\//i.test(mimeType);
