import { ECDH } from 'node:crypto';
import * as base58 from 'base58-universal';

/** multicodec p256-pub (0x1200) as an unsigned varint */
const P256_PUB_PREFIX = Uint8Array.from([0x80, 0x24]);

export interface P256PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

/**
 * A P-256 public JWK as a Multikey `publicKeyMultibase` (W3C Controlled Identifiers §2.2.2: multicodec
 * p256-pub, compressed SEC1 point, base58btc → "zDn…"), so the issuer's ES256 key sits in its
 * controller document beside the Ed25519 key, in a type every context we load defines.
 */
export function p256JwkToMultibase(jwk: P256PublicJwk): string {
  const x = Buffer.from(jwk.x, 'base64url');
  const y = Buffer.from(jwk.y, 'base64url');
  if (x.length !== 32 || y.length !== 32) throw new Error('not a P-256 public key');
  const compressed = Buffer.concat([Buffer.from([(y[31] ?? 0) & 1 ? 0x03 : 0x02]), x]);
  return `z${base58.encode(Buffer.concat([P256_PUB_PREFIX, compressed]))}`;
}

export function isP256Multibase(value: string): boolean {
  return value.startsWith('zDn');
}

/** The inverse: a "zDn…" publicKeyMultibase back into a public JWK. */
export function p256MultibaseToJwk(publicKeyMultibase: string): P256PublicJwk {
  if (!publicKeyMultibase.startsWith('z')) throw new Error('publicKeyMultibase must be base58btc');
  const bytes = base58.decode(publicKeyMultibase.slice(1));
  if (bytes.length !== 35 || bytes[0] !== P256_PUB_PREFIX[0] || bytes[1] !== P256_PUB_PREFIX[1]) {
    throw new Error('not a P-256 Multikey');
  }
  const point = ECDH.convertKey(
    Buffer.from(bytes.slice(2)),
    'prime256v1',
    undefined,
    undefined,
    'uncompressed',
  ) as Buffer;
  return {
    kty: 'EC',
    crv: 'P-256',
    x: point.subarray(1, 33).toString('base64url'),
    y: point.subarray(33, 65).toString('base64url'),
  };
}
