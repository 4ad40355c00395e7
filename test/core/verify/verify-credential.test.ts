import assert from 'node:assert/strict';
import type { Ed25519MultikeyKeyPair } from '@digitalbazaar/ed25519-multikey';
import { CONTEXTS } from '../../../src/core/jsonld/contexts.js';
import { verifyCredential } from '../../../src/core/verify/verify-credential.js';
import type { VerificationReport } from '../../../src/core/verify/types.js';
import * as w from '../../fixtures/verify/world.js';

/** The one failing check a negative case is about, and that verified is false. */
function assertFails(report: VerificationReport, id: string, code?: string): void {
  assert.equal(report.verified, false);
  const check = report.checks.find((c) => c.id === id);
  assert.ok(check, `check ${id} is reported: ${JSON.stringify(report.checks)}`);
  assert.equal(check.valid, false, `check ${id} fails: ${JSON.stringify(report.checks)}`);
  if (code) assert.equal(check.code, code, check.detail);
}

function failing(report: VerificationReport): string[] {
  return report.checks.filter((c) => !c.valid).map((c) => c.id);
}

describe('core/verify/verifyCredential — Data Integrity credentials', () => {
  let key: Ed25519MultikeyKeyPair;
  let issuerDoc: w.Doc;
  let signed: w.Doc;
  const deps = () => w.makeDeps([issuerDoc], { schemas: w.obSchemas() });

  before(async () => {
    key = await w.ed25519Key(1, w.ISSUER);
    issuerDoc = w.controllerDocument(w.ISSUER, [w.multikeyMethod(key)]);
    signed = await w.signDi(w.badge(), key);
  });

  it('verifies the OB 3.0 signed example once the issuer profile lists the test-vector key', async () => {
    const vector = w.readSpec('examples/linked-data-proof-ob-test-vector.json') as { keyPair: w.Doc };
    const { id, controller, publicKeyMultibase } = vector.keyPair;
    const profile = w.controllerDocument(String(controller), [
      { id, type: 'Multikey', controller, publicKeyMultibase },
    ]);
    const report = await verifyCredential(
      w.readSpec('examples/linked-data-proof-ob-signed-credential.json'),
      w.makeDeps([profile], { schemas: w.obSchemas() }),
    );
    assert.equal(report.verified, true, JSON.stringify(report.checks));
    assert.deepEqual(
      report.checks.map((c) => c.id),
      [
        'parse',
        'context',
        'type',
        'json-ld',
        'schema',
        'subject',
        'issuer',
        'proof',
        'validity',
        'status',
        'endorsements',
      ],
    );
    assert.equal(report.summary.format, 'ob3-di');
    assert.equal(report.summary.issuerName, 'Example Corp');
  });

  it('verifies our own signed badge and summarises it for the verify page', async () => {
    const report = await verifyCredential(signed, deps());
    assert.equal(report.verified, true, JSON.stringify(report.checks));
    assert.deepEqual(report.summary, {
      issuerId: w.ISSUER,
      issuerName: 'Rīgas Tehnikums',
      learnerName: 'Anna Bērziņa',
      achievementName: 'Welding basics',
      validFrom: '2025-01-15T00:00:00Z',
      status: 'active',
      format: 'ob3-di',
      achievement: {
        id: 'https://issuer.example/achievements/welding-1',
        name: 'Welding basics',
        learningOutcomes: [],
        skills: [],
        assessment: [],
        result: [],
        otherAlignments: [],
        missingEuElements: [
          'issuer-country',
          'learning-outcomes',
          'workload',
          'level',
          'assessment',
          'participation',
          'quality-assurance',
        ],
      },
    });
  });

  it('refuses the credential sent as a string holding its JSON: not-an-object, nothing else run (VC Data Integrity: the secured document must be a map)', async () => {
    const report = await verifyCredential(JSON.stringify(signed), deps());
    assertFails(report, 'parse', 'not-an-object');
    assert.equal(report.checks.length, 1);
  });

  it('fails proof with signature-invalid when a field was changed after signing', async () => {
    const changed = { ...signed, name: 'Welding masterclass' };
    assertFails(await verifyCredential(changed, deps()), 'proof', 'signature-invalid');
  });

  it('fails proof with signature-invalid when another key signed under the issuer key id', async () => {
    const stranger = await w.ed25519Key(2, w.ISSUER);
    stranger.id = key.id;
    const forged = await w.signDi(w.badge(), stranger);
    assertFails(await verifyCredential(forged, deps()), 'proof', 'signature-invalid');
  });

  it('fails proof with controller-mismatch when the key belongs to another issuer', async () => {
    const otherKey = await w.ed25519Key(3, w.OTHER_ISSUER);
    const otherDoc = w.controllerDocument(w.OTHER_ISSUER, [w.multikeyMethod(otherKey)]);
    const report = await verifyCredential(
      await w.signDi(w.badge(), otherKey),
      w.makeDeps([issuerDoc, otherDoc]),
    );
    assertFails(report, 'proof', 'controller-mismatch');
  });

  it('fails proof with controller-mismatch when the issuer lists a key another controller owns', async () => {
    const otherKey = await w.ed25519Key(3, w.OTHER_ISSUER);
    const lending = w.controllerDocument(w.ISSUER, [w.multikeyMethod(key), w.multikeyMethod(otherKey)]);
    const report = await verifyCredential(await w.signDi(w.badge(), otherKey), w.makeDeps([lending]));
    assertFails(report, 'proof', 'controller-mismatch');
  });

  it('fails proof with key-not-authorized when the key is only in the verification method fragment', async () => {
    const intruder = await w.ed25519Key(4, w.ISSUER);
    const report = await verifyCredential(await w.signDi(w.badge(), intruder), deps());
    assertFails(report, 'proof', 'key-not-authorized');
  });

  it('fails proof with key-not-authorized when the key is published but not for assertionMethod', async () => {
    const listedElsewhere = { ...issuerDoc, assertionMethod: [] };
    assertFails(await verifyCredential(signed, w.makeDeps([listedElsewhere])), 'proof', 'key-not-authorized');
  });

  it('fails proof with proof-missing when the proof was removed', async () => {
    const { proof: _proof, ...bare } = signed;
    const report = await verifyCredential(bare, deps());
    assertFails(report, 'proof', 'proof-missing');
    assert.equal(report.summary.format, 'vc');
  });

  it('fails validity with expired when validUntil is past', async () => {
    const report = await verifyCredential(
      await w.signDi(w.badge({ validUntil: '2025-05-01T00:00:00Z' }), key),
      deps(),
    );
    assertFails(report, 'validity', 'expired');
    assert.deepEqual(failing(report), ['validity']);
  });

  it('fails validity with not-yet-valid when validFrom is in the future', async () => {
    const report = await verifyCredential(
      await w.signDi(w.badge({ validFrom: '2026-01-01T00:00:00Z' }), key),
      deps(),
    );
    assertFails(report, 'validity', 'not-yet-valid');
    assert.deepEqual(failing(report), ['validity']);
  });

  it('fails json-ld with jsonld-context-unknown for a context this service does not hold', async () => {
    const unknown = {
      ...signed,
      '@context': [CONTEXTS.VC_V2, CONTEXTS.OB_V3, 'https://evil.example/context.json'],
    };
    assertFails(await verifyCredential(unknown, deps()), 'json-ld', 'jsonld-context-unknown');
  });

  it('fails json-ld with jsonld-undefined-term for a property no context defines', async () => {
    // the signing library refuses undefined terms, so the term is added after signing
    const report = await verifyCredential({ ...signed, ECTS: 5 }, deps());
    assertFails(report, 'json-ld', 'jsonld-undefined-term');
    assert.match(report.checks.find((c) => c.id === 'json-ld')?.detail ?? '', /\/ECTS/);
  });

  it('fails type with type-invalid when VerifiableCredential is missing', async () => {
    const report = await verifyCredential({ ...signed, type: ['OpenBadgeCredential'] }, deps());
    assertFails(report, 'type', 'type-invalid');
  });

  it('fails context when the OB context is missing from an OpenBadgeCredential', async () => {
    const report = await verifyCredential({ ...signed, '@context': [CONTEXTS.VC_V2] }, deps());
    assertFails(report, 'context', 'context-ob-missing');
  });

  it('fails schema against the OB 3.0 purl schema and keeps running the later checks', async () => {
    const { id: _id, ...anonymous } = w.badge();
    const report = await verifyCredential(await w.signDi(anonymous, key), deps());
    assertFails(report, 'schema', 'schema-invalid');
    assert.equal(report.checks.find((c) => c.id === 'proof')?.valid, true);
  });

  it('fails subject when the badge subject has neither id nor identifier', async () => {
    const subject = {
      type: ['AchievementSubject'],
      achievement: (w.badge().credentialSubject as w.Doc).achievement,
    };
    const report = await verifyCredential(
      await w.signDi(w.badge({ credentialSubject: subject }), key),
      w.makeDeps([issuerDoc]),
    );
    assertFails(report, 'subject', 'subject-unidentified');
  });

  it('reports issuer-key-unresolvable when the issuer profile cannot be resolved', async () => {
    const report = await verifyCredential(signed, w.makeDeps([]));
    assertFails(report, 'issuer', 'issuer-key-unresolvable');
    assertFails(report, 'proof', 'issuer-key-unresolvable');
  });

  it('reports issuer-key-unresolvable when the resolver throws (remote fetching refused)', async () => {
    const refusing = w.makeDeps([], {
      resolveController: async () => {
        throw new Error('remote fetching is off');
      },
    });
    const report = await verifyCredential(signed, refusing);
    assertFails(report, 'issuer', 'issuer-key-unresolvable');
    assert.match(report.checks.find((c) => c.id === 'issuer')?.detail ?? '', /remote fetching is off/);
  });

  it('refuses a controller document whose id is not the issuer id', async () => {
    const impostor = { ...issuerDoc, id: w.OTHER_ISSUER };
    const report = await verifyCredential(
      signed,
      w.makeDeps([], { resolveController: async () => impostor }),
    );
    assertFails(report, 'issuer', 'issuer-key-unresolvable');
  });

  it('fails proof with key-revoked when the issuer revoked the key', async () => {
    const revoked = w.controllerDocument(w.ISSUER, [
      { ...w.multikeyMethod(key), revoked: '2025-02-01T00:00:00Z' },
    ]);
    assertFails(await verifyCredential(signed, w.makeDeps([revoked])), 'proof', 'key-revoked');
  });

  it('fails proof with proof-purpose-mismatch for an authentication proof on a credential', async () => {
    const proof = { ...(signed.proof as w.Doc), proofPurpose: 'authentication' };
    assertFails(await verifyCredential({ ...signed, proof }, deps()), 'proof', 'proof-purpose-mismatch');
  });

  it('fails proof with proof-unsupported for an unknown cryptosuite', async () => {
    const proof = { ...(signed.proof as w.Doc), cryptosuite: 'ecdsa-rdfc-2019' };
    assertFails(await verifyCredential({ ...signed, proof }, deps()), 'proof', 'proof-unsupported');
  });
});

describe('core/verify/verifyCredential — proof sets and chains', () => {
  let key: Ed25519MultikeyKeyPair;
  let issuerDoc: w.Doc;

  before(async () => {
    key = await w.ed25519Key(1, w.ISSUER);
    issuerDoc = w.controllerDocument(w.ISSUER, [w.multikeyMethod(key)]);
  });

  it('verifies a proof set with one bad and one good proof', async () => {
    const intruder = await w.ed25519Key(9, w.ISSUER);
    const both = await w.signDi(await w.signDi(w.badge(), intruder), key);
    assert.equal((both.proof as unknown[]).length, 2);
    const report = await verifyCredential(both, w.makeDeps([issuerDoc]));
    assert.equal(report.verified, true, JSON.stringify(report.checks));
    assert.match(report.checks.find((c) => c.id === 'proof')?.detail ?? '', /proof set of 2/);
  });

  it('fails when every proof in the set fails, naming each', async () => {
    const a = await w.ed25519Key(8, w.ISSUER);
    const b = await w.ed25519Key(9, w.ISSUER);
    const report = await verifyCredential(
      await w.signDi(await w.signDi(w.badge(), a), b),
      w.makeDeps([issuerDoc]),
    );
    assertFails(report, 'proof', 'key-not-authorized');
    assert.match(report.checks.find((c) => c.id === 'proof')?.detail ?? '', /proof 1: .*proof 2: /);
  });

  it('verifies a previousProof chain', async () => {
    const first = await w.signDi(w.badge(), key, { id: 'urn:uuid:proof-1' });
    const chained = await w.chainDi(first, key, 'urn:uuid:proof-2', 'urn:uuid:proof-1');
    const report = await verifyCredential(chained, w.makeDeps([issuerDoc]));
    assert.equal(report.verified, true, JSON.stringify(report.checks));
  });

  it('fails a chain whose earlier proof was tampered with', async () => {
    const first = await w.signDi(w.badge(), key, { id: 'urn:uuid:proof-1' });
    const chained = await w.chainDi(first, key, 'urn:uuid:proof-2', 'urn:uuid:proof-1');
    const [p1, p2] = chained.proof as w.Doc[];
    const tampered = { ...chained, proof: [{ ...p1, created: '2025-01-20T00:00:00Z' }, p2] };
    assertFails(await verifyCredential(tampered, w.makeDeps([issuerDoc])), 'proof', 'signature-invalid');
  });

  describe('a chain whose earlier proof is by another party (each proof checked against its own controller)', () => {
    let other: Ed25519MultikeyKeyPair;
    before(async () => {
      other = await w.ed25519Key(12, 'x');
      other.controller = `did:key:${other.publicKeyMultibase}`;
      other.id = `${other.controller}#${other.publicKeyMultibase}`;
    });
    /** another party signs first; the issuer's proof chains to it */
    const chainedAfterOther = async () => {
      const first = await w.signDi(w.badge(), other, { id: 'urn:uuid:other-proof' });
      return w.chainDi(first, key, 'urn:uuid:issuer-proof', 'urn:uuid:other-proof');
    };

    it("verifies: the other party's proof by its did:key, the issuer's by the issuer", async () => {
      const report = await verifyCredential(await chainedAfterOther(), w.makeDeps([issuerDoc]));
      assert.equal(report.verified, true, JSON.stringify(report.checks));
    });

    it("fails when the other party's earlier proof was tampered with", async () => {
      const chained = await chainedAfterOther();
      const [p1, p2] = chained.proof as w.Doc[];
      const tampered = { ...chained, proof: [{ ...p1, created: '2025-01-20T00:00:00Z' }, p2] };
      assertFails(await verifyCredential(tampered, w.makeDeps([issuerDoc])), 'proof', 'signature-invalid');
    });

    it("fails with controller-mismatch when only the other party's proof stands", async () => {
      const chained = await chainedAfterOther();
      const [p1] = chained.proof as w.Doc[];
      const report = await verifyCredential({ ...chained, proof: [p1] }, w.makeDeps([issuerDoc]));
      assertFails(report, 'proof', 'controller-mismatch');
    });

    it('fails with controller-mismatch when the other party chains to its own proof and the issuer never signed', async () => {
      const first = await w.signDi(w.badge(), other, { id: 'urn:uuid:a' });
      const both = await w.chainDi(first, other, 'urn:uuid:b', 'urn:uuid:a');
      assertFails(await verifyCredential(both, w.makeDeps([issuerDoc])), 'proof', 'controller-mismatch');
    });
  });

  it('fails with previous-proof-missing when the chained-to proof is gone', async () => {
    const first = await w.signDi(w.badge(), key, { id: 'urn:uuid:proof-1' });
    const chained = await w.chainDi(first, key, 'urn:uuid:proof-2', 'urn:uuid:proof-1');
    const orphan = { ...chained, proof: [(chained.proof as w.Doc[])[1]] };
    assertFails(await verifyCredential(orphan, w.makeDeps([issuerDoc])), 'proof', 'previous-proof-missing');
  });
});

describe('core/verify/verifyCredential — VC 1.1 Ed25519Signature2020', () => {
  it('verifies a VC 1.1 badge signed with Ed25519Signature2020 and fails it once changed', async () => {
    const key = await w.ed25519Key2020(5, w.ISSUER);
    const method = {
      id: key.id,
      type: 'Ed25519VerificationKey2020',
      controller: w.ISSUER,
      publicKeyMultibase: key.publicKeyMultibase,
    };
    const profile = w.controllerDocument(w.ISSUER, [method]);
    const { validFrom: _validFrom, ...rest } = w.badge();
    const credential = {
      ...rest,
      '@context': [
        CONTEXTS.VC_V1,
        'https://purl.imsglobal.org/spec/ob/v3p0/context.json',
        CONTEXTS.ED25519_2020,
      ],
      issuanceDate: '2024-03-01T00:00:00Z',
    };
    const signed = await w.sign2020(credential, key);
    const deps = w.makeDeps([profile], { schemas: w.obSchemas() });
    const report = await verifyCredential(signed, deps);
    assert.equal(report.verified, true, JSON.stringify(report.checks));
    assert.equal(report.summary.validFrom, '2024-03-01T00:00:00Z');
    assert.ok(report.warnings.some((m) => /VC 1\.1/.test(m)));
    assertFails(await verifyCredential({ ...signed, name: 'Changed' }, deps), 'proof', 'signature-invalid');
    const expired = await w.sign2020({ ...credential, expirationDate: '2025-01-01T00:00:00Z' }, key);
    assertFails(await verifyCredential(expired, deps), 'validity', 'expired');
  });
});

describe('core/verify/verifyCredential — parse', () => {
  const deps = w.makeDeps([]);

  it('fails parse with not-an-object for a string that is not a JWT (broken JSON included) and calls nothing', async () => {
    const report = await verifyCredential('{"@context": ["https://www.w3.org/ns/credentials/v2"', deps);
    assertFails(report, 'parse', 'not-an-object');
    assert.equal(report.checks.length, 1);
    assert.deepEqual(deps.resolveController.calls, []);
    assertFails(await verifyCredential('   ', deps), 'parse', 'malformed-json');
  });

  it('fails parse with not-an-object for anything but an object or a JWT', async () => {
    for (const input of ['[1,2,3]', '{}', '"x"', 42, [], null, true])
      assertFails(await verifyCredential(input, deps), 'parse', 'not-an-object');
  });
});
