import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createShapeCache } from '../../../src/core/jsonld/shapes.js';
import { expandSafely } from '../../../src/core/jsonld/safe-expand.js';
import { buildOpenBadgeCredential } from '../../../src/core/ob3/build-credential.js';
import { buildStatusEntry, buildStatusListCredential, encodeList } from '../../../src/core/status/index.js';
import { createStatusList } from '../../../src/core/status/bitstring.js';
import type { JsonObject } from '../../../src/core/types.js';
import { buildInput, PUBLIC_URL } from '../../fixtures/ob3/records.js';
import { VALID_CASES } from '../../fixtures/vc-api/valid-credentials.js';
import { contextsOnlyLoader, leaves, mutate, withLeaf } from '../ob3/support.js';

const loader = contextsOnlyLoader();
const EXAMPLES = '/work/shared/specs/openbadges/examples';
type Doc = Record<string, unknown>;

/** Every string outside `@context` and `type` changed, keeping the skeleton. */
function changedStrings(doc: Doc): Doc {
  let out = doc;
  for (const { path, value } of leaves(doc)) {
    if (typeof value !== 'string' || path.some((p) => p === '@context' || p === 'type')) continue;
    out = withLeaf(out, path, mutate(value));
  }
  return out;
}

/**
 * Expands `first` twice through a shape cache (the second builds the template), then `then`: the
 * result must be exactly what the JSON-LD processor gives for `then`, issues included.
 */
async function assertSame(first: Doc, then: Doc, shapes = createShapeCache()): Promise<number> {
  await expandSafely(first, loader, shapes);
  await expandSafely(first, loader, shapes);
  const before = shapes.hits;
  const shaped = await expandSafely(then, loader, shapes);
  const plain = await expandSafely(then, loader);
  assert.deepEqual(shaped, plain);
  return shapes.hits - before;
}

const ob3 = (language: 'lv' | 'en' = 'lv', overrides: Doc = {}) =>
  buildOpenBadgeCredential({ ...buildInput(language), ...overrides }) as unknown as Doc;

const statusEntry = buildStatusEntry({
  listUrl: `${PUBLIC_URL}/status/0b6f6f5e-2a7c-4d51-9a55-3f5c0a3d9b11`,
  index: 94567,
  purpose: 'revocation',
}) as unknown as JsonObject;

describe('core/jsonld/shapes: expansion from a template is the expansion', () => {
  it('Tilts credentials: every string changed at once, and each string changed alone', async () => {
    for (const doc of [ob3(), ob3('en'), ob3('lv', { credentialStatus: statusEntry })]) {
      assert.equal(await assertSame(doc, changedStrings(doc)), 1, 'the template was used');
    }
    const doc = ob3('lv', { credentialStatus: statusEntry });
    const shapes = createShapeCache();
    const strings = leaves(doc).filter(
      (l) => typeof l.value === 'string' && !l.path.some((p) => p === '@context' || p === 'type'),
    );
    assert.ok(strings.length > 20);
    for (const { path, value } of strings) await assertSame(doc, withLeaf(doc, path, mutate(value)), shapes);
    assert.ok(shapes.hits >= strings.length, `${shapes.hits} hits for ${strings.length} documents`);
  });

  it('a status list credential, the W3C VC-API shapes and the OB 3.0 spec examples', async () => {
    const list = buildStatusListCredential({
      id: `${PUBLIC_URL}/status/0b6f6f5e-2a7c-4d51-9a55-3f5c0a3d9b11`,
      issuer: 'did:web:example.org',
      statusPurpose: 'suspension',
      encodedList: encodeList(createStatusList(131072)),
      validFrom: '2025-06-30T12:00:00Z',
    }) as unknown as Doc;
    const examples = readdirSync(EXAMPLES)
      .filter((f) => f.endsWith('.json') && !f.includes('test-vector'))
      .map((f) => JSON.parse(readFileSync(`${EXAMPLES}/${f}`, 'utf8')) as Doc);
    assert.ok(examples.length >= 9);
    const docs = [list, ...VALID_CASES.map((c) => c.credential as Doc), ...examples];
    let hits = 0;
    for (const doc of docs) {
      // strings a vocabulary expands (achievementType) are part of the key: changed, they miss
      await assertSame(doc, changedStrings(doc));
      hits += await assertSame(doc, structuredClone(doc));
    }
    assert.equal(hits, docs.length, 'every one from a template');
  });
});

const CONTEXT = {
  '@vocab': 'https://example.org/vocab#',
  ex: 'https://example.org/ns#',
  kind: { '@id': 'https://example.org/vocab#kind', '@type': '@vocab' },
  ref: { '@id': 'https://example.org/vocab#ref', '@type': '@id' },
  note: 'https://example.org/vocab#note',
};
const doc = (fields: Doc): Doc => ({ '@context': CONTEXT, id: 'urn:uuid:1', ...fields });

describe('core/jsonld/shapes: strings whose text decides their expansion are never templated', () => {
  const cases: Array<[string, Doc, Doc]> = [
    ['a vocabulary-relative value', doc({ kind: 'Foo' }), doc({ kind: 'Bar' })],
    ['a compact IRI whose prefix is defined', doc({ ref: 'ex:thing' }), doc({ ref: 'ex:other' })],
    ['an IRI, then a value with white space', doc({ ref: 'urn:a' }), doc({ ref: 'urn:a b' })],
    ['an IRI, then a relative reference', doc({ ref: 'https://a.example/x' }), doc({ ref: 'https:x y' })],
    ['a value spelling a sentinel', doc({ note: 'x' }), doc({ note: 'tilts-shape-slot-0' })],
    [
      'a sentinel spelled where strings are kept',
      doc({ note: 'x' }),
      doc({ note: 'x', type: 'ex:tilts-shape-slot-0' }),
    ],
    ['a keyword-like value', doc({ ref: 'urn:a' }), doc({ ref: '@type' })],
    ['a blank node id', doc({ ref: '_:b0', note: 'x' }), doc({ ref: '_:b1', note: 'x' })],
    [
      'an undefined term',
      doc({ note: 'x' }),
      { ...doc({ note: 'x' }), '@context': { note: 'urn:n' }, other: 'y' },
    ],
  ];
  for (const [name, first, then] of cases) {
    it(name, async () => {
      await assertSame(first, then);
    });
  }

  it('a vocabulary-relative value stays in the key: the same value is templated, another is not', async () => {
    const shapes = createShapeCache();
    assert.equal(
      await assertSame(doc({ kind: 'Foo', note: 'a' }), doc({ kind: 'Foo', note: 'b' }), shapes),
      1,
    );
    await assertSame(doc({ kind: 'Foo', note: 'a' }), doc({ kind: 'Bar', note: 'b' }), shapes);
  });

  it('a document whose skeleton is over 64 KiB is expanded as it is, never kept', async () => {
    const shapes = createShapeCache();
    const big = doc({
      note: 'x',
      other: Array.from({ length: 3000 }, (_, i) => ({ note: `n${i}`, ref: `urn:r${i}` })),
    });
    await expandSafely(big, loader, shapes);
    await expandSafely(big, loader, shapes);
    await expandSafely(big, loader, shapes);
    assert.equal(shapes.hits, 0);
    assert.equal(shapes.size, 0);
  });

  it('keys set to undefined (as a caller builds a document) are expanded as jsonld.js does', async () => {
    const partial = { '@context': undefined, type: undefined, proof: { type: 'x' } };
    await assertSame(partial, { ...partial });
  });

  it('an IRI slot takes another IRI of the same scheme', async () => {
    assert.equal(await assertSame(doc({ ref: 'urn:a', note: 'x' }), doc({ ref: 'urn:b', note: 'ÿ' })), 1);
  });

  it('a template is built only on the second sighting, and the cache keeps at most its bound', async () => {
    const shapes = createShapeCache(2);
    const a = doc({ note: 'a' });
    await expandSafely(a, loader, shapes);
    assert.equal(shapes.hits, 0);
    await expandSafely(doc({ note: 'b' }), loader, shapes);
    assert.equal(shapes.hits, 1);
    for (const n of [1, 2, 3]) {
      await expandSafely(doc({ [`p${n}`]: 'x' }), loader, shapes);
      await expandSafely(doc({ [`p${n}`]: 'x' }), loader, shapes);
    }
    assert.equal(shapes.hits, 4);
    assert.ok(shapes.size <= 2);
    await expandSafely(a, loader, shapes);
    assert.equal(shapes.hits, 4, 'the first template was dropped for newer ones');
  });
});
