import assert from 'node:assert/strict';
import { didKeyFromMultibase, resolveDidKey } from '../../src/core/did/did-key.js';

describe('core/did/did-key', () => {
  const mb = 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi';

  it('resolves an Ed25519 did:key into a DID document listing the key for assertion and authentication', () => {
    const did = didKeyFromMultibase(mb);
    const doc = resolveDidKey(did) as Record<string, unknown>;
    assert.equal(doc.id, did);
    assert.deepEqual(doc.assertionMethod, [`${did}#${mb}`]);
    assert.deepEqual(doc.authentication, [`${did}#${mb}`]);
  });

  it('resolves the verification method URL and refuses a fragment naming another key', () => {
    const did = didKeyFromMultibase(mb);
    assert.equal((resolveDidKey(`${did}#${mb}`) as Record<string, unknown>).publicKeyMultibase, mb);
    assert.equal(resolveDidKey(`${did}#z6MkotherKeyotherKeyotherKeyotherKeyotherKeyoth`), undefined);
    assert.equal(resolveDidKey('did:web:example.com'), undefined);
  });
});
