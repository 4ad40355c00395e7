import assert from 'node:assert/strict';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { fromJwk } from '@digitalbazaar/ed25519-multikey';
import { p256JwkToMultibase, type P256PublicJwk } from '../../../src/core/multikey/jwk.js';
import { verifyCredential } from '../../../src/core/verify/verify-credential.js';
import type { VerificationReport } from '../../../src/core/verify/types.js';
import * as w from '../../fixtures/verify/world.js';

function failed(report: VerificationReport, id: string): { code?: string; detail: string } {
  assert.equal(report.verified, false, JSON.stringify(report.checks));
  const check = report.checks.find((c) => c.id === id && !c.valid);
  assert.ok(check, `check ${id} fails: ${JSON.stringify(report.checks)}`);
  return check;
}

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const KID = `${w.ISSUER}#key-es256`;
const SUBJECT = 'did:example:learner-42';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('core/verify/verifyCredential — VC-JWT', () => {
  let privateKey: CryptoKey;
  let profile: w.Doc;
  let credential: w.Doc;
  const deps = () => w.makeDeps([profile], { schemas: w.obSchemas() });

  async function jwt(claims: JWTPayload, header: Record<string, unknown> = {}, key: CryptoKey = privateKey) {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: KID, typ: 'JWT', ...header })
      .sign(key);
  }

  function obClaims(vc: w.Doc = credential): JWTPayload {
    return { vc, iss: w.ISSUER, jti: String(vc.id), sub: SUBJECT, nbf: seconds(String(vc.validFrom)) };
  }

  before(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    privateKey = pair.privateKey;
    const publicKeyJwk = await exportJWK(pair.publicKey);
    profile = w.controllerDocument(w.ISSUER, [
      { id: KID, type: 'JsonWebKey', controller: w.ISSUER, publicKeyJwk },
    ]);
    credential = w.badge({ credentialSubject: { ...(w.badge().credentialSubject as w.Doc), id: SUBJECT } });
  });

  it('verifies an ES256 VC-JWT whose kid is an assertion key in the issuer profile', async () => {
    const report = await verifyCredential(await jwt(obClaims()), deps());
    assert.equal(report.verified, true, JSON.stringify(report.checks));
    assert.equal(report.summary.format, 'ob3-jwt');
    assert.equal(report.credential?.id, credential.id);
  });

  it('verifies an EdDSA VC-JWT signed by a did:key issuer without calling the resolver', async () => {
    const key = await ed25519Jose();
    const did = `did:key:${key.publicKeyMultibase}`;
    const vc = w.badge({ issuer: { id: did, type: ['Profile'], name: 'Self' } });
    const edKey = key.privateKey;
    const token = await new SignJWT({ vc, iss: did, jti: String(vc.id), nbf: seconds(String(vc.validFrom)) })
      .setProtectedHeader({ alg: 'EdDSA', kid: `${did}#${key.publicKeyMultibase}` })
      .sign(edKey);
    const local = w.makeDeps([]);
    const report = await verifyCredential(token, local);
    assert.equal(report.verified, true, JSON.stringify(report.checks));
    assert.deepEqual(local.resolveController.calls, []);
  });

  it('verifies an ES256 VC-JWT whose key the profile publishes as a P-256 Multikey (zDn…)', async () => {
    const publicJwk = (profile.verificationMethod as w.Doc[])[0]?.publicKeyJwk as P256PublicJwk;
    const publicKeyMultibase = p256JwkToMultibase(publicJwk);
    const id = `${w.ISSUER}#${publicKeyMultibase}`;
    const multikeyProfile = w.controllerDocument(w.ISSUER, [
      { id, type: 'Multikey', controller: w.ISSUER, publicKeyMultibase },
    ]);
    const report = await verifyCredential(await jwt(obClaims(), { kid: id }), w.makeDeps([multikeyProfile]));
    assert.equal(report.verified, true, JSON.stringify(report.checks));
  });

  it('verifies an RS256 VC-JWT', async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    const method = {
      id: `${w.ISSUER}#key-rs256`,
      type: 'JsonWebKey',
      controller: w.ISSUER,
      publicKeyJwk: await exportJWK(pair.publicKey),
    };
    const withRsa = w.controllerDocument(w.ISSUER, [method]);
    const token = await jwt(obClaims(), { alg: 'RS256', kid: method.id }, pair.privateKey);
    const report = await verifyCredential(token, w.makeDeps([withRsa]));
    assert.equal(report.verified, true, JSON.stringify(report.checks));
  });

  it('verifies a VC-JOSE-COSE JWT whose payload is the credential itself, registered claims aside', async () => {
    const token = await new SignJWT({ ...credential, iss: w.ISSUER, iat: seconds('2025-01-15T00:00:00Z') })
      .setProtectedHeader({ alg: 'ES256', kid: KID, typ: 'vc+jwt' })
      .sign(privateKey);
    const report = await verifyCredential(token, deps());
    assert.equal(report.verified, true, JSON.stringify(report.checks));
    assert.equal(report.credential?.iss, undefined);
    const lying = await new SignJWT({ ...credential, iss: w.OTHER_ISSUER })
      .setProtectedHeader({ alg: 'ES256', kid: KID, typ: 'vc+jwt' })
      .sign(privateKey);
    assert.equal(failed(await verifyCredential(lying, deps()), 'proof').code, 'jwt-claims-mismatch');
  });

  it('accepts an EnvelopedVerifiableCredential carrying the JWT', async () => {
    const envelope = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: 'EnvelopedVerifiableCredential',
      id: `data:application/vc+jwt,${await jwt(obClaims())}`,
    };
    assert.equal((await verifyCredential(envelope, deps())).verified, true);
  });

  it('fails parse with malformed-jwt for a truncated JWT', async () => {
    const token = await jwt(obClaims());
    assert.equal(
      failed(await verifyCredential(token.slice(0, token.length / 2), deps()), 'parse').code,
      'malformed-jwt',
    );
    assert.equal(failed(await verifyCredential(token.slice(0, -10), deps()), 'parse').code, 'malformed-jwt');
    assert.equal(failed(await verifyCredential(token.slice(0, 20), deps()), 'parse').code, 'malformed-jwt');
  });

  it('refuses the 15 non-canonical encodings of an ES256 signature (last character with unused bits set)', async () => {
    const token = await jwt(obClaims());
    const [header, payload, signature = ''] = token.split('.');
    // 64 bytes = 86 characters: the last one carries 2 bits of the signature and 4 unused bits
    assert.equal(signature.length, 86);
    const last = ALPHABET.indexOf(signature.slice(-1));
    const variants = [...ALPHABET].filter((c, i) => (i & 0b110000) === (last & 0b110000) && i !== last);
    assert.equal(variants.length, 15);
    assert.equal((await verifyCredential(token, deps())).verified, true);
    for (const c of variants) {
      const forged = `${header}.${payload}.${signature.slice(0, -1)}${c}`;
      // the same 64 signature bytes: only canonical base64url tells the two tokens apart
      assert.deepEqual(
        Buffer.from(forged.split('.')[2] ?? '', 'base64url'),
        Buffer.from(signature, 'base64url'),
      );
      const check = failed(await verifyCredential(forged, deps()), 'parse');
      assert.equal(check.code, 'malformed-jwt', check.detail);
      assert.match(check.detail, /canonical base64url/);
    }
  });

  it('refuses a header or a payload whose base64url is not canonical', async () => {
    // pad header and payload so that each encoding ends in a character with 4 unused bits (length 2 mod 4)
    const encoded = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const padded = (o: w.Doc) =>
      [0, 1, 2, 3]
        .map((n) => ({ ...o, pad: 'x'.repeat(n) }))
        .find((v) => encoded(v).length % 4 === 2) as w.Doc;
    const header = padded({ alg: 'ES256', kid: KID });
    const claims = padded(obClaims() as w.Doc);
    const token = await jwt(claims, header);
    assert.equal((await verifyCredential(token, deps())).verified, true);
    const parts = token.split('.');
    for (const i of [0, 1]) {
      const part = parts[i] ?? '';
      const forged = [...parts];
      // flip the lowest of the 4 unused bits of the last character
      forged[i] = `${part.slice(0, -1)}${ALPHABET[ALPHABET.indexOf(part.slice(-1)) ^ 1]}`;
      assert.deepEqual(Buffer.from(forged[i] ?? '', 'base64url'), Buffer.from(part, 'base64url'));
      const check = failed(await verifyCredential(forged.join('.'), deps()), 'parse');
      assert.equal(check.code, 'malformed-jwt', check.detail);
    }
  });

  it('refuses alg none with jwt-alg-refused', async () => {
    const encode = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode(obClaims())}.`;
    assert.equal(failed(await verifyCredential(unsigned, deps()), 'proof').code, 'jwt-alg-refused');
  });

  it('refuses algorithms other than ES256, RS256 and EdDSA', async () => {
    const token = await new SignJWT(obClaims())
      .setProtectedHeader({ alg: 'HS256', kid: KID })
      .sign(new Uint8Array(32).fill(1));
    assert.equal(failed(await verifyCredential(token, deps()), 'proof').code, 'jwt-alg-refused');
  });

  it('fails proof with jwt-claims-mismatch when the claims disagree with the credential', async () => {
    for (const claims of [
      { ...obClaims(), iss: w.OTHER_ISSUER },
      { ...obClaims(), jti: 'urn:uuid:someone-else' },
      { ...obClaims(), sub: 'did:example:someone-else' },
      { ...obClaims(), nbf: seconds('2024-01-01T00:00:00Z') },
      {
        ...obClaims({ ...credential, validUntil: '2026-01-01T00:00:00Z' }),
        exp: seconds('2030-01-01T00:00:00Z'),
      },
      { ...obClaims({ ...credential, validUntil: '2026-01-01T00:00:00Z' }) },
    ]) {
      const check = failed(await verifyCredential(await jwt(claims), deps()), 'proof');
      assert.equal(check.code, 'jwt-claims-mismatch', check.detail);
    }
  });

  it('fails proof with signature-invalid when the payload was changed', async () => {
    const [header, , signature] = (await jwt(obClaims())).split('.');
    const changed = { ...obClaims(), vc: { ...credential, name: 'Changed' } };
    const token = `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;
    assert.equal(failed(await verifyCredential(token, deps()), 'proof').code, 'signature-invalid');
  });

  it('fails proof with signature-invalid when another key signed under the issuer kid', async () => {
    const { privateKey: other } = await generateKeyPair('ES256');
    assert.equal(
      failed(await verifyCredential(await jwt(obClaims(), {}, other), deps()), 'proof').code,
      'signature-invalid',
    );
  });

  it('fails proof with key-not-authorized when the kid is not in the issuer profile', async () => {
    const token = await jwt(obClaims(), { kid: `${w.ISSUER}#not-published` });
    assert.equal(failed(await verifyCredential(token, deps()), 'proof').code, 'key-not-authorized');
  });

  it('does not trust a key carried in the JWT header', async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const token = await new SignJWT(obClaims())
      .setProtectedHeader({ alg: 'ES256', jwk: await exportJWK(pair.publicKey) })
      .sign(pair.privateKey);
    assert.equal(failed(await verifyCredential(token, deps()), 'proof').code, 'key-not-authorized');
  });

  it('fails validity with expired when the JWT exp is past', async () => {
    const vc = { ...credential, validUntil: '2025-03-01T00:00:00Z' };
    const token = await jwt({ ...obClaims(vc), exp: seconds('2025-03-01T00:00:00Z') });
    assert.equal(failed(await verifyCredential(token, deps()), 'validity').code, 'expired');
  });

  it('fails issuer and proof with issuer-key-unresolvable when the profile cannot be fetched', async () => {
    const report = await verifyCredential(await jwt(obClaims()), w.makeDeps([]));
    assert.equal(failed(report, 'issuer').code, 'issuer-key-unresolvable');
    assert.equal(failed(report, 'proof').code, 'issuer-key-unresolvable');
  });
});

/** An EdDSA key pair for jose, with its Ed25519 Multikey form (for the did:key). */
async function ed25519Jose() {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const multikey = await fromJwk({ jwk: await exportJWK(pair.publicKey), secretKey: false });
  return { privateKey: pair.privateKey, publicKeyMultibase: multikey.publicKeyMultibase };
}
