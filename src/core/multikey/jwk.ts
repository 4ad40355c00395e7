import { ECDH } from 'node:crypto';
import * as base58 from 'base58-universal';

/** multicodec headers (unsigned varints): ed25519-pub 0xed, p256-pub 0x1200 */
const ED25519_PUB = [0xed, 0x01] as const;
const P256_PUB = [0x80, 0x24] as const;

export interface P256PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

export interface Ed25519PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
}

const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/**
 * A P-256 public JWK as a Multikey `publicKeyMultibase` (W3C Controlled Identifiers, "Multikey":
 * multicodec p256-pub, compressed SEC1 point, base58btc → "zDn…"), so the issuer's ES256 key sits in
 * its controller document beside the Ed25519 key, in a type every context we load defines.
 */
export function p256JwkToMultibase(jwk: P256PublicJwk): string {
  const x = Buffer.from(jwk.x, 'base64url');
  const y = Buffer.from(jwk.y, 'base64url');
  if (x.length !== 32 || y.length !== 32) throw new Error('not a P-256 public key');
  const compressed = Buffer.concat([Buffer.from([(y[31] ?? 0) & 1 ? 0x03 : 0x02]), x]);
  return `z${base58.encode(Buffer.concat([Buffer.from(P256_PUB), compressed]))}`;
}

export function isP256Multibase(value: string): boolean {
  return value.startsWith('zDn');
}

const startsWith = (bytes: Uint8Array, header: readonly number[]): boolean =>
  header.every((b, i) => bytes[i] === b);

/**
 * The public JWK of a Multikey `publicKeyMultibase`: Ed25519 (OKP) or P-256 (EC, point decompressed).
 * Undefined for anything else, including malformed input.
 */
export function multikeyToJwk(publicKeyMultibase: string): P256PublicJwk | Ed25519PublicJwk | undefined {
  if (!publicKeyMultibase.startsWith('z')) return undefined;
  let bytes: Uint8Array | undefined;
  try {
    bytes = base58.decode(publicKeyMultibase.slice(1));
  } catch {
    return undefined;
  }
  if (!bytes) return undefined;
  if (bytes.length === 34 && startsWith(bytes, ED25519_PUB))
    return { kty: 'OKP', crv: 'Ed25519', x: b64url(bytes.subarray(2)) };
  if (bytes.length !== 35 || !startsWith(bytes, P256_PUB)) return undefined;
  try {
    const point = ECDH.convertKey(
      Buffer.from(bytes.subarray(2)),
      'prime256v1',
      undefined,
      undefined,
      'uncompressed',
    ) as Buffer;
    return { kty: 'EC', crv: 'P-256', x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33, 65)) };
  } catch {
    return undefined;
  }
}
