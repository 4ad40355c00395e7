import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import type { KeyGenerator } from '../features/issuers/issuer-keys.repository.js';
import type { P256PublicJwk } from '../core/multikey/p256.js';

const generate = promisify(generateKeyPair);

/** Fresh issuer keys: Ed25519 as Multikey (Data Integrity), P-256 as JWK (ES256). */
export const keyGenerator: KeyGenerator = {
  async ed25519() {
    const pair = await Ed25519Multikey.generate();
    const exported = await pair.export({ publicKey: true, secretKey: true });
    return {
      publicKeyMultibase: String(exported.publicKeyMultibase),
      secretKeyMultibase: String(exported.secretKeyMultibase),
    };
  },
  async p256() {
    const { publicKey, privateKey } = await generate('ec', { namedCurve: 'P-256' });
    const pub = publicKey.export({ format: 'jwk' }) as P256PublicJwk;
    const priv = privateKey.export({ format: 'jwk' }) as Record<string, string>;
    return { publicJwk: { kty: 'EC', crv: 'P-256', x: pub.x, y: pub.y }, privateJwk: priv };
  },
};
