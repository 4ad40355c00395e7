import assert from 'node:assert/strict';
import { generateEd25519Key } from '../../src/core/keys/index.js';
import { buildIssuerDidDocument } from '../../src/core/profile/issuer-did-document.js';
import { signDataIntegrity } from '../../src/core/ob3/sign.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import {
  assertFails,
  assertReport,
  contextLoader,
  fakeRemote,
  setUpIssuing,
  unsecured,
  verifyCredential,
  type Doc,
  type Issuing,
} from '../helpers/verify.js';

/** The credential with `from` replaced by `to` everywhere (issuer, creator), proof removed. */
const reissuedAs = (credential: Doc, from: string, to: string): Doc =>
  JSON.parse(JSON.stringify(unsecured(credential)).split(from).join(to)) as Doc;

describe('POST /credentials/verify — did:web issuers: ours from the store, others over the network', () => {
  const remote = fakeRemote();
  let t: TestApp;
  let s: Issuing;
  let credential: Doc;

  before(async () => {
    t = await startTestApp('verify_did_web', {
      env: { REMOTE_FETCH: 'true', REMOTE_FETCH_ALLOW_PRIVATE: 'false' },
      remoteFetch: remote.remoteFetch,
      dnsLookup: remote.dnsLookup,
    });
    s = await setUpIssuing(t);
    credential = (await s.issue()).credential;
  });
  beforeEach(() => remote.reset());
  after(() => t.close());

  it("resolves our issuer's did:web from the store, without network", async () => {
    const report = assertReport(await verifyCredential(t, credential), true);
    assert.equal(report.summary.issuerId, s.issuer.did);
    assert.deepEqual([remote.fetches, remote.lookups], [[], []]);
  });

  it('an unknown issuer under our own host is not resolved from the store; the remote resolver refuses the loopback', async () => {
    const did = s.issuer.did.replace(/issuers:.*$/, 'issuers:no-such-issuer');
    const key = await generateEd25519Key();
    const forged = await signDataIntegrity(reissuedAs(credential, s.issuer.did, did), {
      key: { controller: did, ...key },
      created: new Date(),
      documentLoader: contextLoader,
    });
    assertFails(await verifyCredential(t, forged), 'issuer', 'issuer-key-unresolvable');
    assert.deepEqual(remote.fetches, [], '127.0.0.1 is never fetched');
  });

  it("another host's did:web (e.g. another Tilts) is resolved over https through the remote resolver", async () => {
    const other = 'https://tilts.other.example';
    const did = 'did:web:tilts.other.example:issuers:vet-2';
    const key = await generateEd25519Key();
    const document = buildIssuerDidDocument(
      'vet-2',
      [{ type: 'Ed25519', status: 'current', publicKeyMultibase: key.publicKeyMultibase, createdAt: '' }],
      other,
    );
    assert.equal(document.id, did);
    remote.documents.set(`${other}/issuers/vet-2/did.json`, document);
    const theirs = reissuedAs(credential, s.issuer.did, did);
    delete theirs.credentialStatus;
    const signed = await signDataIntegrity(theirs, {
      key: { controller: did, ...key },
      created: new Date(),
      documentLoader: contextLoader,
    });
    const report = assertReport(await verifyCredential(t, signed), true);
    assert.equal(report.summary.issuerId, did);
    assert.deepEqual(remote.fetches, [`${other}/issuers/vet-2/did.json`]);
    const stranger = await generateEd25519Key();
    const forged = await signDataIntegrity(theirs, {
      key: { controller: did, ...stranger },
      created: new Date(),
      documentLoader: contextLoader,
    });
    assertFails(await verifyCredential(t, forged), 'proof', 'key-not-authorized');
  });
});
