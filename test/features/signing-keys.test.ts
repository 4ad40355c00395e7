import assert from 'node:assert/strict';
import { decodeProtectedHeader } from 'jose';
import type { PublishedKey } from '../../src/core/profile/issuer-profile.js';
import type { IssuerKeys, SigningKeys } from '../../src/features/issuers/issuer-keys.repository.js';
import { cacheSigningKeys } from '../../src/features/issuers/signing-key-cache.js';
import { bearer, createCatalog, createIssuer, startTestApp, type TestApp } from '../helpers/app.js';
import { proofComparisons } from '../helpers/plain-proof.js';

/** Issuer keys that count their reads; each read hands out a new object, as decryption does. */
function countingKeys() {
  const reads: string[] = [];
  let failNext = false;
  const keys: IssuerKeys = {
    rotate: async (issuerId) => {
      reads.push(`rotate:${issuerId}`);
      return [] as PublishedKey[];
    },
    published: async () => [],
    signing: async (issuerId) => {
      reads.push(`signing:${issuerId}`);
      if (failNext) {
        failNext = false;
        throw new Error('store down');
      }
      return { ed25519: { publicKeyMultibase: issuerId }, p256: {} } as unknown as SigningKeys;
    },
    ed25519: async (issuerId, publicKeyMultibase) => {
      reads.push(`ed25519:${issuerId}:${publicKeyMultibase}`);
      return { publicKeyMultibase, secretKeyMultibase: 'x' };
    },
    currentEd25519: async () => new Map(),
    discard: async () => {},
  };
  return { keys, reads, failOnce: () => (failNext = true) };
}

describe('features/issuers cacheSigningKeys', () => {
  let now = 0;
  const clock = () => new Date(now);

  it('reads an issuer’s keys once while they are kept, and hands out the same objects', async () => {
    const { keys, reads } = countingKeys();
    const cached = cacheSigningKeys(keys, { clock, ttlMs: 1000 });
    const first = await cached.signing('a');
    now += 999;
    assert.equal(await cached.signing('a'), first);
    assert.equal(await cached.ed25519('a', 'z6Mk1'), await cached.ed25519('a', 'z6Mk1'));
    assert.deepEqual(reads, ['signing:a', 'ed25519:a:z6Mk1']);
  });

  it('reads them again once their lifetime is over', async () => {
    const { keys, reads } = countingKeys();
    const cached = cacheSigningKeys(keys, { clock, ttlMs: 1000 });
    const first = await cached.signing('a');
    now += 1000;
    assert.notEqual(await cached.signing('a'), first);
    assert.deepEqual(reads, ['signing:a', 'signing:a']);
  });

  it('forgets an issuer’s keys when they rotate or are discarded, and only that issuer’s', async () => {
    const { keys, reads } = countingKeys();
    const cached = cacheSigningKeys(keys, { clock, ttlMs: 60_000 });
    await cached.signing('a');
    await cached.signing('b');
    await cached.ed25519('a', 'z6Mk1');
    await cached.rotate('a');
    await cached.signing('a');
    await cached.signing('b');
    await cached.ed25519('a', 'z6Mk1');
    await cached.discard('b');
    await cached.signing('b');
    assert.deepEqual(reads, [
      'signing:a',
      'signing:b',
      'ed25519:a:z6Mk1',
      'rotate:a',
      'signing:a',
      'ed25519:a:z6Mk1',
      'signing:b',
    ]);
  });

  it('does not keep a failed read', async () => {
    const { keys, reads, failOnce } = countingKeys();
    const cached = cacheSigningKeys(keys, { clock, ttlMs: 60_000 });
    failOnce();
    await assert.rejects(cached.signing('a'), /store down/);
    await cached.signing('a');
    assert.deepEqual(reads, ['signing:a', 'signing:a']);
  });

  it('keeps at most `max` entries, dropping the oldest', async () => {
    const { keys, reads } = countingKeys();
    const cached = cacheSigningKeys(keys, { clock, ttlMs: 60_000, max: 2 });
    for (const id of ['a', 'b', 'c', 'c', 'b', 'a']) await cached.signing(id);
    assert.deepEqual(reads, ['signing:a', 'signing:b', 'signing:c', 'signing:a']);
  });
});

describe('POST /api/v1/credentials — signing with keys in memory', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('signing-keys');
  });
  after(() => t.close());

  it('signs ob3-di from the validation’s expansion, with the bytes plain vc.issue() makes', async () => {
    const issuer = await createIssuer(t);
    const { achievementId, learnerId } = await createCatalog(t, issuer);
    const { compared, differing } = proofComparisons;
    const reusedBefore = proofComparisons.reusedDocuments;
    for (const language of ['lv', 'en', 'lv']) {
      await t.http
        .post('/api/v1/credentials')
        .set(...bearer(issuer.apiKey))
        .send({ achievementId, learnerId, language })
        .expect(201);
    }
    // the status list is signed on first issue too (no expansion to reuse there)
    assert.ok(proofComparisons.compared >= compared + 3);
    assert.equal(proofComparisons.differing.length, differing.length);
    assert.ok(proofComparisons.reusedDocuments >= reusedBefore + 3);
  });

  it('a key rotation is seen by the very next ob3-di and ob3-jwt issuance', async () => {
    const issuer = await createIssuer(t);
    const { achievementId, learnerId } = await createCatalog(t, issuer);
    const issue = async (format: string) =>
      (
        await t.http
          .post('/api/v1/credentials')
          .set(...bearer(issuer.apiKey))
          .send({ achievementId, learnerId, language: 'lv', format })
          .expect(201)
      ).body;
    const di = (await issue('ob3-di')).credential.proof.verificationMethod;
    const kid = decodeProtectedHeader((await issue('ob3-jwt')).jwt).kid;
    assert.equal((await issue('ob3-di')).credential.proof.verificationMethod, di);
    await t.http
      .post(`/api/v1/issuers/${issuer.id}/keys/rotate`)
      .set(...bearer(issuer.apiKey))
      .expect(200);
    assert.notEqual((await issue('ob3-di')).credential.proof.verificationMethod, di);
    assert.notEqual(decodeProtectedHeader((await issue('ob3-jwt')).jwt).kid, kid);
  });
});
