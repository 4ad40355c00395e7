import { ECDH } from 'node:crypto';
import type { JWK } from 'jose';
import { isRecord, type JsonRecord } from './util.js';

const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** base58btc (the Multibase "z" alphabet) to bytes. */
function base58btcDecode(text: string): Uint8Array | undefined {
  let value = 0n;
  for (const char of text) {
    const digit = BASE58_ALPHABET.indexOf(char);
    if (digit === -1) return undefined;
    value = value * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  while (value > 0n) {
    bytes.unshift(Number(value % 256n));
    value /= 256n;
  }
  const zeros = /^1*/.exec(text)?.[0].length ?? 0;
  return Uint8Array.from([...new Array<number>(zeros).fill(0), ...bytes]);
}

function b64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/**
 * JWK of a Multikey `publicKeyMultibase` (Controlled Identifiers v1.0, "Multikey"): Ed25519
 * (multicodec 0xed) and P-256 (multicodec 0x1200, compressed point).
 */
function multikeyToJwk(multibase: string): JWK | undefined {
  if (!multibase.startsWith('z')) return undefined;
  const bytes = base58btcDecode(multibase.slice(1));
  if (!bytes) return undefined;
  if (bytes[0] === 0xed && bytes[1] === 0x01 && bytes.length === 34) {
    return { kty: 'OKP', crv: 'Ed25519', x: b64url(bytes.subarray(2)) };
  }
  if (bytes[0] === 0x80 && bytes[1] === 0x24 && bytes.length === 35) {
    const point = ECDH.convertKey(
      Buffer.from(bytes.subarray(2)),
      'prime256v1',
      undefined,
      undefined,
      'uncompressed',
    );
    const raw = Buffer.isBuffer(point) ? point : Buffer.from(point, 'latin1');
    return { kty: 'EC', crv: 'P-256', x: b64url(raw.subarray(1, 33)), y: b64url(raw.subarray(33, 65)) };
  }
  return undefined;
}

/** The public JWK of a verification method: its `publicKeyJwk`, or its Multikey converted. */
export function methodJwk(method: JsonRecord): JWK | undefined {
  if (isRecord(method.publicKeyJwk)) {
    const { d: _private, ...jwk } = method.publicKeyJwk as JWK;
    return jwk;
  }
  if (typeof method.publicKeyMultibase === 'string') {
    try {
      return multikeyToJwk(method.publicKeyMultibase);
    } catch {
      return undefined;
    }
  }
  return undefined;
}
