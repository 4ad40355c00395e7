import assert from 'node:assert/strict';
import { packagedContexts } from '../../src/core/jsonld/contexts.js';
import { createExpansionMemo } from '../../src/core/jsonld/reused-expansion.js';
import { expandSafely } from '../../src/core/jsonld/safe-expand.js';
import { buildOpenBadgeCredential } from '../../src/core/ob3/build-credential.js';
import { validateOpenBadgeCredential } from '../../src/core/ob3/validate.js';
import { createJsonLdPool, type JsonLdPool } from '../../src/infra/jsonld-pool.js';
import { buildInput } from '../fixtures/ob3/records.js';
import { achievementCredentialSchema, contextsOnlyLoader } from '../core/ob3/support.js';
import { bearer, createCatalog, createIssuer, startTestApp } from '../helpers/app.js';
import { proofComparisons } from '../helpers/plain-proof.js';

describe('infra/jsonld-pool: OB 3.0 validation in worker threads', () => {
  const expansions = createExpansionMemo();
  const schema = achievementCredentialSchema();
  let pool: JsonLdPool;
  before(() => {
    pool = createJsonLdPool({ size: 2, schema, contexts: [...packagedContexts()], expansions });
  });
  after(() => pool.close());

  it('answers what validation in this thread answers, valid or not', async () => {
    const valid = buildOpenBadgeCredential(buildInput('lv')) as unknown as Record<string, unknown>;
    const invalid = {
      ...valid,
      ECTS: 3,
      credentialSubject: { ...(valid.credentialSubject as object), foo: 1 },
    };
    delete (invalid as Record<string, unknown>).validFrom;
    for (const credential of [valid, invalid, { not: 'a credential' }]) {
      const here = await validateOpenBadgeCredential(credential, {
        schema,
        documentLoader: contextsOnlyLoader(),
      });
      assert.deepEqual(await pool.validate(credential), here);
    }
  });

  it('leaves the expansion of a valid credential here, equal to this thread’s', async () => {
    const valid = buildOpenBadgeCredential(buildInput('en'));
    assert.deepEqual(await pool.validate(valid), []);
    assert.deepEqual(expansions.take(valid), (await expandSafely(valid, contextsOnlyLoader())).expanded);
  });

  it('serves many requests at once across its workers', async () => {
    const credentials = ['lv', 'en', 'lv', 'en', 'lv', 'en'].map((l) =>
      buildOpenBadgeCredential(buildInput(l as 'lv' | 'en')),
    );
    const results = await Promise.all(credentials.map((c) => pool.validate(c)));
    assert.deepEqual(
      results,
      credentials.map(() => []),
    );
  });
});

describe('POST /api/v1/credentials with JSONLD_WORKERS=2', () => {
  it('issues credentials validated in workers, with the bytes plain vc.issue() makes', async () => {
    const t = await startTestApp('jsonld_workers', { env: { JSONLD_WORKERS: '2' } });
    try {
      const issuer = await createIssuer(t);
      const { achievementId, learnerId } = await createCatalog(t, issuer);
      const reusedBefore = proofComparisons.reusedDocuments;
      const compared = proofComparisons.compared;
      const responses = await Promise.all(
        ['lv', 'en', 'lv', 'en'].map((language) =>
          t.http
            .post('/api/v1/credentials')
            .set(...bearer(issuer.apiKey))
            .send({ achievementId, learnerId, language }),
        ),
      );
      assert.deepEqual(
        responses.map((r) => r.status),
        [201, 201, 201, 201],
      );
      assert.ok(proofComparisons.compared >= compared + 4);
      assert.equal(proofComparisons.differing.length, 0);
      assert.ok(proofComparisons.reusedDocuments >= reusedBefore + 4);
    } finally {
      await t.close();
    }
  });
});
