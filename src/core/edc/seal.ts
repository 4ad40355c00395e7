import { createHash, createPrivateKey, type KeyObject } from 'node:crypto';
import { FlattenedSign } from 'jose';
import type { SealKeyMaterial } from './x509.js';

/** A JAdES enveloping JWS in general JSON serialization with an unencoded payload (RFC 7797), as the EC seals EDCs. */
export interface SealedEdc {
  payload: string;
  signatures: Array<{ protected: string; signature: string; header?: Record<string, unknown> }>;
}

export type SealAlgorithm = 'ES256' | 'ES384' | 'ES512' | 'RS256';

export const SEAL_ALGORITHMS: SealAlgorithm[] = ['ES256', 'ES384', 'ES512', 'RS256'];

/** The JWS algorithm for a seal key (RFC 7518 §3.1): EC by curve, RSA as RS256 like the EC's own seals. */
export function algorithmFor(key: KeyObject): SealAlgorithm {
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    return curve === 'secp384r1' ? 'ES384' : curve === 'secp521r1' ? 'ES512' : 'ES256';
  }
  return 'RS256';
}

const isoSeconds = (d: Date): string => `${d.toISOString().slice(0, 19)}Z`;

/**
 * Seals an EDC: JAdES baseline-B (ETSI TS 119 182-1 §5.1–5.2) enveloping JWS, JSON serialization,
 * `b64: false` with the credential JSON as the payload, the certificate chain in `x5c`, its digest in
 * `x5t#S256` and the claimed signing time in `sigT`. The payload is the exact string returned.
 */
export async function sealEdc(
  credential: Record<string, unknown>,
  material: SealKeyMaterial,
  signingTime: Date,
): Promise<SealedEdc> {
  const key = createPrivateKey({ key: material.privateKeyPkcs8, format: 'der', type: 'pkcs8' });
  const payload = JSON.stringify(credential);
  const leaf = material.chain[0] as Buffer;
  const jws = await new FlattenedSign(new TextEncoder().encode(payload))
    .setProtectedHeader({
      alg: algorithmFor(key),
      typ: 'jose+json',
      cty: 'application/ld+json',
      'x5t#S256': createHash('sha256').update(leaf).digest('base64url'),
      x5c: material.chain.map((der) => der.toString('base64')),
      sigT: isoSeconds(signingTime),
      b64: false,
      crit: ['b64', 'sigT'],
    })
    .sign(key, { crit: { sigT: true } });
  return { payload, signatures: [{ protected: jws.protected as string, signature: jws.signature }] };
}

export interface SealHeader {
  alg?: string;
  sigT?: string;
  x5c?: string[];
  'x5t#S256'?: string;
}

export function sealHeader(sealed: SealedEdc): SealHeader {
  const first = sealed.signatures[0];
  if (!first) return {};
  return JSON.parse(Buffer.from(first.protected, 'base64url').toString('utf8')) as SealHeader;
}
