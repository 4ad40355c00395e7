import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { cryptosuite as packageSuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { issuerDidWeb } from '../../../src/core/did/did-web.js';
import {
  createEddsaRdfc2022Cryptosuite,
  createExpansionMemo,
} from '../../../src/core/jsonld/reused-expansion.js';
import { expandSafely } from '../../../src/core/jsonld/safe-expand.js';
import { generateEd25519Key } from '../../../src/core/keys/ed25519.js';
import { buildOpenBadgeCredential } from '../../../src/core/ob3/build-credential.js';
import { signDataIntegrity, type DataIntegrityKey } from '../../../src/core/ob3/sign.js';
import { validateOpenBadgeCredential } from '../../../src/core/ob3/validate.js';
import { buildStatusEntry, buildStatusListCredential, encodeList } from '../../../src/core/status/index.js';
import { createStatusList } from '../../../src/core/status/bitstring.js';
import type { JsonObject } from '../../../src/core/types.js';
import { issueCredential, validateIssueRequest } from '../../../src/core/vc-api/index.js';
import { buildInput, PUBLIC_URL } from '../../fixtures/ob3/records.js';
import { TEST_ISSUER_DID, TEST_ISSUER_KEY } from '../../fixtures/vc-api/issuer.js';
import { VALID_CASES } from '../../fixtures/vc-api/valid-credentials.js';
import { plainIssue } from '../../helpers/plain-proof.js';
import { achievementCredentialSchema, contextsOnlyLoader, obTestVector } from '../ob3/support.js';

const loader = contextsOnlyLoader();
const CONTROLLER = issuerDidWeb(PUBLIC_URL, 'daugavas-tehnikums');
const CREATED = ['2025-06-30T12:00:05Z', '2026-11-30T13:59:59Z'];
const EXAMPLES = '/work/shared/specs/openbadges/examples';

type Doc = Record<string, unknown>;

async function keyFor(controller: string): Promise<DataIntegrityKey> {
  return { controller, ...(await generateEd25519Key({ seed: new Uint8Array(32).fill(7) })) };
}

const issuerOf = (doc: Doc): string =>
  typeof doc.issuer === 'string' ? doc.issuer : String((doc.issuer as Doc).id);

/**
 * Signs `unsigned` twice at each `created` — the fast way (expansion from safe-mode validation,
 * proof configuration from a template) and with plain vc.issue() — and asserts the same bytes, and
 * that the fast way really skipped both expansions.
 */
async function assertSameProofs(unsigned: Doc, key: DataIntegrityKey): Promise<void> {
  const expansions = createExpansionMemo();
  const cryptosuite = createEddsaRdfc2022Cryptosuite({ expansions });
  for (const created of CREATED) {
    const { issues, expanded } = await expandSafely(unsigned, loader);
    assert.deepEqual(issues, []);
    expansions.remember(unsigned, expanded);
    const fast = await signDataIntegrity(unsigned, { key, created, documentLoader: loader, cryptosuite });
    const plain = await plainIssue(unsigned, key, created, loader);
    assert.equal(JSON.stringify(fast), JSON.stringify(plain));
  }
  assert.deepEqual(cryptosuite.reused, { documents: 2, proofConfigurations: 2 });
}

const ob3 = (overrides: Partial<ReturnType<typeof buildInput>> = {}, language: 'lv' | 'en' = 'lv') =>
  buildOpenBadgeCredential({ ...buildInput(language), ...overrides }) as unknown as Doc;

const revocation = buildStatusEntry({
  listUrl: `${PUBLIC_URL}/status/0b6f6f5e-2a7c-4d51-9a55-3f5c0a3d9b11`,
  index: 94567,
  purpose: 'revocation',
});

describe('core/jsonld/reused-expansion: proofs are the bytes of plain vc.issue()', () => {
  it('OB 3.0 credentials Tilts builds (lv and en, result, related editions, status entry, validUntil)', async () => {
    const key = await keyFor(CONTROLLER);
    const shapes = [
      ob3(),
      ob3({}, 'en'),
      ob3({ credentialStatus: revocation as unknown as JsonObject }),
      ob3({ credentialStatus: revocation as unknown as JsonObject, validFrom: '2025-07-01T00:00:00Z' }),
    ];
    const full = ob3({ credentialStatus: revocation as unknown as JsonObject });
    full.validUntil = '2030-06-30T12:00:00Z';
    shapes.push(full);
    for (const unsigned of shapes) {
      assert.equal(issuerOf(unsigned), CONTROLLER);
      await assertSameProofs(unsigned, key);
    }
  });

  it('a status list credential', async () => {
    const key = await keyFor(CONTROLLER);
    for (const statusPurpose of ['revocation', 'suspension'] as const) {
      const list = buildStatusListCredential({
        id: `${PUBLIC_URL}/status/0b6f6f5e-2a7c-4d51-9a55-3f5c0a3d9b11`,
        issuer: CONTROLLER,
        statusPurpose,
        encodedList: encodeList(createStatusList(131072)),
        validFrom: '2025-06-30T12:00:00Z',
      });
      await assertSameProofs(list as unknown as Doc, key);
    }
  });

  it('every W3C VC-API credential shape the issuer accepts (VC 2.0 and 1.1), as the VC-API issuer signs it', async () => {
    for (const { credential } of VALID_CASES) {
      const request = await validateIssueRequest(
        { credential },
        { issuerDid: TEST_ISSUER_DID, documentLoader: loader },
      );
      const signed = await issueCredential({
        credential: request.credential,
        key: TEST_ISSUER_KEY,
        now: new Date(CREATED[0] as string),
        documentLoader: loader,
      });
      const { proof: _proof, ...unsigned } = signed;
      await assertSameProofs(unsigned, { controller: TEST_ISSUER_DID, ...TEST_ISSUER_KEY });
    }
  });

  it('the OB 3.0 spec examples, endorsements with their own proofs included', async () => {
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json') && !f.includes('test-vector'));
    assert.ok(files.length >= 9);
    for (const file of files) {
      const { proof: _proof, ...unsigned } = JSON.parse(readFileSync(`${EXAMPLES}/${file}`, 'utf8')) as Doc;
      await assertSameProofs(unsigned, await keyFor(issuerOf(unsigned)));
    }
  });

  it('reproduces the 1EdTech eddsa-rdfc-2022 test vector through the fast path', async () => {
    const tv = obTestVector();
    const expansions = createExpansionMemo();
    const issues = await validateOpenBadgeCredential(tv.unsignedCredential, {
      schema: achievementCredentialSchema(),
      documentLoader: loader,
      euRules: false,
      expansions,
    });
    assert.deepEqual(issues, []);
    const cryptosuite = createEddsaRdfc2022Cryptosuite({ expansions });
    const signed = await signDataIntegrity(tv.unsignedCredential, {
      key: tv.keyPair,
      created: tv.proofOptions.created,
      documentLoader: loader,
      cryptosuite,
    });
    assert.deepEqual(signed, tv.signedCredential);
    assert.deepEqual(cryptosuite.reused, { documents: 1, proofConfigurations: 1 });
  });
});

describe('core/jsonld/reused-expansion: what is not reused', () => {
  it('an expansion is used only for the very JSON it was made of, and only once', async () => {
    const unsigned = ob3();
    const expansions = createExpansionMemo();
    expansions.remember(unsigned, (await expandSafely(unsigned, loader)).expanded);
    const changed = { ...unsigned, name: 'Another name' };
    assert.equal(expansions.take(changed), undefined);
    assert.notEqual(expansions.take(unsigned), undefined);
    assert.equal(expansions.take(unsigned), undefined);
  });

  it('the memo keeps at most its bound, dropping the oldest', async () => {
    const expansions = createExpansionMemo(2);
    for (const n of [1, 2, 3]) expansions.remember({ n }, [n]);
    assert.equal(expansions.take({ n: 1 }), undefined);
    assert.deepEqual(expansions.take({ n: 3 }), [3]);
  });

  it('a credential that fails validation leaves no expansion behind', async () => {
    const expansions = createExpansionMemo();
    const bad = { ...ob3(), undefinedTerm: 'x' };
    const issues = await validateOpenBadgeCredential(bad, {
      schema: achievementCredentialSchema(),
      documentLoader: loader,
      expansions,
    });
    assert.ok(issues.some((i) => i.code === 'jsonld-safe-mode'));
    assert.equal(expansions.take(bad), undefined);
  });

  it('a proof configuration the package refuses is refused the same (relative verification method)', async () => {
    const cryptosuite = createEddsaRdfc2022Cryptosuite();
    const config = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      created: CREATED[0],
      verificationMethod: 'not-absolute#key',
      proofPurpose: 'assertionMethod',
    };
    const opts = { documentLoader: loader, base: null, safe: true };
    const plain = await packageSuite.canonize(config, opts).then(String, (e: Error) => `error ${e.name}`);
    const fast = await cryptosuite.canonize(config, opts).then(String, (e: Error) => `error ${e.name}`);
    assert.match(plain, /^error/);
    assert.equal(fast, plain);
  });

  it('a proof configuration with a term no context defines is not templated, and fails as the package does', async () => {
    const cryptosuite = createEddsaRdfc2022Cryptosuite();
    const config = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: 'DataIntegrityProof',
      created: CREATED[0],
      notATerm: 'x',
    };
    const opts = { documentLoader: loader, base: null, safe: true };
    await assert.rejects(packageSuite.canonize(config, opts));
    await assert.rejects(cryptosuite.canonize(config, opts));
    assert.equal(cryptosuite.reused.proofConfigurations, 0);
  });
});
