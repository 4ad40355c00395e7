import { createHash, generateKeyPair as generateKeyPairCallback, type JsonWebKey } from 'node:crypto';
import { promisify } from 'node:util';
import { KeyError } from './errors.js';

const generateKeyPair = promisify(generateKeyPairCallback);

/** A P-256 public key as a JWK (RFC 7517 §4, RFC 7518 §6.2.1). */
export interface P256PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

/** A P-256 private key as a JWK (RFC 7518 §6.2.2): the public members plus `d`. */
export interface P256PrivateJwk extends P256PublicJwk {
  d: string;
}

/** An issuer's ES256 key pair; the infra layer encrypts `privateJwk` at rest. */
export interface P256KeyMaterial {
  publicJwk: P256PublicJwk;
  privateJwk: P256PrivateJwk;
}

const B64URL = /^[A-Za-z0-9_-]+$/;

function isB64(value: unknown, length: number): value is string {
  return typeof value === 'string' && value.length === length && B64URL.test(value);
}

/** Generates a P-256 key pair for ES256 VC-JWTs (RFC 7518 §3.4), as plain JWKs. */
export async function generateP256Key(): Promise<P256KeyMaterial> {
  const { privateKey } = await generateKeyPair('ec', { namedCurve: 'P-256' });
  const privateJwk = toPrivateJwk(privateKey.export({ format: 'jwk' }));
  return { publicJwk: publicJwkOf(privateJwk), privateJwk };
}

function toPrivateJwk(jwk: JsonWebKey): P256PrivateJwk {
  const { kty, crv, x, y, d } = jwk;
  if (kty !== 'EC' || crv !== 'P-256' || !isB64(x, 43) || !isB64(y, 43) || !isB64(d, 43)) {
    throw new KeyError('invalid-key', 'not a P-256 private JWK');
  }
  return { kty, crv, x, y, d };
}

/** The public JWK of a P-256 key (the private JWK without `d`; never leaks other members). */
export function publicJwkOf(jwk: P256PublicJwk | P256PrivateJwk): P256PublicJwk {
  const { kty, crv, x, y } = jwk;
  if (kty !== 'EC' || crv !== 'P-256' || !isB64(x, 43) || !isB64(y, 43)) {
    throw new KeyError('invalid-key', 'not a P-256 JWK');
  }
  return { kty, crv, x, y };
}

/**
 * RFC 7638 JWK thumbprint (SHA-256, base64url) of a P-256 key: the hash of the required members
 * `crv`, `kty`, `x`, `y` in lexicographic order, serialised without whitespace (RFC 7638 §3.2).
 */
export function jwkThumbprint(jwk: P256PublicJwk | P256PrivateJwk): string {
  const { crv, kty, x, y } = publicJwkOf(jwk);
  const canonical = JSON.stringify({ crv, kty, x, y });
  return createHash('sha256').update(canonical, 'utf8').digest('base64url');
}

/**
 * The JOSE `kid` Tilts puts in VC-JWT headers: `<controller>#<RFC 7638 thumbprint>`, a URI that the
 * issuer's profile (its JWKS) dereferences to the public JWK (OB 3.0 §8.2 "Create the JOSE Header", `kid`).
 */
export function jwtKeyId(controller: string, jwk: P256PublicJwk | P256PrivateJwk): string {
  return `${controller}#${jwkThumbprint(jwk)}`;
}
