import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import {
  isP256Multibase,
  p256JwkToMultibase,
  p256MultibaseToJwk,
  type P256PublicJwk,
} from '../../src/core/multikey/p256.js';

describe('core/multikey/p256', () => {
  it('round-trips P-256 public keys through publicKeyMultibase (zDn…)', () => {
    for (let i = 0; i < 20; i += 1) {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const jwk = publicKey.export({ format: 'jwk' }) as P256PublicJwk;
      const multibase = p256JwkToMultibase(jwk);
      assert.ok(isP256Multibase(multibase), multibase);
      assert.deepEqual(p256MultibaseToJwk(multibase), { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y });
    }
  });

  it('refuses an Ed25519 multikey and garbage', () => {
    assert.throws(() => p256MultibaseToJwk('z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi'));
    assert.throws(() => p256MultibaseToJwk('not-multibase'));
  });
});
