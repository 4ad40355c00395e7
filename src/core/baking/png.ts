import { crc32, inflateSync } from 'node:zlib';
import { BakingError } from './errors.js';

/** PNG signature (PNG §5.2). */
const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
/** OB 3.0 §5.3.1 (Baked Badge, PNG): the iTXt keyword that carries the credential. */
export const PNG_KEYWORD = 'openbadgecredential';
/** More chunks than any real badge or photo has: a guard against crafted files. */
const MAX_CHUNKS = 100_000;
/** The credential text we read back from a chunk; a signed credential is a few tens of kB. */
const MAX_TEXT_BYTES = 2 * 1024 * 1024;

export interface PngChunk {
  type: string;
  data: Buffer;
}

export const isPng = (bytes: Uint8Array): boolean =>
  bytes.length >= 8 && Buffer.from(bytes.buffer, bytes.byteOffset, 8).equals(SIGNATURE);

/**
 * The chunks of a PNG datastream (PNG §5.3), each length and CRC checked; throws `image-unreadable`
 * for anything that is not a well-formed PNG from IHDR to IEND.
 */
export function readPngChunks(png: Uint8Array): PngChunk[] {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (!isPng(bytes)) throw new BakingError('image-unreadable', 'not a PNG image');
  const chunks: PngChunk[] = [];
  let at = 8;
  while (at < bytes.length) {
    if (at + 12 > bytes.length || chunks.length >= MAX_CHUNKS)
      throw new BakingError('image-unreadable', 'the PNG is truncated');
    const length = bytes.readUInt32BE(at);
    const end = at + 12 + length;
    if (length > 0x7fffffff || end > bytes.length)
      throw new BakingError('image-unreadable', 'a PNG chunk runs past the end of the file');
    const typeAndData = bytes.subarray(at + 4, at + 8 + length);
    if (crc32(typeAndData) !== bytes.readUInt32BE(at + 8 + length))
      throw new BakingError('image-unreadable', 'a PNG chunk has a wrong CRC');
    chunks.push({ type: typeAndData.subarray(0, 4).toString('latin1'), data: typeAndData.subarray(4) });
    at = end;
    if (chunks.at(-1)?.type === 'IEND') break;
  }
  if (chunks[0]?.type !== 'IHDR' || chunks.at(-1)?.type !== 'IEND')
    throw new BakingError('image-unreadable', 'the PNG does not run from IHDR to IEND');
  return chunks;
}

/** Serialises chunks into a PNG datastream with fresh lengths and CRCs (PNG §5.3). */
export function encodePngChunks(chunks: readonly PngChunk[]): Buffer {
  const parts: Buffer[] = [SIGNATURE];
  for (const { type, data } of chunks) {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
    parts.push(head, data, crc);
  }
  return Buffer.concat(parts);
}

/** Width and height from the IHDR chunk (PNG §11.2.2), read before any pixel is decoded. */
export function pngDimensions(png: Uint8Array): { width: number; height: number } {
  const ihdr = readPngChunks(png)[0];
  if (!ihdr || ihdr.data.length < 8) throw new BakingError('image-unreadable', 'the PNG header is short');
  return { width: ihdr.data.readUInt32BE(0), height: ihdr.data.readUInt32BE(4) };
}

/** An uncompressed iTXt chunk (PNG §11.3.3.4) with empty language tag and translated keyword. */
function itxt(keyword: string, text: string): PngChunk {
  const data = Buffer.concat([
    Buffer.from(keyword, 'latin1'),
    Buffer.from([0, 0, 0, 0, 0]),
    Buffer.from(text, 'utf8'),
  ]);
  return { type: 'iTXt', data };
}

interface ItxtFields {
  keyword: string;
  compressed: boolean;
  text: Buffer;
}

function parseItxt(data: Buffer): ItxtFields | undefined {
  const keywordEnd = data.indexOf(0);
  if (keywordEnd < 1 || keywordEnd + 3 > data.length) return undefined;
  const compressed = data[keywordEnd + 1] === 1;
  const languageEnd = data.indexOf(0, keywordEnd + 3);
  const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1);
  if (translatedEnd < 0) return undefined;
  return {
    keyword: data.subarray(0, keywordEnd).toString('latin1'),
    compressed,
    text: data.subarray(translatedEnd + 1),
  };
}

const isCredentialChunk = (chunk: PngChunk): boolean =>
  chunk.type === 'iTXt' && parseItxt(chunk.data)?.keyword === PNG_KEYWORD;

/**
 * Bakes a signed credential into a PNG (OB 3.0 §5.3.1.1): one uncompressed iTXt chunk with keyword
 * `openbadgecredential` holding the credential's JSON or, for VC-JWT, the compact JWS. A chunk baked
 * earlier is replaced, since the keyword must not appear twice; every other chunk is kept as it was.
 */
export function bakePng(png: Uint8Array, text: string): Buffer {
  const chunks = readPngChunks(png).filter((c) => !isCredentialChunk(c));
  const [ihdr, ...rest] = chunks;
  return encodePngChunks([ihdr as PngChunk, itxt(PNG_KEYWORD, text), ...rest]);
}

/**
 * The credential baked into a PNG (OB 3.0 §5.3.1.2): the text of the first iTXt chunk with keyword
 * `openbadgecredential`, or undefined when there is none. A compressed chunk (which the spec forbids
 * writing) is still read, within a size bound.
 */
export function unbakePng(png: Uint8Array): string | undefined {
  const chunk = readPngChunks(png).find(isCredentialChunk);
  const fields = chunk && parseItxt(chunk.data);
  if (!fields) return undefined;
  if (fields.text.length > MAX_TEXT_BYTES)
    throw new BakingError('image-unreadable', 'the baked credential is too large');
  if (!fields.compressed) return fields.text.toString('utf8');
  try {
    return inflateSync(fields.text, { maxOutputLength: MAX_TEXT_BYTES }).toString('utf8');
  } catch {
    throw new BakingError('image-unreadable', 'the baked credential cannot be decompressed');
  }
}
