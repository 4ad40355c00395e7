import assert from 'node:assert/strict';
import { generateEd25519Key, generateP256Key } from '../../../src/core/keys/index.js';
import { buildIssuerDidDocument } from '../../../src/core/profile/issuer-did-document.js';
import {
  buildJwks,
  buildPublishedProfile,
  currentDidKey,
  type PublishedKey,
} from '../../../src/core/profile/issuer-profile.js';
import { issuer, PUBLIC_URL } from '../../fixtures/ob3/records.js';

async function keyPair(status: PublishedKey['status'], createdAt: string): Promise<PublishedKey[]> {
  const ed = await generateEd25519Key();
  const p256 = await generateP256Key();
  return [
    { type: 'Ed25519', status, publicKeyMultibase: ed.publicKeyMultibase, createdAt },
    { type: 'P-256', status, publicJwk: p256.publicJwk, createdAt },
  ];
}

describe('core/profile: an issuer’s did:web DID document, Profile and JWKS', () => {
  const did = `did:web:tilts.example.lv:issuers:${issuer.slug}`;
  const profileUrl = `${PUBLIC_URL}/issuers/${issuer.slug}`;
  let retired: PublishedKey[];
  let current: PublishedKey[];
  before(async () => {
    retired = await keyPair('retired', '2025-01-01T00:00:00.000Z');
    current = await keyPair('current', '2026-01-01T00:00:00.000Z');
  });

  it('lists every key, current and retired, Ed25519 and P-256, under assertionMethod of the did:web', () => {
    const doc = buildIssuerDidDocument(issuer.slug, [...retired, ...current], PUBLIC_URL);
    assert.equal(doc.id, did);
    assert.deepEqual(doc['@context'], [
      'https://www.w3.org/ns/did/v1',
      'https://w3id.org/security/multikey/v1',
    ]);
    assert.deepEqual(doc.alsoKnownAs, [profileUrl]);
    const methods = doc.verificationMethod as Array<Record<string, string>>;
    assert.equal(methods.length, 4);
    for (const m of methods) {
      assert.equal(m.controller, did);
      assert.equal(m.id, `${did}#${m.publicKeyMultibase}`);
    }
    assert.deepEqual(
      methods.map((m) => (m.publicKeyMultibase ?? '').slice(0, 4)),
      ['z6Mk', 'zDna', 'z6Mk', 'zDna'],
    );
    assert.deepEqual(
      doc.assertionMethod,
      methods.map((m) => m.id),
    );
  });

  it('the VC-API did:key is the newest current Ed25519 key, never a retired one', () => {
    const newest = current[0]?.publicKeyMultibase;
    assert.equal(currentDidKey([...current, ...retired]), `did:key:${newest}`);
    assert.equal(currentDidKey(retired), undefined);
  });

  it('the published Profile keeps its https id and key list, and names both DIDs in otherIdentifier', () => {
    const profile = buildPublishedProfile(issuer, [...retired, ...current], PUBLIC_URL);
    assert.equal(profile.id, profileUrl);
    const methods = profile.verificationMethod as Array<Record<string, string>>;
    assert.ok(methods.every((m) => m.controller === profileUrl && String(m.id).startsWith(`${profileUrl}#`)));
    const ids = profile.otherIdentifier as Array<Record<string, string>>;
    assert.deepEqual(
      ids.slice(1),
      [did, `did:key:${current[0]?.publicKeyMultibase}`].map((identifier) => ({
        type: 'IdentifierEntry',
        identifier,
        identifierType: 'ext:DID',
      })),
    );
    assert.equal(ids[0]?.identifier, issuer.legalIdentifier.value, 'the registration number stays first');
  });

  it('the JWKS lists each P-256 key under the did:web kid and the Profile kid', () => {
    const { keys } = buildJwks(issuer.slug, [...retired, ...current], PUBLIC_URL);
    const p256 = [...retired, ...current].filter((k) => k.type === 'P-256');
    assert.equal(keys.length, 4);
    assert.ok(keys.every((k) => k.alg === 'ES256' && k.kty === 'EC'));
    assert.deepEqual(
      keys.map((k) => k.kid?.split('#')[0]),
      [did, profileUrl, did, profileUrl],
    );
    assert.deepEqual(
      keys.map((k) => k.x),
      p256.flatMap((k) => [k.publicJwk?.x, k.publicJwk?.x]),
    );
  });
});
