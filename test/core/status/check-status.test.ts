import assert from 'node:assert/strict';
import {
  buildStatusEntry,
  buildStatusListCredential,
  createBitstringStatusChecker,
  createStatusList,
  encodeList,
  setBit,
  type StatusPurpose,
} from '../../../src/core/status/index.js';

const NOW = new Date('2025-06-01T00:00:00Z');
const REVOCATION = 'https://tilts.example/status/r1';
const SUSPENSION = 'https://tilts.example/status/s1';

function list(id: string, purpose: StatusPurpose, set: number[], validUntil?: string) {
  const bits = createStatusList();
  for (const i of set) setBit(bits, i);
  return buildStatusListCredential({
    id,
    issuer: 'https://tilts.example/issuers/vet-1',
    statusPurpose: purpose,
    encodedList: encodeList(bits),
    validFrom: '2025-01-01T00:00:00Z',
    ...(validUntil ? { validUntil } : {}),
  });
}

describe('core/status/createBitstringStatusChecker', () => {
  const lists: Record<string, unknown> = {
    [REVOCATION]: list(REVOCATION, 'revocation', [17]),
    [SUSPENSION]: list(SUSPENSION, 'suspension', [5]),
  };
  const fetched: string[] = [];
  const check = createBitstringStatusChecker({
    fetchStatusList: async (url) => {
      fetched.push(url);
      return lists[url];
    },
    now: () => NOW,
  });
  const entry = (listUrl: string, index: number, purpose: StatusPurpose) =>
    buildStatusEntry({ listUrl, index, purpose }) as unknown as Record<string, unknown>;

  it('answers ok for an unset bit and revoked / suspended for a set one', async () => {
    assert.equal((await check(entry(REVOCATION, 16, 'revocation'))).status, 'ok');
    assert.equal((await check(entry(REVOCATION, 17, 'revocation'))).status, 'revoked');
    assert.equal((await check(entry(SUSPENSION, 5, 'suspension'))).status, 'suspended');
    assert.ok(fetched.includes(REVOCATION));
  });

  it('answers unknown — never ok — when the list cannot be had or does not fit', async () => {
    assert.equal(
      (await check(entry('https://tilts.example/status/gone', 1, 'revocation'))).status,
      'unknown',
    );
    assert.equal((await check(entry(REVOCATION, 1, 'suspension'))).status, 'unknown', 'purpose mismatch');
    assert.equal(
      (await check(entry(REVOCATION, 131_072, 'revocation'))).status,
      'unknown',
      'index out of range',
    );
    assert.equal(
      (await check({ ...entry(REVOCATION, 1, 'revocation'), statusListIndex: '-1' })).status,
      'unknown',
    );
    assert.equal(
      (await check({ ...entry(REVOCATION, 1, 'revocation'), type: '1EdTechRevocationList' })).status,
      'unknown',
    );
    const throwing = createBitstringStatusChecker({
      fetchStatusList: async () => {
        throw new Error('connection refused');
      },
      now: () => NOW,
    });
    const result = await throwing(entry(REVOCATION, 1, 'revocation'));
    assert.equal(result.status, 'unknown');
    assert.match(result.detail, /connection refused/);
  });

  it('answers unknown for an expired list or one whose proof does not verify', async () => {
    const expired = createBitstringStatusChecker({
      fetchStatusList: async () => list(REVOCATION, 'revocation', [], '2025-05-01T00:00:00Z'),
      now: () => NOW,
    });
    assert.equal((await expired(entry(REVOCATION, 1, 'revocation'))).status, 'unknown');
    const unverified = createBitstringStatusChecker({
      fetchStatusList: async () => lists[REVOCATION],
      verifyListCredential: async () => ({ verified: false, detail: 'signature-invalid' }),
      now: () => NOW,
    });
    assert.equal((await unverified(entry(REVOCATION, 1, 'revocation'))).status, 'unknown');
  });
});
