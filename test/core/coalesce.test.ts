import assert from 'node:assert/strict';
import { coalesce } from '../../src/core/coalesce.js';

/** A run that waits until released, recording what it saw when it started. */
function gatedWork() {
  const starts: Array<{ key: string; seen: number }> = [];
  const gates: Array<() => void> = [];
  let version = 0;
  const work = (key: string) =>
    new Promise<void>((resolve, reject) => {
      starts.push({ key, seen: version });
      gates.push(() => (key === 'fail' ? reject(new Error('sign failed')) : resolve()));
    });
  const releaseAll = async () => {
    while (gates.length > 0) {
      gates.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { starts, work, releaseAll, bump: () => (version += 1) };
}

describe('coalesce: repeated work on one key', () => {
  it('runs eight concurrent asks for one key as two runs, the second starting after every ask', async () => {
    const w = gatedWork();
    const run = coalesce(w.work);
    const asks: Array<Promise<void>> = [];
    for (let i = 0; i < 8; i += 1) {
      w.bump();
      asks.push(run('list-1'));
    }
    await w.releaseAll();
    await Promise.all(asks);
    assert.equal(w.starts.length, 2);
    assert.equal(w.starts[0]?.seen, 1, 'the first run began at the first ask');
    assert.equal(w.starts[1]?.seen, 8, 'the second run saw every later ask');
  });

  it('keeps keys apart, and runs again for an ask after the last run ended', async () => {
    const w = gatedWork();
    const run = coalesce(w.work);
    const both = [run('a'), run('b')];
    await w.releaseAll();
    await Promise.all(both);
    const again = run('a');
    await w.releaseAll();
    await again;
    assert.deepEqual(
      w.starts.map((s) => s.key),
      ['a', 'b', 'a'],
    );
  });

  it('reports a failed run to its callers, and the queued run still happens', async () => {
    const w = gatedWork();
    const run = coalesce(w.work);
    const first = run('fail');
    const second = run('fail');
    const outcomes = Promise.allSettled([first, second]);
    await w.releaseAll();
    const [a, b] = await outcomes;
    assert.equal(a.status, 'rejected');
    assert.equal(b.status, 'rejected', 'the queued run ran, and failed on its own');
    assert.equal(w.starts.length, 2);
  });
});
