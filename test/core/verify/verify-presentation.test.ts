import assert from 'node:assert/strict';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import type { Ed25519MultikeyKeyPair } from '@digitalbazaar/ed25519-multikey';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { Ed25519VerificationKey2020 } from '@digitalbazaar/ed25519-verification-key-2020';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { CONTEXTS } from '../../../src/core/jsonld/contexts.js';
import { verifyPresentation } from '../../../src/core/verify/verify-presentation.js';
import * as w from '../../fixtures/verify/world.js';

const CHALLENGE = 'c0ae1c8e-c7e7-469f-b252-86e6a0e7387e';
const DOMAIN = 'verifier.tilts.example';

async function didKeyPair(seed: number): Promise<Ed25519MultikeyKeyPair> {
  const key = await w.ed25519Key(seed, 'x');
  key.controller = `did:key:${key.publicKeyMultibase}`;
  key.id = `${key.controller}#${key.publicKeyMultibase}`;
  return key;
}

describe('core/verify/verifyPresentation', () => {
  let holder: Ed25519MultikeyKeyPair;
  let credential: w.Doc;

  before(async () => {
    const issuer = await didKeyPair(11);
    holder = await didKeyPair(12);
    const subject = { ...(w.badge().credentialSubject as w.Doc), id: holder.controller };
    credential = await w.signDi(
      w.badge({
        issuer: { id: issuer.controller, type: ['Profile'], name: 'Issuer' },
        credentialSubject: subject,
      }),
      issuer,
    );
  });

  async function present(inner: w.Doc[], options = { challenge: CHALLENGE, domain: DOMAIN }) {
    const presentation = vc.createPresentation({
      verifiableCredential: inner,
      holder: holder.controller,
      now: w.NOW,
    });
    const suite = new DataIntegrityProof({
      signer: holder.signer(),
      cryptosuite: eddsaRdfc2022,
      date: '2025-06-01T11:59:00Z',
    });
    return vc.signPresentation({ presentation, suite, ...options, documentLoader: w.documentLoader });
  }

  it('verifies a did:key holder presentation with the right challenge and domain, without the resolver', async () => {
    const deps = w.makeDeps([]);
    const report = await verifyPresentation(
      await present([credential]),
      { challenge: CHALLENGE, domain: DOMAIN },
      deps,
    );
    assert.equal(report.verified, true, JSON.stringify(report.checks));
    assert.equal(report.presentationResult.verified, true);
    assert.equal(report.credentialResults.length, 1);
    assert.equal(report.credentialResults[0]?.verified, true);
    assert.deepEqual(deps.resolveController.calls, []);
  });

  it('fails proof with challenge-mismatch for a wrong challenge', async () => {
    const report = await verifyPresentation(
      await present([credential]),
      { challenge: 'another', domain: DOMAIN },
      w.makeDeps([]),
    );
    assert.equal(report.verified, false);
    assert.equal(report.checks.find((c) => c.id === 'proof')?.code, 'challenge-mismatch');
  });

  it('fails proof with domain-mismatch for a wrong domain', async () => {
    const report = await verifyPresentation(
      await present([credential]),
      { challenge: CHALLENGE, domain: 'evil.example' },
      w.makeDeps([]),
    );
    assert.equal(report.verified, false);
    assert.equal(report.checks.find((c) => c.id === 'proof')?.code, 'domain-mismatch');
  });

  it('fails credentials when an inner credential was tampered with, even though the holder signed it', async () => {
    const tampered = { ...credential, name: 'Master welder' };
    const report = await verifyPresentation(
      await present([tampered]),
      { challenge: CHALLENGE, domain: DOMAIN },
      w.makeDeps([]),
    );
    assert.equal(report.verified, false);
    assert.equal(report.presentationResult.verified, true);
    assert.equal(report.checks.find((c) => c.id === 'credentials')?.code, 'credential-invalid');
    assert.equal(
      report.credentialResults[0]?.checks.find((c) => c.id === 'proof')?.code,
      'signature-invalid',
    );
  });

  it('fails proof with signature-invalid when the presentation was changed after signing', async () => {
    const signed = await present([credential]);
    const report = await verifyPresentation(
      { ...signed, holder: signed.holder, id: 'urn:uuid:changed' },
      { challenge: CHALLENGE, domain: DOMAIN },
      w.makeDeps([]),
    );
    assert.equal(report.checks.find((c) => c.id === 'proof')?.code, 'signature-invalid');
  });

  it("fails proof with controller-mismatch when the key is not the holder's", async () => {
    const stranger = await didKeyPair(13);
    const presentation = vc.createPresentation({
      verifiableCredential: [credential],
      holder: holder.controller,
      now: w.NOW,
    });
    const suite = new DataIntegrityProof({ signer: stranger.signer(), cryptosuite: eddsaRdfc2022 });
    const signed = await vc.signPresentation({
      presentation,
      suite,
      challenge: CHALLENGE,
      domain: DOMAIN,
      documentLoader: w.documentLoader,
    });
    const report = await verifyPresentation(signed, { challenge: CHALLENGE, domain: DOMAIN }, w.makeDeps([]));
    assert.equal(report.checks.find((c) => c.id === 'proof')?.code, 'controller-mismatch');
  });

  it('verifies an Ed25519Signature2020 presentation by a did:key holder', async () => {
    const key2020 = await Ed25519VerificationKey2020.generate({ seed: new Uint8Array(32).fill(12) });
    key2020.controller = holder.controller;
    key2020.id = holder.id;
    const presentation = vc.createPresentation({
      verifiableCredential: [credential],
      holder: holder.controller,
      now: w.NOW,
    });
    presentation['@context'] = [CONTEXTS.VC_V2, CONTEXTS.ED25519_2020];
    const suite = new Ed25519Signature2020({ key: key2020 });
    const signed = await vc.signPresentation({
      presentation,
      suite,
      challenge: CHALLENGE,
      domain: DOMAIN,
      documentLoader: w.documentLoader,
    });
    const report = await verifyPresentation(signed, { challenge: CHALLENGE, domain: DOMAIN }, w.makeDeps([]));
    assert.equal(report.verified, true, JSON.stringify(report.checks));
  });

  it('fails parse with not-an-object for a presentation sent as a string, JSON or not (VC Data Integrity: a map)', async () => {
    for (const input of ['{"type": ', JSON.stringify({ type: ['VerifiablePresentation'] }), 7]) {
      const report = await verifyPresentation(input, {}, w.makeDeps([]));
      assert.equal(report.verified, false);
      assert.equal(report.checks[0]?.code, 'not-an-object');
      assert.equal(report.checks.length, 1);
    }
  });
});
