import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { packagedContexts } from '../../../src/core/jsonld/contexts.js';
import { createDocumentLoader } from '../../../src/core/jsonld/document-loader.js';
import { checkSafeExpansion } from '../../../src/core/jsonld/safe-expand.js';
import {
  buildStatusEntry,
  buildStatusListCredential,
  createStatusList,
  decodeList,
  encodeList,
  getBit,
  MIN_STATUS_LIST_BITS,
  randomIndex,
  setBit,
  StatusListError,
} from '../../../src/core/status/index.js';

describe('core/status/bitstring', () => {
  it('creates an all-zero list of 131,072 bits by default and refuses smaller ones', () => {
    const list = createStatusList();
    assert.equal(list.length * 8, MIN_STATUS_LIST_BITS);
    assert.ok(list.every((b) => b === 0));
    assert.throws(
      () => createStatusList(131_064),
      (e: unknown) => e instanceof StatusListError && e.code === 'status-list-too-small',
    );
    assert.throws(() => createStatusList(131_073), StatusListError);
  });

  it('puts index 0 at the left-most bit of the first byte', () => {
    const list = createStatusList();
    setBit(list, 0);
    assert.equal(list[0], 0b1000_0000);
    setBit(list, 7);
    assert.equal(list[0], 0b1000_0001);
    setBit(list, 9);
    assert.equal(list[1], 0b0100_0000);
    setBit(list, 0, false);
    assert.equal(list[0], 0b0000_0001);
    assert.equal(getBit(list, 7), true);
    assert.equal(getBit(list, 8), false);
    assert.throws(
      () => getBit(list, MIN_STATUS_LIST_BITS),
      (e: unknown) => e instanceof StatusListError && e.code === 'status-index-out-of-range',
    );
  });

  it('encodes as GZIP then Multibase base64url ("u", no padding) and decodes back', () => {
    const list = createStatusList(MIN_STATUS_LIST_BITS * 2);
    for (const i of [0, 1, 4242, 131_071, 262_143]) setBit(list, i);
    const encoded = encodeList(list);
    assert.match(encoded, /^u[A-Za-z0-9_-]+$/);
    const gz = Buffer.from(encoded.slice(1), 'base64url');
    assert.deepEqual([gz[0], gz[1]], [0x1f, 0x8b]);
    const decoded = decodeList(encoded);
    assert.deepEqual(Buffer.from(decoded), Buffer.from(list));
    assert.equal(getBit(decoded, 4242), true);
    assert.equal(getBit(decoded, 4243), false);
  });

  it('decodes the empty list of the spec example shape and refuses lists under the minimum or not GZIP', () => {
    const empty = decodeList(encodeList(createStatusList()));
    assert.equal(empty.length, 16_384);
    const tiny = `u${gzipSync(new Uint8Array(100)).toString('base64url')}`;
    assert.throws(
      () => decodeList(tiny),
      (e: unknown) => e instanceof StatusListError && e.code === 'status-list-too-small',
    );
    assert.throws(
      () => decodeList('uAAAA'),
      (e: unknown) => e instanceof StatusListError && e.code === 'status-list-malformed',
    );
    assert.throws(() => decodeList(gzipSync(new Uint8Array(16_384)).toString('base64url')), StatusListError);
  });

  it('picks random indexes inside the list from the injected source', () => {
    assert.equal(
      randomIndex(131_072, () => 0),
      0,
    );
    assert.equal(
      randomIndex(131_072, () => 0.5),
      65_536,
    );
    assert.equal(
      randomIndex(131_072, () => 0.999_999_999_9),
      131_071,
    );
  });
});

describe('core/status/status-list-credential', () => {
  const listUrl = 'https://tilts.example/status/3f2a';

  it('builds the status entry a credential carries', () => {
    assert.deepEqual(buildStatusEntry({ listUrl, index: 94_567, purpose: 'revocation' }), {
      id: `${listUrl}#94567`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '94567',
      statusListCredential: listUrl,
    });
  });

  it('builds an unsigned BitstringStatusListCredential that passes safe-mode expansion with the VC 2.0 context alone', async () => {
    const credential = buildStatusListCredential({
      id: listUrl,
      issuer: 'https://tilts.example/issuers/vet-1',
      statusPurpose: 'suspension',
      encodedList: encodeList(createStatusList()),
      validFrom: '2025-01-01T00:00:00Z',
    });
    assert.deepEqual(credential['@context'], ['https://www.w3.org/ns/credentials/v2']);
    assert.deepEqual(credential.type, ['VerifiableCredential', 'BitstringStatusListCredential']);
    assert.equal(credential.credentialSubject.type, 'BitstringStatusList');
    const issues = await checkSafeExpansion(
      credential,
      createDocumentLoader({ contexts: packagedContexts() }),
    );
    assert.deepEqual(issues, []);
  });
});
