import assert from 'node:assert/strict';
import { issuerPageUrl } from '../../src/features/pages/format.js';
import { verdictOf } from '../../src/features/pages/result.view.js';
import type { Check } from '../../src/core/verify/types.js';

describe('verdictOf', () => {
  const ok = (id: Check['id']): Check => ({ id, valid: true, detail: '' });
  const bad = (id: Check['id'], code: Check['code']): Check => ({ id, valid: false, code, detail: '' });
  const cases: Array<[string, Check[], string]> = [
    ['all checks pass', [ok('proof'), ok('status')], 'verified'],
    ['revoked by a genuine issuer', [ok('proof'), bad('status', 'revoked')], 'revoked'],
    ['suspended', [ok('proof'), bad('status', 'suspended')], 'suspended'],
    ['expired', [ok('proof'), bad('validity', 'expired'), ok('status')], 'expired'],
    [
      'a forged signature on a revoked entry',
      [bad('proof', 'signature-invalid'), bad('status', 'revoked')],
      'not-verified',
    ],
    ['status list unreachable', [ok('proof'), bad('status', 'status-unavailable')], 'unchecked'],
    [
      'issuer keys unreachable',
      [bad('issuer', 'issuer-key-unresolvable'), bad('proof', 'issuer-key-unresolvable')],
      'unchecked',
    ],
    ['not yet valid', [ok('proof'), bad('validity', 'not-yet-valid')], 'not-verified'],
    ['no checks at all', [], 'not-verified'],
  ];
  for (const [name, checks, verdict] of cases)
    it(`${name} → ${verdict}`, () => {
      assert.equal(
        verdictOf({ verified: checks.length > 0 && checks.every((c) => c.valid), checks }),
        verdict,
      );
    });
});

describe('issuerPageUrl', () => {
  const ours = 'http://127.0.0.1:3000';
  it('links https ids as they are, our did:web to our page, another did:web to its host, a did:key nowhere', () => {
    assert.equal(issuerPageUrl('https://x.example/issuers/a', ours), 'https://x.example/issuers/a');
    assert.equal(issuerPageUrl('did:web:127.0.0.1%3A3000:issuers:rvt', ours), `${ours}/issuers/rvt`);
    assert.equal(issuerPageUrl('did:web:school.example:issuers:a', ours), 'https://school.example/issuers/a');
    assert.equal(issuerPageUrl('did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', ours), undefined);
    assert.equal(issuerPageUrl('did:web:bad/host', ours), undefined);
    assert.equal(issuerPageUrl(undefined, ours), undefined);
  });
});

describe('verdictOf with warning-level checks', () => {
  it('a failing warning never turns a verified credential into anything else', () => {
    const warning = { id: 'endorsements', valid: false, severity: 'warning', detail: '' } as Check;
    const proof: Check = { id: 'proof', valid: true, detail: '' };
    assert.equal(verdictOf({ verified: true, checks: [proof, warning] }), 'verified');
    const revoked: Check = { id: 'status', valid: false, code: 'revoked', detail: '' };
    assert.equal(verdictOf({ verified: false, checks: [proof, warning, revoked] }), 'revoked');
  });
});
