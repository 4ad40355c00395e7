import assert from 'node:assert/strict';
import {
  KeyError,
  assertEd25519KeyPair,
  generateEd25519Key,
  isEd25519PublicKeyMultibase,
  multikeyVerificationMethod,
  verificationMethodId,
} from '../../../src/core/keys/index.js';
import { obTestVector } from '../ob3/support.js';
import * as base58 from 'base58-universal';

describe('core/keys/ed25519', () => {
  it('generates a Multikey pair: public z6Mk…, secret ed25519-priv multibase, plain serialisable strings', async () => {
    const key = await generateEd25519Key();
    assert.deepEqual(Object.keys(key).sort(), ['publicKeyMultibase', 'secretKeyMultibase']);
    assert.ok(isEd25519PublicKeyMultibase(key.publicKeyMultibase));
    // base58btc of multicodec ed25519-priv (0x1300 → 0x80 0x26) + 32-byte seed + 32-byte public key; the
    // leading characters depend on the key bytes ("zru…" or "zrv…"), so check the decoded header instead
    assert.ok(key.secretKeyMultibase.startsWith('z'));
    const bytes = base58.decode(key.secretKeyMultibase.slice(1));
    assert.deepEqual([bytes.length, bytes[0], bytes[1]], [66, 0x80, 0x26]);
    assert.deepEqual(JSON.parse(JSON.stringify(key)), key);
    await assertEd25519KeyPair(key);
  });

  it('derives the same key from the same seed and different keys without one', async () => {
    const seed = new Uint8Array(32).fill(7);
    assert.deepEqual(await generateEd25519Key({ seed }), await generateEd25519Key({ seed }));
    const [a, b] = await Promise.all([generateEd25519Key(), generateEd25519Key()]);
    assert.notEqual(a.publicKeyMultibase, b.publicKeyMultibase);
  });

  it('refuses a seed that is not 32 bytes', async () => {
    await assert.rejects(generateEd25519Key({ seed: new Uint8Array(31) }), (e: unknown) => {
      return e instanceof KeyError && e.code === 'invalid-key';
    });
  });

  it('accepts the OB 3.0 test vector key pair as matching', async () => {
    const { keyPair } = obTestVector();
    await assertEd25519KeyPair(keyPair);
  });

  it('rejects a secret key that belongs to another public key, and garbage', async () => {
    const [a, b] = await Promise.all([generateEd25519Key(), generateEd25519Key()]);
    const mixed = { publicKeyMultibase: a.publicKeyMultibase, secretKeyMultibase: b.secretKeyMultibase };
    await assert.rejects(assertEd25519KeyPair(mixed), { code: 'invalid-key' });
    await assert.rejects(assertEd25519KeyPair({ ...a, secretKeyMultibase: 'zNotAKey' }), {
      code: 'invalid-key',
    });
  });

  it('names the verification method <controller>#<publicKeyMultibase> and builds its public entry', () => {
    const mb = 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi';
    const controller = 'https://tilts.example.lv/issuers/daugavas-tehnikums';
    assert.equal(verificationMethodId(controller, mb), `${controller}#${mb}`);
    assert.deepEqual(multikeyVerificationMethod(controller, mb), {
      id: `${controller}#${mb}`,
      type: 'Multikey',
      controller,
      publicKeyMultibase: mb,
    });
  });

  it('refuses to publish a verification method for a key that is not an Ed25519 public Multikey', () => {
    const { keyPair } = obTestVector();
    for (const bad of [keyPair.secretKeyMultibase, 'zDnaexample', 'z6Mk', '']) {
      assert.throws(() => multikeyVerificationMethod('https://x.example', bad), KeyError);
    }
  });
});
