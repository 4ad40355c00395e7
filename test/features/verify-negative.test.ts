import assert from 'node:assert/strict';
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT, type JWTPayload } from 'jose';
import { generateEd25519Key } from '../../src/core/keys/index.js';
import { signVcJwt } from '../../src/core/ob3/sign.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { assertProblem, assertStoreUnchanged } from '../helpers/problem.js';
import { signingKeysOf } from '../helpers/signing.js';
import {
  assertFails,
  assertReport,
  fakeRemote,
  setUpIssuing,
  signAsIssuer,
  signWithKey,
  signedStatusList,
  unsecured,
  verifyCredential,
  type Doc,
  type Issuing,
} from '../helpers/verify.js';

const YEAR_MS = 365 * 24 * 3600 * 1000;
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('POST /credentials/verify — what does not verify, and which check says so', () => {
  const remote = fakeRemote();
  let t: TestApp;
  let a: Issuing;
  let b: Issuing;
  let credential: Doc;
  let jwt: string;

  /** verified:false naming the check; nothing stored, nothing fetched, nothing looked up */
  const refuse = async (input: unknown, id: string, code: string) => {
    const res = await assertStoreUnchanged(t, () => verifyCredential(t, input));
    const report = assertFails(res, id, code);
    assert.deepEqual(remote.fetches, [], 'no remote fetch');
    assert.deepEqual(remote.lookups, [], 'no DNS lookup');
    return report;
  };
  const proofOf = (report: { checks: Array<{ id: string; valid: boolean }> }) =>
    report.checks.find((c) => c.id === 'proof');

  /** The issuer's VC-JWT of `payload`, signed with A's own P-256 key under the kid the service uses. */
  const signJwtAsA = async (payload: JWTPayload, header = decodeProtectedHeader(jwt)) => {
    const { p256 } = await signingKeysOf(t, a.issuer.id);
    return new SignJWT(payload)
      .setProtectedHeader({ ...header, alg: 'ES256' })
      .sign(await importJWK({ ...p256.privateJwk }, 'ES256'));
  };

  before(async () => {
    t = await startTestApp('verify_negative', {
      env: { REMOTE_FETCH: 'true', REMOTE_FETCH_ALLOW_PRIVATE: 'false' },
      remoteFetch: remote.remoteFetch,
      dnsLookup: remote.dnsLookup,
    });
    a = await setUpIssuing(t);
    b = await setUpIssuing(t);
    credential = (await a.issue()).credential;
    // a VC-JWT made in the test with signVcJwt, the issuer's P-256 key and the kid the service uses
    const issued = String((await a.issue('ob3-jwt')).jwt);
    const { p256 } = await signingKeysOf(t, a.issuer.id);
    jwt = await signVcJwt(decodeJwt(issued).vc as Doc, {
      privateJwk: p256.privateJwk,
      kid: String(decodeProtectedHeader(issued).kid),
      now: new Date(),
    });
    await signedStatusList(t, credential);
  });
  beforeEach(() => remote.reset());
  after(() => t.close());

  describe('controls: the forgeries below are made the way a genuine credential is', () => {
    it("re-signing with the issuer's own Ed25519 key verifies", async () => {
      assertReport(await verifyCredential(t, await signAsIssuer(t, a.issuer, credential)), true);
    });

    it("signVcJwt with the issuer's own P-256 key verifies, and so does re-signing its claim set unchanged", async () => {
      assertReport(await verifyCredential(t, jwt), true);
      assertReport(await verifyCredential(t, await signJwtAsA(decodeJwt(jwt))), true);
    });
  });

  describe('Data Integrity credentials', () => {
    it('a changed field fails proof (signature-invalid)', async () => {
      const changed = structuredClone(credential);
      ((changed.credentialSubject as Doc).achievement as Doc).name = 'Something else entirely';
      await refuse(changed, 'proof', 'signature-invalid');
    });

    it("a proof from a fresh key under the issuer's own verification method id fails proof (signature-invalid)", async () => {
      const vm = String((credential.proof as Doc).verificationMethod);
      const forged = await signWithKey(credential, await generateEd25519Key(), vm);
      assert.equal((forged.proof as Doc).verificationMethod, vm);
      await refuse(forged, 'proof', 'signature-invalid');
    });

    it('a proof whose verification method points at a key the issuer does not list fails proof (key-not-authorized)', async () => {
      const forged = await signWithKey(credential, await generateEd25519Key(), `${a.issuer.did}#key-99`);
      await refuse(forged, 'proof', 'key-not-authorized');
    });

    it('a key that appears only in the verification method URL fragment, not in the issuer profile, is not trusted', async () => {
      const key = await generateEd25519Key();
      const forged = await signWithKey(credential, key, `${a.issuer.did}#${key.publicKeyMultibase}`);
      const report = await refuse(forged, 'proof', 'key-not-authorized');
      assert.equal(report.summary.issuerId, a.issuer.did);
    });

    it("issuer B's key, under B's own verification method, on a credential whose issuer is A fails proof (controller-mismatch)", async () => {
      const { ed25519 } = await signingKeysOf(t, b.issuer.id);
      const forged = await signWithKey(credential, ed25519, `${b.issuer.did}#${ed25519.publicKeyMultibase}`);
      await refuse(forged, 'proof', 'controller-mismatch');
    });

    it("issuer B's key claimed as one of A's keys fails proof (key-not-authorized)", async () => {
      const { ed25519 } = await signingKeysOf(t, b.issuer.id);
      const forged = await signWithKey(credential, ed25519, `${a.issuer.did}#${ed25519.publicKeyMultibase}`);
      await refuse(forged, 'proof', 'key-not-authorized');
    });

    it('a removed proof fails proof (proof-missing)', async () => {
      await refuse(unsecured(credential), 'proof', 'proof-missing');
    });

    it('validUntil in the past fails validity (expired) while the proof holds', async () => {
      const dated = { ...credential, validFrom: '2019-01-01T00:00:00Z', validUntil: '2020-01-01T00:00:00Z' };
      const report = await refuse(await signAsIssuer(t, a.issuer, dated), 'validity', 'expired');
      assert.equal(proofOf(report)?.valid, true);
      assert.equal(report.summary.validUntil, '2020-01-01T00:00:00Z');
    });

    it('validFrom in the future fails validity (not-yet-valid) while the proof holds', async () => {
      const validFrom = new Date(Date.now() + YEAR_MS).toISOString().replace(/\.\d+Z$/, 'Z');
      const report = await refuse(
        await signAsIssuer(t, a.issuer, { ...credential, validFrom }),
        'validity',
        'not-yet-valid',
      );
      assert.equal(proofOf(report)?.valid, true);
    });

    it('an unknown context fails json-ld (jsonld-context-unknown), never fetched', async () => {
      const contexts = [...(credential['@context'] as string[]), 'https://contexts.example.org/unknown/v1'];
      await refuse({ ...credential, '@context': contexts }, 'json-ld', 'jsonld-context-unknown');
    });

    it('an undefined term fails json-ld (jsonld-undefined-term)', async () => {
      const subject = { ...(credential.credentialSubject as Doc), favouriteColour: 'blue' };
      await refuse({ ...credential, credentialSubject: subject }, 'json-ld', 'jsonld-undefined-term');
    });

    for (const type of [['OpenBadgeCredential'], ['VerifiablePresentation'], 'OpenBadgeCredential']) {
      it(`a wrong type ${JSON.stringify(type)} fails type (type-invalid)`, async () => {
        await refuse({ ...credential, type }, 'type', 'type-invalid');
      });
    }
  });

  describe('VC-JWT credentials', () => {
    it('a truncated JWT fails parse (malformed-jwt)', async () => {
      await refuse(jwt.slice(0, -12), 'parse', 'malformed-jwt');
      await refuse(jwt.split('.').slice(0, 2).join('.'), 'parse', 'malformed-jwt');
    });

    it('a JWT with alg "none" fails proof (jwt-alg-refused)', async () => {
      const header = { ...decodeProtectedHeader(jwt), alg: 'none' };
      const unsigned = `${b64(header)}.${jwt.split('.')[1]}.`;
      await refuse(unsigned, 'proof', 'jwt-alg-refused');
    });

    for (const [claim, value] of [
      ['sub', 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doX'],
      ['jti', 'http://127.0.0.1:3000/credentials/00000000-0000-4000-8000-000000000000'],
      ['iss', 'https://elsewhere.example/issuers/1'],
      ['nbf', 946684800],
    ] as const) {
      it(`a JWT whose "${claim}" claim disagrees with the credential, signed with the issuer's key, fails proof (jwt-claims-mismatch)`, async () => {
        const tampered = await signJwtAsA({ ...decodeJwt(jwt), [claim]: value });
        await refuse(tampered, 'proof', 'jwt-claims-mismatch');
      });
    }
  });

  describe('input that is not a credential', () => {
    it('a body that is not JSON is a 400 problem malformed-json', async () => {
      const res = await assertStoreUnchanged(t, () =>
        t.http
          .post('/credentials/verify')
          .set('Content-Type', 'application/json')
          .send('{"verifiableCredential": {"@context": ['),
      );
      assertProblem(res, 400, 'malformed-json');
      assert.deepEqual([remote.fetches, remote.lookups], [[], []]);
    });

    for (const [input, code] of [
      ['this is { not a credential', 'not-an-object'],
      ['{"@context": [', 'not-an-object'],
      ['   ', 'malformed-json'],
    ] as const) {
      it(`a verifiableCredential string ${JSON.stringify(input)} that is not a JWT fails parse with ${code}`, async () => {
        const report = await refuse(input, 'parse', code);
        assert.deepEqual(
          report.checks.map((c) => c.id),
          ['parse'],
        );
      });
    }
  });
});
