import assert from 'node:assert/strict';
import { AppError } from '../../src/errors.js';
import { generateEd25519Key, generateP256Key } from '../../src/core/keys/index.js';
import { createCredentialSigner } from '../../src/features/credentials/signer.js';
import { createIssuerKeys } from '../../src/features/issuers/issuer-keys.repository.js';
import type { IssuerRecord } from '../../src/core/types.js';
import { createSecretBox } from '../../src/infra/secret-box.js';
import { bearer, createIssuer, startTestApp, type IssuerFixture, type TestApp } from '../helpers/app.js';
import { signingKeysOf } from '../helpers/signing.js';
import { contextLoader } from '../helpers/verify.js';

const credentialOf = (issuer: string) => ({
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  type: ['VerifiableCredential'],
  issuer,
  credentialSubject: { id: 'did:example:learner' },
});

describe('the credential signer: signs only as an identity of the issuer, with the key that identity names', () => {
  let t: TestApp;
  let a: IssuerFixture;
  let b: IssuerFixture;
  let signer: ReturnType<typeof createCredentialSigner>;
  let record: IssuerRecord;
  const vmOf = async (issuer: string) =>
    String(
      ((await signer.dataIntegrity(record, credentialOf(issuer))).proof as { verificationMethod: string })
        .verificationMethod,
    );

  before(async () => {
    t = await startTestApp('credential_signer');
    [a, b] = [await createIssuer(t), await createIssuer(t)];
    const keys = createIssuerKeys(
      t.deps.store.connection,
      createSecretBox(Buffer.from(t.masterKey, 'base64url')),
      { ed25519: generateEd25519Key, p256: generateP256Key },
      () => new Date(),
    );
    signer = createCredentialSigner(keys, contextLoader, t.config.publicUrl, () => new Date());
    record = (
      await t.http
        .get(`/api/v1/issuers/${a.id}`)
        .set(...bearer(a.apiKey))
        .expect(200)
    ).body;
  });
  after(() => t.close());

  it('as its did:web or its Profile URL: the current Ed25519 key under that controller', async () => {
    const { ed25519 } = await signingKeysOf(t, a.id);
    assert.equal(await vmOf(a.did), `${a.did}#${ed25519.publicKeyMultibase}`);
    assert.equal(await vmOf(a.profileUrl), `${a.profileUrl}#${ed25519.publicKeyMultibase}`);
  });

  it('as one of its did:keys: that very key, even after it was retired', async () => {
    const { ed25519 } = await signingKeysOf(t, a.id);
    const didKey = `did:key:${ed25519.publicKeyMultibase}`;
    await t.http
      .post(`/api/v1/issuers/${a.id}/keys/rotate`)
      .set(...bearer(a.apiKey))
      .expect(200);
    assert.equal(await vmOf(didKey), `${didKey}#${ed25519.publicKeyMultibase}`);
  });

  it("refuses another issuer's did:web, Profile URL or did:key, an unknown did:key and a foreign URL", async () => {
    const { ed25519: keyOfB } = await signingKeysOf(t, b.id);
    const stranger = await generateEd25519Key();
    for (const id of [
      b.did,
      b.profileUrl,
      `did:key:${keyOfB.publicKeyMultibase}`,
      `did:key:${stranger.publicKeyMultibase}`,
      'https://elsewhere.example/issuers/x',
    ]) {
      await assert.rejects(
        signer.dataIntegrity(record, credentialOf(id)),
        (error: unknown) => error instanceof AppError && error.code === 'issuer-controller-mismatch',
        id,
      );
    }
  });

  it('signs VC-JWTs only as its did:web or Profile URL, with the kid under that id', async () => {
    const subject = { ...credentialOf(a.did), id: 'urn:uuid:1', validFrom: '2026-01-01T00:00:00Z' };
    const jwt = await signer.jwt(record, { ...subject, credentialSubject: { id: 'did:example:learner' } });
    const header = JSON.parse(Buffer.from(jwt.split('.')[0] ?? '', 'base64url').toString()) as {
      kid: string;
    };
    assert.match(header.kid, new RegExp(`^${a.did}#zDn`));
    const { ed25519 } = await signingKeysOf(t, a.id);
    await assert.rejects(
      signer.jwt(record, { ...subject, issuer: `did:key:${ed25519.publicKeyMultibase}` }),
      (error: unknown) => error instanceof AppError && error.code === 'issuer-controller-mismatch',
    );
  });
});
