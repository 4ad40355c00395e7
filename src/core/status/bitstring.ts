import { gunzipSync, gzipSync } from 'node:zlib';
import { AppError } from '../../errors.js';

/**
 * Bitstring Status List v1.0, "BitstringStatusListCredential" (`encodedList`) and "Validate Algorithm": every list carries at
 * least 16 KB of status bits, so that a single index does not stand out (herd privacy).
 */
export const MIN_STATUS_LIST_BITS = 131_072;

/** Multibase prefix of base64url without padding (Multibase, "u"). */
const MULTIBASE_BASE64URL = 'u';

/** A hard ceiling on decompressed lists (16 MB of bits), against gzip bombs. */
const MAX_DECODED_BYTES = 16 * 1024 * 1024;

export type StatusListErrorCode =
  'status-list-malformed' | 'status-list-too-small' | 'status-index-out-of-range';

export class StatusListError extends AppError {
  declare readonly code: StatusListErrorCode;
  constructor(code: StatusListErrorCode, message: string) {
    super(code, message);
  }
}

/**
 * An empty (all-zero) status list of `size` bits (Bitstring Status List v1.0, "Bitstring Generation
 * Algorithm"). `size` must be a multiple of 8 and at least {@link MIN_STATUS_LIST_BITS}.
 */
export function createStatusList(size: number = MIN_STATUS_LIST_BITS): Uint8Array {
  if (!Number.isInteger(size) || size < MIN_STATUS_LIST_BITS) {
    throw new StatusListError(
      'status-list-too-small',
      `a status list holds at least ${MIN_STATUS_LIST_BITS} bits`,
    );
  }
  if (size % 8 !== 0)
    throw new StatusListError('status-list-malformed', 'status list size must be a multiple of 8');
  return new Uint8Array(size / 8);
}

function position(list: Uint8Array, index: number): { byte: number; mask: number } {
  if (!Number.isInteger(index) || index < 0 || index >= list.length * 8) {
    throw new StatusListError(
      'status-index-out-of-range',
      `index ${index} is outside the list of ${list.length * 8} bits`,
    );
  }
  // Bitstring Status List v1.0, "BitstringStatusListCredential" encodedList: index 0 is the left-most (most significant) bit of the first byte.
  return { byte: index >> 3, mask: 0x80 >> (index & 7) };
}

/** Reads the status bit at `index` (Bitstring Status List v1.0, "Validate Algorithm"). */
export function getBit(list: Uint8Array, index: number): boolean {
  const { byte, mask } = position(list, index);
  return ((list[byte] ?? 0) & mask) !== 0;
}

/** Sets (or clears) the status bit at `index`, in place (Bitstring Status List v1.0, "Bitstring Generation Algorithm"). */
export function setBit(list: Uint8Array, index: number, value = true): void {
  const { byte, mask } = position(list, index);
  const current = list[byte] ?? 0;
  list[byte] = value ? current | mask : current & ~mask;
}

/**
 * `encodedList` of a status list: GZIP (RFC 1952), then Multibase base64url without padding — the "u"
 * prefix (Bitstring Status List v1.0, "BitstringStatusListCredential" `encodedList` and "Bitstring Generation
 * Algorithm").
 */
export function encodeList(list: Uint8Array): string {
  if (list.length * 8 < MIN_STATUS_LIST_BITS) {
    throw new StatusListError(
      'status-list-too-small',
      `a status list holds at least ${MIN_STATUS_LIST_BITS} bits`,
    );
  }
  return MULTIBASE_BASE64URL + gzipSync(list).toString('base64url');
}

/**
 * Decodes an `encodedList` back into its bits (Bitstring Status List v1.0, "Bitstring Expansion
 * Algorithm"). Refuses lists that are not Multibase base64url, not GZIP, larger than 16 MB once
 * expanded, or shorter than the 131,072-bit minimum.
 */
export function decodeList(encodedList: string): Uint8Array {
  if (typeof encodedList !== 'string' || !encodedList.startsWith(MULTIBASE_BASE64URL)) {
    throw new StatusListError(
      'status-list-malformed',
      'encodedList must be Multibase base64url ("u" prefix)',
    );
  }
  const body = encodedList.slice(1);
  if (!/^[A-Za-z0-9_-]*$/.test(body)) {
    throw new StatusListError('status-list-malformed', 'encodedList is not base64url without padding');
  }
  let bits: Buffer;
  try {
    bits = gunzipSync(Buffer.from(body, 'base64url'), { maxOutputLength: MAX_DECODED_BYTES });
  } catch (error) {
    throw new StatusListError(
      'status-list-malformed',
      `encodedList is not GZIP data: ${(error as Error).message}`,
    );
  }
  if (bits.length * 8 < MIN_STATUS_LIST_BITS) {
    throw new StatusListError(
      'status-list-too-small',
      `the list has ${bits.length * 8} bits, fewer than the minimum`,
    );
  }
  return new Uint8Array(bits.buffer, bits.byteOffset, bits.length);
}

/**
 * A uniformly random index in [0, size) from an injected source of randomness in [0, 1). Allocation
 * (which indexes are free) is the store's business; random placement is what Bitstring Status List
 * v1.0 "BitstringStatusListEntry" asks of `statusListIndex` (SHOULD be assigned randomly).
 */
export function randomIndex(size: number, random: () => number): number {
  if (!Number.isInteger(size) || size <= 0) throw new RangeError('size must be a positive integer');
  return Math.min(size - 1, Math.floor(random() * size));
}
