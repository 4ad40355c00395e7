import assert from 'node:assert/strict';
import { calculateJwkThumbprint, importJWK, jwtVerify, SignJWT } from 'jose';
import {
  KeyError,
  generateP256Key,
  jwkThumbprint,
  jwtKeyId,
  publicJwkOf,
  type P256PrivateJwk,
} from '../../../src/core/keys/index.js';

describe('core/keys/p256', () => {
  it('generates a P-256 pair as plain JWKs, the public one without "d"', async () => {
    const { publicJwk, privateJwk } = await generateP256Key();
    assert.deepEqual(Object.keys(publicJwk).sort(), ['crv', 'kty', 'x', 'y']);
    assert.deepEqual(Object.keys(privateJwk).sort(), ['crv', 'd', 'kty', 'x', 'y']);
    assert.equal(publicJwk.crv, 'P-256');
    assert.equal(privateJwk.x, publicJwk.x);
    assert.deepEqual(JSON.parse(JSON.stringify(privateJwk)), privateJwk);
  });

  it('signs ES256 with the private JWK and verifies with the public JWK', async () => {
    const { publicJwk, privateJwk } = await generateP256Key();
    const jwt = await new SignJWT({ a: 1 })
      .setProtectedHeader({ alg: 'ES256' })
      .sign(await importJWK(privateJwk, 'ES256'));
    const { payload } = await jwtVerify(jwt, await importJWK(publicJwk, 'ES256'));
    assert.equal(payload.a, 1);
  });

  it('derives the public JWK from the private one, dropping every other member', async () => {
    const { publicJwk, privateJwk } = await generateP256Key();
    const extended = { ...privateJwk, kid: 'k', alg: 'ES256' } as P256PrivateJwk;
    assert.deepEqual(publicJwkOf(extended), publicJwk);
    assert.equal('d' in publicJwkOf(privateJwk), false);
  });

  it('computes the RFC 7638 thumbprint as jose does, the same for the public and private JWK', async () => {
    const { publicJwk, privateJwk } = await generateP256Key();
    assert.equal(jwkThumbprint(publicJwk), await calculateJwkThumbprint(publicJwk, 'sha256'));
    assert.equal(jwkThumbprint(privateJwk), jwkThumbprint(publicJwk));
    assert.match(jwkThumbprint(publicJwk), /^[A-Za-z0-9_-]{43}$/);
  });

  it('gives the well-known thumbprint of the RFC 7517 Appendix A.1 EC key', () => {
    const jwk = {
      kty: 'EC' as const,
      crv: 'P-256' as const,
      x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
      y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
    };
    assert.equal(jwkThumbprint(jwk), 'oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U');
  });

  it('names the JOSE kid <controller>#<thumbprint>', async () => {
    const { publicJwk } = await generateP256Key();
    const controller = 'https://tilts.example.lv/issuers/daugavas-tehnikums';
    assert.equal(jwtKeyId(controller, publicJwk), `${controller}#${jwkThumbprint(publicJwk)}`);
  });

  it('refuses keys of another type or curve and malformed coordinates', async () => {
    const { publicJwk } = await generateP256Key();
    const bad = [
      { ...publicJwk, kty: 'RSA' },
      { ...publicJwk, crv: 'P-384' },
      { ...publicJwk, x: publicJwk.x.slice(1) },
      { ...publicJwk, y: `${publicJwk.y.slice(1)}+` },
    ];
    for (const jwk of bad) {
      assert.throws(() => publicJwkOf(jwk as never), KeyError);
      assert.throws(() => jwkThumbprint(jwk as never), KeyError);
    }
  });
});
