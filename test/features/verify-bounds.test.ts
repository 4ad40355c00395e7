import assert from 'node:assert/strict';
import type { Ed25519MultikeyKeyPair } from '@digitalbazaar/ed25519-multikey';
import { CONTEXTS } from '../../src/core/jsonld/contexts.js';
import {
  buildStatusEntry,
  buildStatusListCredential,
  createStatusList,
  encodeList,
} from '../../src/core/status/index.js';
import { MAX_REMOTE_FETCHES } from '../../src/core/verify/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { assertFails, assertReport, fakeRemote, verifyCredential, type Doc } from '../helpers/verify.js';
import * as w from '../fixtures/verify/world.js';

/** An Ed25519 key whose controller is its own did:key: a self-signed issuer that needs no fetch. */
async function didKey(seed: number): Promise<Ed25519MultikeyKeyPair> {
  const key = await w.ed25519Key(seed, 'x');
  key.controller = `did:key:${key.publicKeyMultibase}`;
  key.id = `${key.controller}#${key.publicKeyMultibase}`;
  return key;
}

const listUrl = (host: number, n: number) => `https://lists-${host}.example/status/${n}`;

const entries = (host: number, count: number) =>
  Array.from({ length: count }, (_, n) =>
    buildStatusEntry({ listUrl: listUrl(host, n), index: 7, purpose: 'revocation' }),
  );

/** A VC 2.0 credential of the did:key (OB 3.0 allows one status entry; plain VCs may carry several). */
const selfIssued = (key: Ed25519MultikeyKeyPair, extra: Doc = {}): Doc => ({
  '@context': [CONTEXTS.VC_V2],
  id: `urn:uuid:${crypto.randomUUID()}`,
  type: ['VerifiableCredential'],
  issuer: String(key.controller),
  validFrom: '2025-01-15T00:00:00Z',
  credentialSubject: { id: 'did:example:learner-1' },
  ...extra,
});

describe('POST /credentials/verify and /presentations/verify — bounded remote fetching', () => {
  const remote = fakeRemote();
  let t: TestApp;
  let key: Ed25519MultikeyKeyPair;

  /**
   * Serves a valid, empty revocation list at every URL of `urls`, signed by the did:key, or — with
   * `ownIssuers` — each by an https issuer of its own host, whose controller document is served too.
   */
  async function serveLists(urls: string[], ownIssuers = false): Promise<void> {
    for (const url of urls) {
      const issuer = ownIssuers ? `${new URL(url).origin}/issuer` : String(key.controller);
      const signer = ownIssuers ? await w.ed25519Key(32, issuer) : key;
      if (ownIssuers) remote.documents.set(issuer, w.controllerDocument(issuer, [w.multikeyMethod(signer)]));
      const list = buildStatusListCredential({
        id: url,
        issuer,
        statusPurpose: 'revocation',
        encodedList: encodeList(createStatusList()),
        validFrom: '2025-01-01T00:00:00Z',
      });
      remote.documents.set(url, await w.signDi(list as unknown as Doc, signer));
    }
  }

  before(async () => {
    t = await startTestApp('verify_bounds', {
      env: { REMOTE_FETCH: 'true', REMOTE_FETCH_ALLOW_PRIVATE: 'false' },
      remoteFetch: remote.remoteFetch,
      dnsLookup: remote.dnsLookup,
    });
    key = await didKey(31);
  });
  after(async () => t.close());
  beforeEach(() => remote.reset());

  it('a self-signed did:key credential with 50 credentialStatus entries fetches nothing and fails status with too-many-status-entries', async () => {
    const credential = await w.signDi(selfIssued(key, { credentialStatus: entries(1, 50) }), key);
    const report = assertFails(await verifyCredential(t, credential), 'status', 'too-many-status-entries');
    assert.equal(report.summary.status, 'unknown');
    assert.deepEqual([remote.fetches, remote.lookups], [[], []]);
  });

  it('a credential with 4 entries at 4 lists fetches each list once and verifies', async () => {
    await serveLists(entries(2, 4).map((e) => e.statusListCredential));
    const credential = await w.signDi(selfIssued(key, { credentialStatus: entries(2, 4) }), key);
    assertReport(await verifyCredential(t, credential), true);
    assert.deepEqual(remote.fetches.sort(), [0, 1, 2, 3].map((n) => listUrl(2, n)).sort());
  });

  it('entries pointing at one list share one fetch', async () => {
    await serveLists([listUrl(3, 0)]);
    const same = [1, 2, 3].map((index) =>
      buildStatusEntry({ listUrl: listUrl(3, 0), index, purpose: 'revocation' }),
    );
    const credential = await w.signDi(selfIssued(key, { credentialStatus: same }), key);
    assertReport(await verifyCredential(t, credential), true);
    assert.deepEqual(remote.fetches, [listUrl(3, 0)]);
  });

  it(`many endorsements with status lists of other issuers: at most ${MAX_REMOTE_FETCHES} fetches in all, the rest reported as remote-fetch-budget-exhausted`, async () => {
    const lists = Array.from({ length: 12 }, (_, i) => entries(10 + i, 1)).flat();
    // each endorsement costs two fetches: its list, and the controller document of the list's issuer
    await serveLists(
      lists.map((e) => e.statusListCredential),
      true,
    );
    const endorsements = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        w.signDi(
          {
            '@context': [CONTEXTS.VC_V2, CONTEXTS.OB_V3],
            id: `urn:uuid:${crypto.randomUUID()}`,
            type: ['VerifiableCredential', 'EndorsementCredential'],
            name: 'Endorsement',
            issuer: { id: String(key.controller), type: ['Profile'], name: 'Endorser' },
            validFrom: '2025-01-01T00:00:00Z',
            credentialSubject: { id: 'https://issuer.example/achievements/1', type: ['EndorsementSubject'] },
            credentialStatus: entries(10 + i, 1)[0],
          },
          key,
        ),
      ),
    );
    const badge = w.badge({
      id: `urn:uuid:${crypto.randomUUID()}`,
      issuer: { id: String(key.controller), type: ['Profile'], name: 'Self-issued' },
      endorsement: endorsements,
    });
    const credential = await w.signDi(badge, key);
    const report = assertReport(await verifyCredential(t, credential), true);
    assert.equal(remote.fetches.length, MAX_REMOTE_FETCHES, remote.fetches.join('\n'));
    assert.equal(new Set(remote.fetches).size, MAX_REMOTE_FETCHES, 'no list was fetched twice');
    const spent = report.warnings.filter((m) => m.includes('status (remote-fetch-budget-exhausted)'));
    assert.ok(spent.length > 0, report.warnings.join('\n'));
  });

  it(`a presentation's credentials share one budget of ${MAX_REMOTE_FETCHES} fetches; a credential whose list was not fetched fails status with remote-fetch-budget-exhausted`, async () => {
    await serveLists([0, 1, 2].flatMap((i) => entries(30 + i, 4).map((e) => e.statusListCredential)));
    const credentials = await Promise.all(
      [0, 1, 2].map((i) => w.signDi(selfIssued(key, { credentialStatus: entries(30 + i, 4) }), key)),
    );
    const res = await t.http.post('/presentations/verify').send({
      verifiablePresentation: {
        '@context': [CONTEXTS.VC_V2],
        type: ['VerifiablePresentation'],
        verifiableCredential: credentials,
      },
    });
    assert.equal(res.status, 400, res.text);
    assert.equal(remote.fetches.length, MAX_REMOTE_FETCHES, remote.fetches.join('\n'));
    const codes = (res.body.credentialResults as Array<{ checks: Array<{ id: string; code?: string }> }>).map(
      (r) => r.checks.find((c) => c.id === 'status')?.code,
    );
    assert.ok(codes.includes('remote-fetch-budget-exhausted'), JSON.stringify(codes));
    assert.ok(
      codes.every((c) => c === undefined || c === 'remote-fetch-budget-exhausted'),
      JSON.stringify(codes),
    );
  });

  it('the budget is per verification: the next request fetches again (what the cache does not hold)', async () => {
    await serveLists(entries(40, 4).map((e) => e.statusListCredential));
    for (const round of [1, 2, 3]) {
      const credential = await w.signDi(selfIssued(key, { credentialStatus: entries(40, 4) }), key);
      assertReport(await verifyCredential(t, credential), true);
      // the lists were cached by the first round; later rounds fetch nothing
      assert.equal(remote.fetches.length, 4, `round ${round}`);
    }
  });
});
