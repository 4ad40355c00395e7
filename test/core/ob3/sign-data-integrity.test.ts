import assert from 'node:assert/strict';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import type { DocumentLoader } from 'jsonld';
import { issuerDidWeb } from '../../../src/core/did/did-web.js';
import { generateEd25519Key } from '../../../src/core/keys/ed25519.js';
import { buildOpenBadgeCredential } from '../../../src/core/ob3/build-credential.js';
import { Ob3Error } from '../../../src/core/ob3/errors.js';
import { signDataIntegrity, type DataIntegrityKey } from '../../../src/core/ob3/sign.js';
import { buildInput, PUBLIC_URL } from '../../fixtures/ob3/records.js';
import { contextsOnlyLoader, controllerLoader, leaves, mutate, obTestVector, withLeaf } from './support.js';

const NOW = '2025-07-02T00:00:00Z';
const CREATED = '2025-06-30T12:00:05Z';
const CONTROLLER = issuerDidWeb(PUBLIC_URL, 'daugavas-tehnikums');

async function verify(credential: unknown, documentLoader: DocumentLoader): Promise<boolean> {
  const suite = new DataIntegrityProof({ cryptosuite });
  const result = await vc.verifyCredential({ credential, suite, documentLoader, now: NOW });
  return result.verified;
}

async function issuerKey(): Promise<DataIntegrityKey> {
  const seed = new Uint8Array(32).fill(42);
  return { controller: CONTROLLER, ...(await generateEd25519Key({ seed })) };
}

describe('core/ob3/sign signDataIntegrity', () => {
  it('reproduces the OB 3.0 eddsa-rdfc-2022 test vector byte for byte', async () => {
    const tv = obTestVector();
    const signed = await signDataIntegrity(tv.unsignedCredential, {
      key: tv.keyPair,
      created: tv.proofOptions.created,
      documentLoader: contextsOnlyLoader(),
    });
    assert.equal(signed.proof.proofValue, tv.proof.proofValue);
    assert.deepEqual(signed.proof, tv.proof);
    assert.deepEqual(signed, tv.signedCredential);
  });

  it('verifies the test vector with the spec key served by a controller document', async () => {
    const tv = obTestVector();
    const { loader } = controllerLoader(tv.keyPair);
    assert.equal(await verify(tv.signedCredential, loader), true);
  });

  it('signs with contexts only, leaves its input untouched, and writes the proof options', async () => {
    const key = await issuerKey();
    const credential = buildOpenBadgeCredential(buildInput('lv'));
    const before = structuredClone(credential);
    const signed = await signDataIntegrity(credential, {
      key,
      created: new Date(CREATED),
      documentLoader: contextsOnlyLoader(),
    });
    assert.deepEqual(credential, before);
    const { proof, ...rest } = signed;
    assert.deepEqual(rest, credential);
    assert.deepEqual(
      { ...proof, proofValue: undefined },
      {
        type: 'DataIntegrityProof',
        created: CREATED,
        verificationMethod: `${CONTROLLER}#${key.publicKeyMultibase}`,
        cryptosuite: 'eddsa-rdfc-2022',
        proofPurpose: 'assertionMethod',
        proofValue: undefined,
      },
    );
    assert.match(proof.proofValue, /^z[1-9A-HJ-NP-Za-km-z]{80,90}$/);
  });

  it('verifies with vc.verifyCredential, loading the controller document and the verification method', async () => {
    const key = await issuerKey();
    const signed = await signDataIntegrity(buildOpenBadgeCredential(buildInput('en')), {
      key,
      created: CREATED,
      documentLoader: contextsOnlyLoader(),
    });
    const { loader, requested } = controllerLoader(key);
    assert.equal(await verify(signed, loader), true);
    assert.ok(requested.includes(CONTROLLER), 'controller document loaded as a whole');
    assert.ok(
      requested.includes(`${CONTROLLER}#${key.publicKeyMultibase}`),
      'verification method loaded by its URL',
    );
  });

  it('fails verification when ANY single leaf value of the signed credential changes', async function () {
    this.timeout(180_000);
    const key = await issuerKey();
    const signed = await signDataIntegrity(buildOpenBadgeCredential(buildInput('lv')), {
      key,
      created: CREATED,
      documentLoader: contextsOnlyLoader(),
    });
    const { loader } = controllerLoader(key);
    assert.equal(await verify(signed, loader), true, 'the untampered credential verifies');
    const all = leaves(signed);
    assert.ok(all.length > 100, `${all.length} leaves`);
    const survivors: string[] = [];
    for (const { path, value } of all) {
      const tampered = withLeaf(signed, path, mutate(value));
      const ok = await verify(tampered, loader).catch(() => false);
      if (ok) survivors.push(`/${path.join('/')}`);
    }
    assert.deepEqual(survivors, []);
  });

  it('fails verification when a property is added or an alignment removed', async () => {
    const key = await issuerKey();
    const signed = await signDataIntegrity(buildOpenBadgeCredential(buildInput('lv')), {
      key,
      created: CREATED,
      documentLoader: contextsOnlyLoader(),
    });
    const { loader } = controllerLoader(key);
    const added = {
      ...structuredClone(signed),
      awardedDate: signed.validFrom,
      description: `${signed.description} `,
    };
    assert.equal(await verify(added, loader), false);
    const fewer = structuredClone(signed);
    fewer.credentialSubject.achievement.alignment.pop();
    assert.equal(await verify(fewer, loader), false);
  });

  it('fails verification against a controller document that lists another key', async () => {
    const key = await issuerKey();
    const other = await generateEd25519Key();
    const signed = await signDataIntegrity(buildOpenBadgeCredential(buildInput('lv')), {
      key,
      created: CREATED,
      documentLoader: contextsOnlyLoader(),
    });
    const { loader } = controllerLoader({
      controller: CONTROLLER,
      publicKeyMultibase: other.publicKeyMultibase,
    });
    assert.equal(await verify(signed, loader), false);
  });

  it('refuses to sign with a secret key that does not belong to the public key', async () => {
    const key = await issuerKey();
    const other = await generateEd25519Key();
    await assert.rejects(
      signDataIntegrity(buildOpenBadgeCredential(buildInput('lv')), {
        key: { ...key, secretKeyMultibase: other.secretKeyMultibase },
        created: CREATED,
        documentLoader: contextsOnlyLoader(),
      }),
      (e: unknown) => e instanceof Ob3Error && e.code === 'invalid-key' && e.pointer === '/key',
    );
  });

  it('refuses to sign when the issuer is not the key controller', async () => {
    const key = { ...(await issuerKey()), controller: issuerDidWeb(PUBLIC_URL, 'someone-else') };
    await assert.rejects(
      signDataIntegrity(buildOpenBadgeCredential(buildInput('lv')), {
        key,
        created: CREATED,
        documentLoader: contextsOnlyLoader(),
      }),
      (e: unknown) =>
        e instanceof Ob3Error && e.code === 'issuer-controller-mismatch' && e.pointer === '/issuer',
    );
  });

  it('refuses a malformed secret key and an invalid creation date', async () => {
    const key = await issuerKey();
    const credential = buildOpenBadgeCredential(buildInput('lv'));
    await assert.rejects(
      signDataIntegrity(credential, {
        key: { ...key, secretKeyMultibase: 'z123' },
        created: CREATED,
        documentLoader: contextsOnlyLoader(),
      }),
      { code: 'invalid-key' },
    );
    await assert.rejects(
      signDataIntegrity(credential, { key, created: 'soon', documentLoader: contextsOnlyLoader() }),
      {
        code: 'invalid-input',
        pointer: '/created',
      },
    );
  });
});
