import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import {
  isP256Multibase,
  multikeyToJwk,
  p256JwkToMultibase,
  type P256PublicJwk,
} from '../../src/core/multikey/jwk.js';

describe('core/multikey/jwk', () => {
  it('round-trips P-256 public keys through publicKeyMultibase (zDn…)', () => {
    for (let i = 0; i < 20; i += 1) {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const jwk = publicKey.export({ format: 'jwk' }) as P256PublicJwk;
      const multibase = p256JwkToMultibase(jwk);
      assert.ok(isP256Multibase(multibase), multibase);
      assert.deepEqual(multikeyToJwk(multibase), { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y });
    }
  });

  it('reads an Ed25519 Multikey as an OKP JWK (the OB 3.0 test-vector key)', () => {
    const publicKeyHex = '4bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5';
    assert.deepEqual(multikeyToJwk('z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi'), {
      kty: 'OKP',
      crv: 'Ed25519',
      x: Buffer.from(publicKeyHex, 'hex').toString('base64url'),
    });
  });

  it('answers undefined for garbage, other codecs and truncated keys', () => {
    assert.equal(multikeyToJwk('not-multibase'), undefined);
    assert.equal(multikeyToJwk('z0OIl'), undefined);
    assert.equal(multikeyToJwk('z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQw'), undefined);
    assert.throws(() => p256JwkToMultibase({ kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' }));
  });
});
