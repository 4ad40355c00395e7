import assert from 'node:assert/strict';
import { batched, batchedEach } from '../../src/core/batch.js';

describe('core/batch: writes of concurrent callers go out together', () => {
  it('one caller: its item goes out at once, alone', async () => {
    const writes: number[][] = [];
    const add = batched<number>(async (items) => void writes.push(items));
    await add(1);
    await add(2);
    assert.deepEqual(writes, [[1], [2]]);
  });

  it('ten concurrent callers: two writes, every item once, in order', async () => {
    const writes: number[][] = [];
    const add = batched<number>(async (items) => {
      writes.push(items);
      await new Promise((r) => setTimeout(r, 5));
    });
    await Promise.all(Array.from({ length: 10 }, (_, i) => add(i)));
    assert.deepEqual(writes, [[0], [1, 2, 3, 4, 5, 6, 7, 8, 9]]);
  });

  it('a batch holds at most `max` items', async () => {
    const writes: number[][] = [];
    const add = batched<number>(async (items) => {
      writes.push(items);
      await new Promise((r) => setTimeout(r, 1));
    }, 3);
    await Promise.all(Array.from({ length: 8 }, (_, i) => add(i)));
    assert.deepEqual(writes, [[0], [1, 2, 3], [4, 5, 6], [7]]);
  });

  it('a failed write fails its own callers alone; later writes go on', async () => {
    const add = batched<number>(async (items) => {
      await new Promise((r) => setTimeout(r, 1));
      if (items.includes(2)) throw new Error('store down');
    });
    const results = await Promise.allSettled([add(1), add(2), add(3), add(4)]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'rejected', 'rejected'],
    );
    await add(5);
  });

  it('batchedEach: each caller gets the answer for its own item', async () => {
    const writes: number[][] = [];
    const even = batchedEach<number, boolean>(async (items) => {
      writes.push(items);
      await new Promise((r) => setTimeout(r, 2));
      return items.map((n) => n % 2 === 0);
    });
    const answers = await Promise.all([5, 6, 7, 8, 9].map((n) => even(n)));
    assert.deepEqual(answers, [false, true, false, true, false]);
    assert.deepEqual(writes, [[5], [6, 7, 8, 9]]);
  });
});
