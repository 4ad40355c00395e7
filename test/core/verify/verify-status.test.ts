import assert from 'node:assert/strict';
import type { Ed25519MultikeyKeyPair } from '@digitalbazaar/ed25519-multikey';
import {
  buildStatusEntry,
  buildStatusListCredential,
  createBitstringStatusChecker,
  createStatusList,
  encodeList,
  setBit,
} from '../../../src/core/status/index.js';
import { createStatusListVerifier } from '../../../src/core/verify/status-list-verifier.js';
import { verifyCredential } from '../../../src/core/verify/verify-credential.js';
import * as w from '../../fixtures/verify/world.js';

const REVOKED_LIST = 'https://issuer.example/status/revocation-1';
const SUSPENDED_LIST = 'https://issuer.example/status/suspension-1';
const ACTIVE_LIST = 'https://issuer.example/status/revocation-2';
const GONE_LIST = 'https://issuer.example/status/gone';

describe('core/verify/verifyCredential — status', () => {
  let key: Ed25519MultikeyKeyPair;
  let issuerDoc: w.Doc;

  before(async () => {
    key = await w.ed25519Key(1, w.ISSUER);
    issuerDoc = w.controllerDocument(w.ISSUER, [w.multikeyMethod(key)]);
  });

  async function withStatus(...lists: Array<[string, 'revocation' | 'suspension']>) {
    const credentialStatus = lists.map(([listUrl, purpose], i) =>
      buildStatusEntry({ listUrl, index: 40 + i, purpose }),
    );
    return w.signDi(w.badge({ credentialStatus }), key);
  }

  const statusDeps = () =>
    w.makeDeps([issuerDoc], {
      checkStatus: w.fakeStatus({
        [REVOKED_LIST]: 'revoked',
        [SUSPENDED_LIST]: 'suspended',
        [ACTIVE_LIST]: 'ok',
      }),
    });

  it('passes status for an entry whose bit is not set', async () => {
    const report = await verifyCredential(await withStatus([ACTIVE_LIST, 'revocation']), statusDeps());
    assert.equal(report.verified, true, JSON.stringify(report.checks));
    assert.equal(report.summary.status, 'active');
  });

  it('fails status with revoked', async () => {
    const report = await verifyCredential(
      await withStatus([REVOKED_LIST, 'revocation'], [ACTIVE_LIST, 'suspension']),
      statusDeps(),
    );
    assert.equal(report.verified, false);
    assert.equal(report.checks.find((c) => c.id === 'status')?.code, 'revoked');
    assert.equal(report.summary.status, 'revoked');
  });

  it('fails status with suspended', async () => {
    const report = await verifyCredential(await withStatus([SUSPENDED_LIST, 'suspension']), statusDeps());
    assert.equal(report.checks.find((c) => c.id === 'status')?.code, 'suspended');
    assert.equal(report.summary.status, 'suspended');
    assert.equal(report.verified, false);
  });

  it('fails status with status-unavailable when the list cannot be resolved — never "not revoked"', async () => {
    const report = await verifyCredential(await withStatus([GONE_LIST, 'revocation']), statusDeps());
    assert.equal(report.verified, false);
    assert.equal(report.checks.find((c) => c.id === 'status')?.code, 'status-unavailable');
    assert.equal(report.summary.status, 'unknown');
  });

  it('fails status with status-unavailable when no status checker is configured or it throws', async () => {
    const credential = await withStatus([ACTIVE_LIST, 'revocation']);
    const none = await verifyCredential(credential, w.makeDeps([issuerDoc]));
    assert.equal(none.checks.find((c) => c.id === 'status')?.code, 'status-unavailable');
    const throwing = w.makeDeps([issuerDoc], {
      checkStatus: async () => {
        throw new Error('list host unreachable');
      },
    });
    const report = await verifyCredential(credential, throwing);
    assert.equal(report.checks.find((c) => c.id === 'status')?.code, 'status-unavailable');
    assert.equal(report.verified, false);
  });
});

describe('core/verify/verifyCredential — a status list of another issuer', () => {
  it('reads the list but warns that its issuer is not the credential issuer (Bitstring Status List)', async () => {
    const key = await w.ed25519Key(1, w.ISSUER);
    const listKey = await w.ed25519Key(4, w.OTHER_ISSUER);
    const docs = [
      w.controllerDocument(w.ISSUER, [w.multikeyMethod(key)]),
      w.controllerDocument(w.OTHER_ISSUER, [w.multikeyMethod(listKey)]),
    ];
    const listFor = async (issuer: string, signer: typeof key) =>
      w.signDi(
        buildStatusListCredential({
          id: ACTIVE_LIST,
          issuer,
          statusPurpose: 'revocation',
          encodedList: encodeList(createStatusList()),
          validFrom: '2025-01-01T00:00:00Z',
        }) as unknown as w.Doc,
        signer,
      );
    const credential = await w.signDi(
      w.badge({
        credentialStatus: buildStatusEntry({ listUrl: ACTIVE_LIST, index: 5, purpose: 'revocation' }),
      }),
      key,
    );
    for (const [list, warned] of [
      [await listFor(w.OTHER_ISSUER, listKey), true],
      [await listFor(w.ISSUER, key), false],
    ] as const) {
      const base = w.makeDeps(docs);
      const deps = {
        ...base,
        checkStatus: createBitstringStatusChecker({
          fetchStatusList: async () => list,
          verifyListCredential: createStatusListVerifier(base),
          now: () => w.NOW,
        }),
      };
      const report = await verifyCredential(credential, deps);
      assert.equal(report.verified, true, JSON.stringify(report.checks));
      const warning = report.warnings.find((m) => m.includes('not by the credential'));
      assert.equal(warning !== undefined, warned, report.warnings.join('\n'));
      if (warned) assert.ok(warning?.includes(w.OTHER_ISSUER));
    }
  });
});

describe('core/verify/verifyCredential — calls only what the credential needs', () => {
  it('makes no resolver or status call for a did:key credential without status', async () => {
    const key = await w.ed25519Key(6, 'x');
    const did = `did:key:${key.publicKeyMultibase}`;
    key.id = `${did}#${key.publicKeyMultibase}`;
    key.controller = did;
    const credential = await w.signDi(
      w.badge({ issuer: { id: did, type: ['Profile'], name: 'Self-issued' } }),
      key,
    );
    const checkStatus = w.fakeStatus({});
    const deps = w.makeDeps([], { checkStatus });
    const report = await verifyCredential(credential, deps);
    assert.equal(report.verified, true, JSON.stringify(report.checks));
    assert.deepEqual(deps.resolveController.calls, []);
    assert.equal(checkStatus.calls, 0);
  });

  it('resolves the issuer once and checks status once for an https issuer with one status entry', async () => {
    const key = await w.ed25519Key(1, w.ISSUER);
    const issuerDoc = w.controllerDocument(w.ISSUER, [w.multikeyMethod(key)]);
    const credentialStatus = buildStatusEntry({ listUrl: ACTIVE_LIST, index: 3, purpose: 'revocation' });
    const credential = await w.signDi(w.badge({ credentialStatus }), key);
    const checkStatus = w.fakeStatus({ [ACTIVE_LIST]: 'ok' });
    const deps = w.makeDeps([issuerDoc], { checkStatus });
    assert.equal((await verifyCredential(credential, deps)).verified, true);
    assert.deepEqual(deps.resolveController.calls, [w.ISSUER]);
    assert.equal(checkStatus.calls, 1);
  });

  it('makes no call for an unsigned credential and does not fetch the status list of a forged one', async () => {
    const key = await w.ed25519Key(1, w.ISSUER);
    const credentialStatus = buildStatusEntry({
      listUrl: 'http://169.254.169.254/latest',
      index: 3,
      purpose: 'revocation',
    });
    const checkStatus = w.fakeStatus({});
    const unsigned = w.makeDeps([], { checkStatus });
    await verifyCredential(w.badge({ credentialStatus }), unsigned);
    assert.deepEqual(unsigned.resolveController.calls, []);
    const intruder = await w.signDi(w.badge({ credentialStatus }), key);
    const report = await verifyCredential(intruder, w.makeDeps([], { checkStatus }));
    assert.equal(report.verified, false);
    assert.equal(checkStatus.calls, 0);
    assert.ok(report.warnings.some((m) => /status and endorsements were not checked/.test(m)));
  });
});

describe('core/verify — end to end with the Bitstring Status List checker', () => {
  it('reads revocation from a signed status list credential and refuses a tampered list', async () => {
    const key = await w.ed25519Key(1, w.ISSUER);
    const issuerDoc = w.controllerDocument(w.ISSUER, [w.multikeyMethod(key)]);
    const bits = createStatusList();
    setBit(bits, 40);
    const list = await w.signDi(
      buildStatusListCredential({
        id: REVOKED_LIST,
        issuer: w.ISSUER,
        statusPurpose: 'revocation',
        encodedList: encodeList(bits),
        validFrom: '2025-01-01T00:00:00Z',
      }) as unknown as w.Doc,
      key,
    );
    const base = w.makeDeps([issuerDoc]);
    const served: Record<string, w.Doc> = { [REVOKED_LIST]: list };
    const checkStatus = createBitstringStatusChecker({
      fetchStatusList: async (url) => served[url],
      verifyListCredential: createStatusListVerifier(base),
      now: base.now,
    });
    const deps = { ...base, checkStatus };
    const revoked = await w.signDi(
      w.badge({
        credentialStatus: buildStatusEntry({ listUrl: REVOKED_LIST, index: 40, purpose: 'revocation' }),
      }),
      key,
    );
    const active = await w.signDi(
      w.badge({
        credentialStatus: buildStatusEntry({ listUrl: REVOKED_LIST, index: 41, purpose: 'revocation' }),
      }),
      key,
    );
    assert.equal(
      (await verifyCredential(revoked, deps)).checks.find((c) => c.id === 'status')?.code,
      'revoked',
    );
    assert.equal((await verifyCredential(active, deps)).verified, true);
    setBit(bits, 40, false);
    served[REVOKED_LIST] = {
      ...list,
      credentialSubject: { ...(list.credentialSubject as w.Doc), encodedList: encodeList(bits) },
    };
    assert.equal(
      (await verifyCredential(revoked, deps)).checks.find((c) => c.id === 'status')?.code,
      'status-unavailable',
    );
  });
});
