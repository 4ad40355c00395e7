import assert from 'node:assert/strict';
import type { Ed25519MultikeyKeyPair } from '@digitalbazaar/ed25519-multikey';
import {
  createEddsaRdfc2022Cryptosuite,
  createExpansionMemo,
} from '../../../src/core/jsonld/reused-expansion.js';
import type { VerificationReport } from '../../../src/core/verify/types.js';
import { verifyCredential } from '../../../src/core/verify/verify-credential.js';
import * as w from '../../fixtures/verify/world.js';
import { leaves, mutate, withLeaf } from '../ob3/support.js';

const verdict = (report: VerificationReport) =>
  JSON.stringify(report.checks.map(({ id, valid, code }) => ({ id, valid, code })));

describe('core/verify — canonicalizing from the json-ld check’s expansion', () => {
  let key: Ed25519MultikeyKeyPair;
  let issuerDoc: w.Doc;
  let signed: w.Doc;

  before(async () => {
    key = await w.ed25519Key(3, w.ISSUER);
    issuerDoc = w.controllerDocument(w.ISSUER, [w.multikeyMethod(key)]);
    signed = await w.signDi(w.badge(), key);
  });

  /** The same credential verified by the plain cryptosuite and by the reusing one: same checks. */
  async function assertSameVerdict(credential: unknown) {
    const plain = await verifyCredential(credential, w.makeDeps([issuerDoc], { schemas: w.obSchemas() }));
    const expansions = createExpansionMemo();
    const cryptosuite = createEddsaRdfc2022Cryptosuite({ expansions });
    const fast = await verifyCredential(
      credential,
      w.makeDeps([issuerDoc], { schemas: w.obSchemas(), expansions, cryptosuite }),
    );
    assert.equal(verdict(fast), verdict(plain));
    return { plain, fast, reused: cryptosuite.reused };
  }

  it('verifies a signed badge with no second expansion of the document', async () => {
    const { fast, reused } = await assertSameVerdict(signed);
    assert.equal(fast.verified, true, verdict(fast));
    assert.deepEqual(reused, { documents: 1, proofConfigurations: 1 });
  });

  it('gives the plain verdict for every single-leaf tampering of the credential and its proof', async () => {
    const all = leaves(signed).filter((l) => l.path[0] !== '@context');
    assert.ok(all.length > 20);
    for (const leaf of all) {
      const { plain } = await assertSameVerdict(withLeaf(signed, leaf.path, mutate(leaf.value)));
      assert.equal(plain.verified, false, `tampering ${leaf.path.join('/')} is noticed`);
    }
  });

  it('gives the plain verdict for proofs hidden under other names, an undefined term in the proof, and an inline context', async () => {
    const { proof, ...unsecured } = signed;
    const variants: w.Doc[] = [
      { ...signed, 'sec:proof': proof },
      {
        ...signed,
        'https://w3id.org/security#proof': { ...(proof as w.Doc), created: '2020-01-01T00:00:00Z' },
      },
      { ...signed, proof: [proof, {}] },
      { ...signed, proof: { ...(proof as w.Doc), notATerm: 1 } },
      {
        ...signed,
        '@context': [...(signed['@context'] as string[]), { extra: 'https://example.org/extra' }],
      },
      { ...unsecured, proof, '@type': ['VerifiableCredential'] },
    ];
    for (const variant of variants) await assertSameVerdict(variant);
  });
});
