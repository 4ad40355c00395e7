import assert from 'node:assert/strict';
import { CONTEXTS } from '../../../src/core/jsonld/contexts.js';
import { OB_SCHEMA_IDS } from '../../../src/core/verify/checks/schema.js';
import { verifyCredential } from '../../../src/core/verify/verify-credential.js';
import * as w from '../../fixtures/verify/world.js';

describe('core/verify/verifyCredential — endorsements and schemas', () => {
  let issuerDoc: w.Doc;
  let endorserDoc: w.Doc;
  let endorsement: w.Doc;
  let issuerKey: Awaited<ReturnType<typeof w.ed25519Key>>;

  before(async () => {
    issuerKey = await w.ed25519Key(1, w.ISSUER);
    const endorserKey = await w.ed25519Key(3, w.OTHER_ISSUER);
    issuerDoc = w.controllerDocument(w.ISSUER, [w.multikeyMethod(issuerKey)]);
    endorserDoc = w.controllerDocument(w.OTHER_ISSUER, [w.multikeyMethod(endorserKey)]);
    endorsement = await w.signDi(
      {
        '@context': [CONTEXTS.VC_V2, CONTEXTS.OB_V3, CONTEXTS.OB_EXTENSIONS],
        id: 'urn:uuid:endorsement-1',
        type: ['VerifiableCredential', 'EndorsementCredential'],
        name: 'Sector council endorsement',
        issuer: { id: w.OTHER_ISSUER, type: ['Profile'], name: 'Metal Industry Council' },
        validFrom: '2025-01-01T00:00:00Z',
        credentialSubject: {
          id: 'https://issuer.example/achievements/welding-1',
          type: ['EndorsementSubject'],
          endorsementComment: 'Meets the sector standard',
        },
        credentialSchema: [
          { id: OB_SCHEMA_IDS.endorsementCredential, type: '1EdTechJsonSchemaValidator2019' },
        ],
      },
      endorserKey,
    );
  });

  const deps = () => w.makeDeps([issuerDoc, endorserDoc], { schemas: w.obSchemas() });

  it('verifies an embedded EndorsementCredential against its own issuer', async () => {
    const badge = await w.signDi(w.badge({ endorsement: [endorsement] }), issuerKey);
    const report = await verifyCredential(badge, deps());
    assert.equal(report.verified, true, JSON.stringify(report.checks));
    assert.equal(report.checks.find((c) => c.id === 'endorsements')?.detail, '1 of 1 endorsements verify');
    assert.deepEqual(report.warnings, []);
  });

  it('reports a broken endorsement as a warning, not a failure', async () => {
    const broken = { ...endorsement, name: 'Changed endorsement' };
    const badge = await w.signDi(w.badge({ endorsement: [broken] }), issuerKey);
    const report = await verifyCredential(badge, deps());
    assert.equal(report.verified, true, JSON.stringify(report.checks));
    assert.ok(
      report.warnings.some((m) =>
        /endorsement urn:uuid:endorsement-1 does not verify: proof \(signature-invalid\)/.test(m),
      ),
      report.warnings.join('\n'),
    );
  });

  it('warns about a credentialSchema it does not hold and checks the ones it does', async () => {
    const credentialSchema = [
      { id: OB_SCHEMA_IDS.achievementCredential, type: '1EdTechJsonSchemaValidator2019' },
      { id: 'https://state.example/schema/badge.json', type: '1EdTechJsonSchemaValidator2019' },
    ];
    const context = [CONTEXTS.VC_V2, CONTEXTS.OB_V3, CONTEXTS.OB_EXTENSIONS];
    const badge = await w.signDi(w.badge({ '@context': context, credentialSchema }), issuerKey);
    const report = await verifyCredential(badge, deps());
    assert.equal(report.verified, true, JSON.stringify(report.checks));
    assert.ok(report.warnings.some((m) => m.includes('https://state.example/schema/badge.json')));
  });
});
