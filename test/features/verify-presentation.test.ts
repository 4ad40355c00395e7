import assert from 'node:assert/strict';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import type { Ed25519MultikeyKeyPair } from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { assertStoreUnchanged } from '../helpers/problem.js';
import {
  assertFails,
  assertReport,
  contextLoader,
  fakeRemote,
  signedStatusList,
  setUpIssuing,
  type Doc,
  type Issuing,
  type Report,
} from '../helpers/verify.js';

const CHALLENGE = '9f1c2e7a-31b4-4d5e-9a0b-6c2d8e4f1a3b';
const DOMAIN = 'darbs.example.lv';

/** A fresh Ed25519 did:key holder. */
async function didKeyHolder(): Promise<Ed25519MultikeyKeyPair> {
  const key = await Ed25519Multikey.generate();
  key.controller = `did:key:${key.publicKeyMultibase}`;
  key.id = `${key.controller}#${key.publicKeyMultibase}`;
  return key;
}

/** A VC 2.0 presentation by `holder`, signed (DataIntegrityProof eddsa-rdfc-2022, authentication) by `signer`. */
async function present(
  credentials: Doc[],
  holder: Ed25519MultikeyKeyPair,
  options: { challenge: string; domain: string } = { challenge: CHALLENGE, domain: DOMAIN },
  signer = holder,
): Promise<Doc> {
  const presentation = vc.createPresentation({
    verifiableCredential: credentials,
    holder: holder.controller,
  });
  const suite = new DataIntegrityProof({ signer: signer.signer(), cryptosuite: eddsaRdfc2022 });
  return vc.signPresentation({ presentation, suite, ...options, documentLoader: contextLoader });
}

describe('POST /presentations/verify', () => {
  const remote = fakeRemote();
  let t: TestApp;
  let holder: Ed25519MultikeyKeyPair;
  let s: Issuing;
  let credential: Doc;

  const verify = (verifiablePresentation: Doc, options: object = { challenge: CHALLENGE, domain: DOMAIN }) =>
    assertStoreUnchanged(t, () =>
      t.http.post('/presentations/verify').send({ verifiablePresentation, options }),
    );
  const check = (report: { checks: Array<{ id: string }> }, id: string) =>
    report.checks.find((c) => c.id === id) as { valid: boolean; code?: string } | undefined;

  before(async () => {
    t = await startTestApp('verify_presentation', {
      env: { REMOTE_FETCH: 'true', REMOTE_FETCH_ALLOW_PRIVATE: 'false' },
      remoteFetch: remote.remoteFetch,
      dnsLookup: remote.dnsLookup,
    });
    holder = await didKeyHolder();
    s = await setUpIssuing(t, { did: holder.controller, email: 'holder@example.lv' });
    credential = (await s.issue()).credential;
    assert.equal((credential.credentialSubject as Doc).id, holder.controller);
    await signedStatusList(t, credential);
  });
  beforeEach(() => remote.reset());
  afterEach(function () {
    if (this.currentTest?.state !== 'passed') return;
    assert.deepEqual(
      [remote.fetches, remote.lookups],
      [[], []],
      'did:key holder and our credential: no network',
    );
  });
  after(() => t.close());

  it('verifies a did:key holder presentation of our credential with the right challenge and domain (200)', async () => {
    const vp = await present([credential], holder);
    const proof = vp.proof as Doc;
    assert.deepEqual(
      [proof.type, proof.cryptosuite, proof.proofPurpose, proof.challenge, proof.domain],
      ['DataIntegrityProof', 'eddsa-rdfc-2022', 'authentication', CHALLENGE, DOMAIN],
    );
    const report = assertReport(await verify(vp), true);
    assert.equal(report.presentationResult?.verified, true);
    assert.equal(check(report, 'proof')?.valid, true);
    assert.equal(check(report, 'credentials')?.valid, true);
    assert.equal(report.credentialResults?.length, 1);
    const inner = report.credentialResults?.[0] as Report;
    assert.equal(inner.verified, true);
    assert.equal(inner.summary.issuerId, s.issuer.did);
    assert.equal(inner.summary.status, 'active');
  });

  it('a wrong challenge → 400 with the presentation proof failing (challenge-mismatch)', async () => {
    const vp = await present([credential], holder, { challenge: 'another-challenge', domain: DOMAIN });
    const report = assertFails(await verify(vp), 'proof', 'challenge-mismatch');
    assert.equal(check(report, 'credentials')?.valid, true, 'the credential itself is fine');
    assert.equal(report.presentationResult?.verified, false);
  });

  it('a wrong domain → 400 with the presentation proof failing (domain-mismatch)', async () => {
    const vp = await present([credential], holder, { challenge: CHALLENGE, domain: 'evil.example' });
    assertFails(await verify(vp), 'proof', 'domain-mismatch');
  });

  it('the right presentation checked against another expected challenge → 400 (challenge-mismatch)', async () => {
    const vp = await present([credential], holder);
    assertFails(
      await verify(vp, { challenge: 'fresh-challenge', domain: DOMAIN }),
      'proof',
      'challenge-mismatch',
    );
  });

  it('a tampered credential inside a validly signed presentation → 400: credentials fails, the inner report names proof', async () => {
    const tampered = structuredClone(credential);
    ((tampered.credentialSubject as Doc).achievement as Doc).name = 'Forged achievement';
    const report = assertFails(
      await verify(await present([tampered], holder)),
      'credentials',
      'credential-invalid',
    );
    assert.equal(check(report, 'proof')?.valid, true, "the holder's own proof holds");
    assert.equal(report.presentationResult?.verified, true);
    const inner = report.credentialResults?.[0] as Report;
    assert.equal(inner.verified, false);
    assert.equal(check(inner, 'proof')?.code, 'signature-invalid');
  });

  it('a credential changed after the holder signed → 400 with the presentation proof failing', async () => {
    const vp = structuredClone(await present([credential], holder));
    const inner = (vp.verifiableCredential as Doc[])[0] as Doc;
    inner.name = 'Changed in transit';
    assertFails(await verify(vp), 'proof', 'signature-invalid');
  });

  it("a presentation whose holder is one did:key but signed by another's key → 400 (proof fails)", async () => {
    const other = await didKeyHolder();
    const report = assertFails(
      await verify(await present([credential], holder, undefined, other)),
      'proof',
      'controller-mismatch',
    );
    assert.equal(check(report, 'credentials')?.valid, true);
  });

  it('a presentation without a proof → 400 (proof-missing)', async () => {
    const unsigned = vc.createPresentation({ verifiableCredential: [credential], holder: holder.controller });
    assertFails(await verify(unsigned), 'proof', 'proof-missing');
  });

  it("a suspended credential inside (known only from the issuer's records) → 400: credentials fails, inner status suspended", async () => {
    const { id, credential: own } = await s.issue();
    assert.equal((await s.act(id, 'suspend')).status, 200);
    const report = assertFails(
      await verify(await present([own], holder)),
      'credentials',
      'credential-invalid',
    );
    const inner = report.credentialResults?.[0] as Report;
    assert.equal(check(inner, 'status')?.code, 'suspended');
    assert.equal(inner.summary.status, 'suspended');
    assert.equal((await s.act(id, 'reinstate')).status, 200);
    assertReport(await verify(await present([own], holder)), true);
  });
});
