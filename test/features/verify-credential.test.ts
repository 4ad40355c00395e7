import assert from 'node:assert/strict';
import { decodeList, getBit } from '../../src/core/status/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { assertProblem } from '../helpers/problem.js';
import {
  assertFails,
  assertReport,
  fakeRemote,
  failingIds,
  setUpIssuing,
  signedStatusList,
  verifyCredential,
  type Doc,
  type Issuing,
} from '../helpers/verify.js';

const CHECK_ORDER = [
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
];

describe('POST /credentials/verify — our own credentials', () => {
  const remote = fakeRemote();
  let t: TestApp;
  let s: Issuing;

  before(async () => {
    t = await startTestApp('verify_credential', {
      env: { REMOTE_FETCH: 'true', REMOTE_FETCH_ALLOW_PRIVATE: 'false' },
      remoteFetch: remote.remoteFetch,
      dnsLookup: remote.dnsLookup,
    });
    s = await setUpIssuing(t);
  });
  beforeEach(() => remote.reset());
  afterEach(function () {
    if (this.currentTest?.state !== 'passed') return;
    assert.deepEqual(remote.fetches, [], 'our own credentials need no network');
    assert.deepEqual(remote.lookups, [], 'our own credentials need no DNS');
  });
  after(() => t.close());

  it('verifies an issued DI credential: 200, every check named and passing, a summary for people', async () => {
    const { credential } = await s.issue();
    const report = assertReport(await verifyCredential(t, credential), true);
    assert.deepEqual(
      report.checks.map((c) => c.id),
      CHECK_ORDER,
    );
    assert.deepEqual(report.errors, []);
    const subject = credential.credentialSubject as Doc;
    const identity = (subject.identifier as Doc[]).find((i) => i.identityType === 'name');
    assert.ok(identity);
    assert.deepEqual(report.summary, {
      issuerId: s.issuer.did,
      issuerName: (credential.issuer as Doc).name,
      learnerName: identity.identityHash,
      achievementName: (subject.achievement as Doc).name,
      validFrom: credential.validFrom,
      status: 'active',
      format: 'ob3-di',
    });
    assert.equal(report.summary.learnerName, 'Ģirts Ķēniņš');
  });

  it('reports both dates of a credential issued with validUntil', async () => {
    const validUntil = new Date(Date.now() + 400 * 24 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    const { credential } = await s.issue('ob3-di', { validUntil });
    assert.equal(typeof credential.validUntil, 'string');
    const report = assertReport(await verifyCredential(t, credential), true);
    assert.equal(report.summary.validFrom, credential.validFrom);
    assert.equal(report.summary.validUntil, credential.validUntil);
  });

  it('refuses the same credential sent as a JSON string: 400, parse not-an-object (a secured document must be a map)', async () => {
    const { credential } = await s.issue();
    const report = assertFails(
      await verifyCredential(t, JSON.stringify(credential)),
      'parse',
      'not-an-object',
    );
    assert.deepEqual(
      report.checks.map((c) => c.id),
      ['parse'],
    );
  });

  it('verifies an issued ob3-jwt credential sent as its compact JWT string', async () => {
    const issued = await s.issue('ob3-jwt');
    assert.equal(typeof issued.jwt, 'string');
    const report = assertReport(await verifyCredential(t, issued.jwt), true);
    assert.equal(report.summary.format, 'ob3-jwt');
    assert.equal(report.summary.issuerId, s.issuer.did);
    assert.match(String(report.checks.find((c) => c.id === 'proof')?.detail), /ES256/);
    assert.equal(report.summary.status, 'active');
  });

  it('the status list credential the credential points at verifies on its own through the verifier', async () => {
    const { credential } = await s.issue();
    const list = await signedStatusList(t, credential);
    const report = assertReport(await verifyCredential(t, list), true);
    assert.equal(report.summary.issuerId, s.issuer.did);
  });

  it('revoke → 400 verified:false with status failing (revoked); it cannot be reinstated (409) and stays revoked', async () => {
    const { id, credential } = await s.issue();
    assertReport(await verifyCredential(t, credential), true);
    assert.equal((await s.act(id, 'revoke', { reason: 'exam annulled' })).status, 200);
    const report = assertFails(await verifyCredential(t, credential), 'status', 'revoked');
    assert.deepEqual(failingIds(report), ['status'], 'only the status check fails');
    assert.equal(report.summary.status, 'revoked');
    const refused = await s.act(id, 'reinstate');
    assert.equal(refused.status, 409, refused.text);
    assert.equal(refused.body.code, 'status-change-refused');
    assert.equal(
      assertFails(await verifyCredential(t, credential), 'status', 'revoked').summary.status,
      'revoked',
    );
  });

  it('suspend → 400 with status failing (suspended); reinstate → verified again', async () => {
    const { id, credential } = await s.issue();
    assert.equal((await s.act(id, 'suspend')).status, 200);
    const report = assertFails(await verifyCredential(t, credential), 'status', 'suspended');
    assert.deepEqual(failingIds(report), ['status']);
    assert.equal(report.summary.status, 'suspended');
    assert.equal((await s.act(id, 'reinstate')).status, 200);
    const again = assertReport(await verifyCredential(t, credential), true);
    assert.equal(again.summary.status, 'active');
  });

  it('a revoked ob3-jwt credential is reported revoked in its JWT form too', async () => {
    const { id, jwt } = await s.issue('ob3-jwt');
    assert.equal((await s.act(id, 'revoke')).status, 200);
    const report = assertFails(await verifyCredential(t, jwt), 'status', 'revoked');
    assert.equal(report.summary.format, 'ob3-jwt');
    assert.equal(report.summary.status, 'revoked');
  });

  it('concurrent revocations all reach the published list: exactly their bits are set', async () => {
    const credentials = [];
    for (let i = 0; i < 24; i += 1) credentials.push(await s.issue());
    const revoked = credentials.filter((_, i) => i % 2 === 0);
    const answers = await Promise.all(revoked.map((c) => s.act(c.id, 'revoke')));
    assert.deepEqual(
      answers.map((r) => r.status),
      revoked.map(() => 200),
    );
    for (const c of credentials) {
      const entry = c.credential.credentialStatus as Doc;
      const list = await signedStatusList(t, c.credential);
      const bit = getBit(
        decodeList(String((list.credentialSubject as Doc).encodedList)),
        Number(entry.statusListIndex),
      );
      assert.equal(bit, revoked.includes(c), `bit of ${c.id}`);
    }
  });

  it('revoking one credential leaves another on the same list verified', async () => {
    const a = await s.issue();
    const b = await s.issue();
    assert.equal((await s.act(a.id, 'revoke')).status, 200);
    assertFails(await verifyCredential(t, a.credential), 'status', 'revoked');
    assertReport(await verifyCredential(t, b.credential), true);
  });
});

describe('POST /credentials/verify — rate limit', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('verify_rate_limit', { env: { VERIFY_RATE_LIMIT: '3', TRUST_PROXY: '1' } });
  });
  after(() => t.close());

  const from = (address: string) =>
    t.http
      .post('/credentials/verify')
      .set('X-Forwarded-For', address)
      .send({ verifiableCredential: 'not a credential' });

  it('the 4th request from one address in a minute gets 429 problem with Retry-After; another address is served', async () => {
    for (let i = 0; i < 3; i += 1) {
      const res = await from('198.51.100.7');
      assert.equal(res.status, 400, res.text);
      assert.equal(res.body.verified, false);
    }
    const limited = await from('198.51.100.7');
    assertProblem(limited, 429, 'too-many-requests');
    const retry = Number(limited.headers['retry-after']);
    assert.ok(Number.isInteger(retry) && retry > 0 && retry <= 60, `Retry-After ${retry}`);
    const presentation = await t.http
      .post('/presentations/verify')
      .set('X-Forwarded-For', '198.51.100.7')
      .send({ verifiablePresentation: {} });
    assertProblem(presentation, 429, 'too-many-requests');
    assert.equal((await from('198.51.100.8')).status, 400, 'another address has its own budget');
  });
});

describe('POST /credentials/verify — rate limit without a trusted proxy', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('verify_rate_direct', { env: { VERIFY_RATE_LIMIT: '3' } });
  });
  after(() => t.close());

  it('counts the connecting address: a spoofed X-Forwarded-For buys no fresh budget', async () => {
    for (let i = 0; i < 3; i += 1) {
      const res = await t.http
        .post('/credentials/verify')
        .set('X-Forwarded-For', `203.0.113.${i}`)
        .send({ verifiableCredential: 'not a credential' });
      assert.equal(res.status, 400, res.text);
    }
    const limited = await t.http
      .post('/credentials/verify')
      .set('X-Forwarded-For', '203.0.113.99')
      .send({ verifiableCredential: 'not a credential' });
    assertProblem(limited, 429, 'too-many-requests');
    assert.ok(Number(limited.headers['retry-after']) > 0);
  });
});
