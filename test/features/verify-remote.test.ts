import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { Ed25519VerificationKey2020 } from '@digitalbazaar/ed25519-verification-key-2020';
import * as vc from '@digitalbazaar/vc';
import { CONTEXTS } from '../../src/core/jsonld/contexts.js';
import {
  buildStatusEntry,
  buildStatusListCredential,
  createStatusList,
  encodeList,
  setBit,
} from '../../src/core/status/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import {
  assertFails,
  assertReport,
  contextLoader,
  fakeRemote,
  PUBLIC_IP,
  verifyCredential,
  type Doc,
} from '../helpers/verify.js';
import * as w from '../fixtures/verify/world.js';

const EXAMPLES = '../shared/specs/openbadges/examples';
const readExample = (file: string): Doc => JSON.parse(readFileSync(`${EXAMPLES}/${file}`, 'utf8')) as Doc;
const signedExample = () => readExample('linked-data-proof-ob-signed-credential.json');
const testKey = readExample('linked-data-proof-ob-test-vector.json').keyPair as Doc;
const EXAMPLE_ISSUER = 'https://example.edu/issuers/565049';

/** The test-vector key as a Multikey verification method of its controller. */
const testVectorMethod = (): Doc => ({
  id: testKey.id,
  type: 'Multikey',
  controller: testKey.controller,
  publicKeyMultibase: testKey.publicKeyMultibase,
});

describe('POST /credentials/verify — other issuers, resolved remotely', () => {
  const remote = fakeRemote();
  /** each test starts its own app: the remote resolver caches what it fetched */
  const apps: TestApp[] = [];
  const start = async (env: Record<string, string> = {}) => {
    const app = await startTestApp('verify_remote', {
      env: { REMOTE_FETCH: 'true', REMOTE_FETCH_ALLOW_PRIVATE: 'false', ...env },
      remoteFetch: remote.remoteFetch,
      dnsLookup: remote.dnsLookup,
    });
    apps.push(app);
    return app;
  };
  beforeEach(() => remote.reset());
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  describe('the OB 3.0 signed example (linked-data-proof-ob-signed-credential.json)', () => {
    it("verifies once the issuer's profile, listing the test-vector key, is served; fetched once over a pinned public address", async () => {
      const app = await start();
      remote.documents.set(EXAMPLE_ISSUER, w.controllerDocument(EXAMPLE_ISSUER, [testVectorMethod()]));
      const report = assertReport(await verifyCredential(app, signedExample()), true);
      assert.equal(report.summary.issuerName, 'Example Corp');
      assert.equal(report.summary.achievementName, 'Teamwork');
      assert.deepEqual(remote.lookups, ['example.edu']);
      assert.deepEqual(remote.fetches, [EXAMPLE_ISSUER]);
      assert.deepEqual(remote.pinned, [PUBLIC_IP]);
    });

    for (const [what, answer] of [
      ['answers 404', 404],
      ['answers 500', 500],
      ['cannot be reached', new Error('connect ECONNREFUSED')],
    ] as const) {
      it(`is not verified when the issuer's profile ${what} (issuer-key-unresolvable)`, async () => {
        const app = await start();
        remote.documents.set(EXAMPLE_ISSUER, answer);
        const report = assertFails(
          await verifyCredential(app, signedExample()),
          'issuer',
          'issuer-key-unresolvable',
        );
        assert.equal(report.checks.find((c) => c.id === 'proof')?.valid, false);
        assert.deepEqual(remote.fetches, [EXAMPLE_ISSUER]);
      });
    }

    it('is not verified with REMOTE_FETCH=false, and nothing is fetched or looked up', async () => {
      const app = await start({ REMOTE_FETCH: 'false' });
      remote.documents.set(EXAMPLE_ISSUER, w.controllerDocument(EXAMPLE_ISSUER, [testVectorMethod()]));
      assertFails(await verifyCredential(app, signedExample()), 'issuer', 'issuer-key-unresolvable');
      assert.deepEqual([remote.fetches, remote.lookups], [[], []]);
    });

    it('is not verified when the profile does not list the key: only another key, or the key but not under assertionMethod', async () => {
      const app = await start();
      const other = await w.ed25519Key(7, EXAMPLE_ISSUER);
      remote.documents.set(EXAMPLE_ISSUER, w.controllerDocument(EXAMPLE_ISSUER, [w.multikeyMethod(other)]));
      assertFails(await verifyCredential(app, signedExample()), 'proof', 'key-not-authorized');
      const app2 = await start();
      remote.documents.set(
        EXAMPLE_ISSUER,
        w.controllerDocument(EXAMPLE_ISSUER, [testVectorMethod(), w.multikeyMethod(other)], [other.id]),
      );
      assertFails(await verifyCredential(app2, signedExample()), 'proof', 'key-not-authorized');
    });

    it('is not verified when the document served at the profile URL names another id', async () => {
      const app = await start();
      remote.documents.set(
        EXAMPLE_ISSUER,
        w.controllerDocument('https://example.edu/issuers/1', [testVectorMethod()]),
      );
      assertFails(await verifyCredential(app, signedExample()), 'issuer', 'issuer-key-unresolvable');
    });
  });

  describe('did:key issuers: resolved locally', () => {
    it('a VC 1.1 credential with an Ed25519Signature2020 proof by a did:key issuer verifies, with no network', async () => {
      const app = await start();
      const key = await Ed25519VerificationKey2020.generate();
      const did = `did:key:${key.publicKeyMultibase}`;
      key.controller = did;
      key.id = `${did}#${key.publicKeyMultibase}`;
      const credential = {
        '@context': [CONTEXTS.VC_V1, CONTEXTS.ED25519_2020],
        id: 'urn:uuid:0b9f6c2e-8f3a-4f7e-9a51-3d2c1b0a9e87',
        type: ['VerifiableCredential'],
        issuer: did,
        issuanceDate: '2024-03-01T00:00:00Z',
        credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21' },
      };
      const signed = await vc.issue({
        credential,
        suite: new Ed25519Signature2020({ key }),
        documentLoader: contextLoader,
      });
      assert.equal((signed.proof as Doc).type, 'Ed25519Signature2020');
      const report = assertReport(await verifyCredential(app, signed), true);
      assert.equal(report.summary.format, 'vc-di');
      assert.deepEqual([remote.fetches, remote.lookups], [[], []]);
      const tampered = { ...signed, issuanceDate: '2024-03-02T00:00:00Z' };
      assertFails(await verifyCredential(app, tampered), 'proof', 'signature-invalid');
    });

    it('an OB 3.0 credential signed by a did:key issuer (eddsa-rdfc-2022) verifies, with no network', async () => {
      const app = await start();
      const key = await w.ed25519Key(21, 'x');
      key.controller = `did:key:${key.publicKeyMultibase}`;
      key.id = `${key.controller}#${key.publicKeyMultibase}`;
      const signed = await w.signDi(
        w.badge({ issuer: { id: key.controller, type: ['Profile'], name: 'Holder U' } }),
        key,
      );
      assertReport(await verifyCredential(app, signed), true);
      assert.deepEqual([remote.fetches, remote.lookups], [[], []]);
    });
  });

  describe('never to a loopback or private address (REMOTE_FETCH_ALLOW_PRIVATE=false)', () => {
    /** a credential of `issuer`, whose profile (listing the key) the fake would serve if asked */
    const signedBy = async (issuer: string) => {
      const key = await w.ed25519Key(9, issuer);
      remote.documents.set(issuer, w.controllerDocument(issuer, [w.multikeyMethod(key)]));
      return w.signDi(w.badge({ issuer: { id: issuer, type: ['Profile'], name: 'Inside' } }), key);
    };

    for (const issuer of [
      'https://127.0.0.1:9/issuers/1',
      'https://10.0.0.1/issuers/1',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/issuers/1',
      'http://badges.example/issuers/1',
    ]) {
      it(`refuses the issuer ${issuer}: not verified, the fetch never called`, async () => {
        const app = await start();
        assertFails(await verifyCredential(app, await signedBy(issuer)), 'issuer', 'issuer-key-unresolvable');
        assert.deepEqual(remote.fetches, []);
      });
    }

    it('refuses a host whose DNS answer is 127.0.0.1: looked up, never fetched', async () => {
      const app = await start();
      const issuer = 'https://rebind.example/issuers/1';
      remote.addresses.set('rebind.example', '127.0.0.1');
      assertFails(await verifyCredential(app, await signedBy(issuer)), 'issuer', 'issuer-key-unresolvable');
      assert.deepEqual(remote.lookups, ['rebind.example']);
      assert.deepEqual(remote.fetches, []);
    });

    it('refuses a redirect to a private address: only the public hop is fetched', async () => {
      const app = await start();
      const issuer = 'https://hop.example/issuers/1';
      const key = await w.ed25519Key(9, issuer);
      remote.redirects.set(issuer, 'https://192.168.1.10/issuers/1');
      remote.documents.set(
        'https://192.168.1.10/issuers/1',
        w.controllerDocument(issuer, [w.multikeyMethod(key)]),
      );
      const signed = await w.signDi(
        w.badge({ issuer: { id: issuer, type: ['Profile'], name: 'Inside' } }),
        key,
      );
      assertFails(await verifyCredential(app, signed), 'issuer', 'issuer-key-unresolvable');
      assert.deepEqual(remote.fetches, [issuer]);
    });

    it('control: with REMOTE_FETCH_ALLOW_PRIVATE=true (tests only) the same loopback issuer is fetched and verifies', async () => {
      const app = await start({ REMOTE_FETCH_ALLOW_PRIVATE: 'true' });
      const issuer = 'https://127.0.0.1:9/issuers/1';
      assertReport(await verifyCredential(app, await signedBy(issuer)), true);
      assert.deepEqual(remote.fetches, [issuer]);
    });
  });

  describe("another issuer's status list, fetched", () => {
    const ISSUER = 'https://badges.example/issuers/1';
    const listAt = (name: string) => `https://badges.example/status/${name}`;
    const credentialOn = async (list: string, index: number) =>
      w.signDi(
        w.badge({
          issuer: { id: ISSUER, type: ['Profile'], name: 'Badges' },
          credentialStatus: buildStatusEntry({ listUrl: list, index, purpose: 'revocation' }),
        }),
        await w.ed25519Key(31, ISSUER),
      );
    const signedList = async (url: string, revoked: number[]) => {
      const bits = createStatusList();
      for (const i of revoked) setBit(bits, i);
      const list = buildStatusListCredential({
        id: url,
        issuer: ISSUER,
        statusPurpose: 'revocation',
        encodedList: encodeList(bits),
        validFrom: '2025-01-01T00:00:00Z',
      });
      return w.signDi(list as unknown as Doc, await w.ed25519Key(31, ISSUER));
    };

    it('a list that cannot be fetched is never "not revoked"; a clear bit verifies; a set bit is revoked', async () => {
      const app = await start();
      const key = await w.ed25519Key(31, ISSUER);
      remote.documents.set(ISSUER, w.controllerDocument(ISSUER, [w.multikeyMethod(key)]));
      assertFails(
        await verifyCredential(app, await credentialOn(listAt('gone'), 5)),
        'status',
        'status-unavailable',
      );
      remote.documents.set(listAt('live'), await signedList(listAt('live'), [6]));
      assertReport(await verifyCredential(app, await credentialOn(listAt('live'), 5)), true);
      const revoked = assertFails(
        await verifyCredential(app, await credentialOn(listAt('live'), 6)),
        'status',
        'revoked',
      );
      assert.equal(revoked.summary.status, 'revoked');
      assert.ok(remote.fetches.includes(listAt('live')));
    });
  });
});
