import assert from 'node:assert/strict';
import { PUBLISHED_DIGESTS, checkRelatedResources } from '../../../src/core/verify/related-resources.js';
import { verifyCredential } from '../../../src/core/verify/verify-credential.js';
import * as w from '../../fixtures/verify/world.js';

const V2 = 'https://www.w3.org/ns/credentials/v2';
const published = PUBLISHED_DIGESTS[V2] ?? { sha256: '', sha384: '' };
const SRI = `sha384-${Buffer.from(published.sha384, 'hex').toString('base64')}`;
const MULTIBASE = `u${Buffer.from(published.sha256, 'hex').toString('base64url')}`;

describe('core/verify relatedResource digests (VC 2.0 §5.3)', () => {
  it('pins the digests VC 2.0 §B.1 publishes for the base context', () => {
    assert.equal(published.sha256, '24a18c90e9856d526111f29376e302d970b2bd10182e33959995b0207d7043b9');
    assert.equal(SRI, 'sha384-NSOcNpmdIVUxIJGvGUoe22FjTWrXiaXlsZ8q6912LdnR3KraQO2n75Ica4wK4Qeg');
  });

  it('finds nothing wrong with published digests, and reports other resources as unchecked', () => {
    assert.deepEqual(checkRelatedResources([{ id: V2, digestSRI: SRI, digestMultibase: MULTIBASE }]), []);
    const other = checkRelatedResources({ id: 'https://tilts.example/logo.png', digestSRI: SRI });
    assert.deepEqual(
      other.map((f) => [f.kind, f.pointer]),
      [['unchecked', '/relatedResource/digestSRI']],
    );
    const sha512 = checkRelatedResources([{ id: V2, digestSRI: `sha512-${'A'.repeat(86)}==` }]);
    assert.deepEqual(
      sha512.map((f) => f.kind),
      ['unchecked'],
    );
  });

  describe('in a verification', () => {
    let key: Awaited<ReturnType<typeof w.ed25519Key>>;
    let deps: ReturnType<typeof w.makeDeps>;
    before(async () => {
      key = await w.ed25519Key(1, w.ISSUER);
      deps = w.makeDeps([w.controllerDocument(w.ISSUER, [w.multikeyMethod(key)])]);
    });
    const signedWith = (relatedResource: unknown) => w.signDi(w.badge({ relatedResource }), key);

    it('passes related-resources when the digests are the published ones, right after json-ld', async () => {
      const report = await verifyCredential(await signedWith([{ id: V2, digestSRI: SRI }]), deps);
      assert.equal(report.verified, true, JSON.stringify(report.checks));
      const ids = report.checks.map((c) => c.id);
      assert.equal(ids.indexOf('related-resources'), ids.indexOf('json-ld') + 1);
    });

    it('fails related-resources with related-resource-digest-mismatch when a digest is not the published one', async () => {
      const wrong = `sha384-${'_rCVIV7fSXXTNIvpiq26jRDyj8JG8TDjij-tD0ewLk4JpnXEz6a5AeeY_1qQ0d0P'}`;
      const report = await verifyCredential(await signedWith([{ id: V2, digestSRI: wrong }]), deps);
      assert.equal(report.verified, false);
      const check = report.checks.find((c) => c.id === 'related-resources');
      assert.equal(check?.code, 'related-resource-digest-mismatch', JSON.stringify(report.checks));
    });

    it('fails related-resources with related-resource-invalid for duplicate ids', async () => {
      const twice = [
        { id: V2, digestSRI: SRI },
        { id: V2, digestMultibase: MULTIBASE },
      ];
      const report = await verifyCredential(await signedWith(twice), deps);
      assert.equal(report.checks.find((c) => c.id === 'related-resources')?.code, 'related-resource-invalid');
      assert.equal(report.verified, false);
    });

    it('verifies with a warning when a digest cannot be checked here', async () => {
      const report = await verifyCredential(
        await signedWith([{ id: 'https://tilts.example/logo.png', digestMultibase: MULTIBASE }]),
        deps,
      );
      assert.equal(report.verified, true, JSON.stringify(report.checks));
      assert.ok(
        report.warnings.some((m) => /logo\.png is unchecked/.test(m)),
        report.warnings.join('\n'),
      );
    });

    it('reports no related-resources check for a credential without relatedResource', async () => {
      const report = await verifyCredential(await w.signDi(w.badge(), key), deps);
      assert.equal(
        report.checks.some((c) => c.id === 'related-resources'),
        false,
      );
    });
  });
});
