import assert from 'node:assert/strict';
import { createTtlCache } from '../../src/core/ttl-cache.js';

describe('core/ttl-cache', () => {
  let now = 0;
  const clock = () => new Date(now);

  it('keeps an answer for its lifetime, shares a read in flight, and drops a key or a group at once', async () => {
    const reads: string[] = [];
    const cache = createTtlCache<string>({ ttlMs: 1000, max: 10, clock });
    const read = (key: string) => async () => (reads.push(key), `${key}!`);
    assert.deepEqual(await Promise.all([cache.get('a', 'g', read('a')), cache.get('a', 'g', read('a'))]), [
      'a!',
      'a!',
    ]);
    now += 999;
    await cache.get('a', 'g', read('a'));
    now += 1;
    await cache.get('a', 'g', read('a'));
    cache.drop('a');
    await cache.get('a', 'g', read('a'));
    await cache.get('b', 'g', read('b'));
    cache.forget('g');
    await cache.get('a', 'g', read('a'));
    await cache.get('b', 'g', read('b'));
    assert.deepEqual(reads, ['a', 'a', 'a', 'b', 'a', 'b']);
  });

  it('does not keep a failed read, nor an answer `keep` refuses', async () => {
    let stored: string | undefined;
    let reads = 0;
    const cache = createTtlCache<string | undefined>({
      ttlMs: 60_000,
      max: 10,
      clock,
      keep: (v) => v !== undefined,
    });
    const read = async () => {
      reads += 1;
      return stored;
    };
    assert.equal(await cache.get('k', 'k', read), undefined);
    stored = 'there now';
    assert.equal(await cache.get('k', 'k', read), 'there now', 'a miss is read again');
    stored = 'changed';
    assert.equal(await cache.get('k', 'k', read), 'there now', 'a hit is kept');
    await assert.rejects(cache.get('x', 'x', async () => Promise.reject(new Error('store down'))));
    assert.equal(await cache.get('x', 'x', async () => 'back'), 'back');
    assert.equal(reads, 2);
  });

  it('holds at most `max` keys, the oldest dropped first', async () => {
    let reads = 0;
    const cache = createTtlCache<number>({ ttlMs: 60_000, max: 2, clock });
    const read = async () => ++reads;
    await cache.get('a', 'g', read);
    await cache.get('b', 'g', read);
    await cache.get('c', 'g', read);
    assert.equal(await cache.get('b', 'g', read), 2);
    assert.equal(await cache.get('a', 'g', read), 4, 'a was dropped');
  });
});
