import assert from 'node:assert/strict';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { issuerDidWeb } from '../../../src/core/did/did-web.js';
import { generateP256Key, jwtKeyId, type P256KeyMaterial } from '../../../src/core/keys/p256.js';
import { buildOpenBadgeCredential } from '../../../src/core/ob3/build-credential.js';
import { Ob3Error } from '../../../src/core/ob3/errors.js';
import { signVcJwt, vcJwtClaims } from '../../../src/core/ob3/sign.js';
import { AWARDED, buildInput, learner, PUBLIC_URL } from '../../fixtures/ob3/records.js';

const NOW = '2025-06-30T12:00:05Z';
const CONTROLLER = issuerDidWeb(PUBLIC_URL, 'daugavas-tehnikums');
const seconds = (iso: string) => Date.parse(iso) / 1000;

async function verifyJwt(jwt: string, key: P256KeyMaterial) {
  return jwtVerify(jwt, await importJWK(key.publicJwk, 'ES256'), {
    currentDate: new Date('2025-07-02T00:00:00Z'),
  });
}

describe('core/ob3/sign signVcJwt', () => {
  let key: P256KeyMaterial;
  before(async () => {
    key = await generateP256Key();
  });

  it('signs an ES256 compact JWS with exactly the header {alg, typ, kid}', async () => {
    const kid = jwtKeyId(CONTROLLER, key.publicJwk);
    const jwt = await signVcJwt(buildOpenBadgeCredential(buildInput('lv')), {
      privateJwk: key.privateJwk,
      kid,
      now: NOW,
    });
    assert.match(jwt, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeProtectedHeader(jwt), { alg: 'ES256', typ: 'JWT', kid });
  });

  it('verifies with jose against the public JWK, with the OB 3.0 claims taken from the credential', async () => {
    const credential = buildOpenBadgeCredential(buildInput('lv'));
    const jwt = await signVcJwt(credential, { privateJwk: key.privateJwk, kid: 'k', now: new Date(NOW) });
    const { payload } = await verifyJwt(jwt, key);
    assert.equal(payload.iss, credential.issuer.id);
    assert.equal(payload.jti, credential.id);
    assert.equal(payload.sub, learner.did);
    assert.equal(payload.nbf, seconds(AWARDED));
    assert.equal(payload.iat, seconds(NOW));
    assert.equal('exp' in payload, false);
  });

  it('carries the credential both as the payload itself (VC 2.0) and in the vc claim', async () => {
    const credential = buildOpenBadgeCredential(buildInput('en'));
    const { payload } = await verifyJwt(
      await signVcJwt(credential, { privateJwk: key.privateJwk, kid: 'k', now: NOW }),
      key,
    );
    const { iss: _iss, jti: _jti, sub: _sub, nbf: _nbf, iat: _iat, vc, ...topLevel } = payload;
    assert.deepEqual(topLevel, credential);
    assert.deepEqual(vc, credential);
  });

  it('leaves the vc claim out when asked', async () => {
    const credential = buildOpenBadgeCredential(buildInput('en'));
    const jwt = await signVcJwt(credential, {
      privateJwk: key.privateJwk,
      kid: 'k',
      now: NOW,
      includeVcClaim: false,
    });
    assert.equal('vc' in (await verifyJwt(jwt, key)).payload, false);
  });

  it('writes exp from validUntil', async () => {
    const input = buildInput('lv');
    input.award = { ...input.award, validUntil: '2030-06-30T00:00:00Z' };
    const jwt = await signVcJwt(buildOpenBadgeCredential(input), {
      privateJwk: key.privateJwk,
      kid: 'k',
      now: NOW,
    });
    assert.equal((await verifyJwt(jwt, key)).payload.exp, seconds('2030-06-30T00:00:00Z'));
  });

  it('fails verification with another key and after any change to the payload', async () => {
    const jwt = await signVcJwt(buildOpenBadgeCredential(buildInput('lv')), {
      privateJwk: key.privateJwk,
      kid: 'k',
      now: NOW,
    });
    await assert.rejects(verifyJwt(jwt, await generateP256Key()), {
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, name: 'Cits nosaukums' })).toString('base64url');
    await assert.rejects(verifyJwt(`${header}.${forged}.${signature}`, key), {
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
  });

  it('throws learner-did-required when the subject has no id', async () => {
    const { did: _did, ...noDid } = learner;
    const credential = buildOpenBadgeCredential({ ...buildInput('lv'), learner: noDid });
    await assert.rejects(
      signVcJwt(credential, { privateJwk: key.privateJwk, kid: 'k', now: NOW }),
      (e: unknown) =>
        e instanceof Ob3Error && e.code === 'learner-did-required' && e.pointer === '/credentialSubject/id',
    );
  });

  it('refuses a credential without id, issuer or validFrom', () => {
    const credential = buildOpenBadgeCredential(buildInput('lv'));
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...credential, id: undefined }, '/id'],
      [{ ...credential, issuer: { type: ['Profile'] } }, '/issuer'],
      [{ ...credential, validFrom: undefined }, '/validFrom'],
      [{ ...credential, validFrom: '30.06.2025' }, '/validFrom'],
    ];
    for (const [doc, pointer] of cases) {
      assert.throws(
        () => vcJwtClaims(doc),
        (e: unknown) => e instanceof Ob3Error && e.code === 'invalid-input' && e.pointer === pointer,
        pointer,
      );
    }
  });

  it('refuses a private key that is not a P-256 JWK', async () => {
    const credential = buildOpenBadgeCredential(buildInput('lv'));
    const privateJwk = { ...key.privateJwk, d: 'AAAA' };
    await assert.rejects(signVcJwt(credential, { privateJwk, kid: 'k', now: NOW }), {
      code: 'invalid-key',
      pointer: '/privateJwk',
    });
  });
});
