import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { AppError } from '../../src/errors.js';
import { createLeases, LeaseLostError, type WithLease } from '../../src/infra/leases.js';
import { connectStore, type Store } from '../../src/infra/mongo.js';
import { createLogger } from '../../src/infra/logger.js';
import { testMongoUri } from '../helpers/store.js';

/** Counts how many holders are inside at once; the largest count seen is the lease's verdict. */
function occupancy() {
  let inside = 0;
  let most = 0;
  const order: string[] = [];
  return {
    async run(name: string, ms: number) {
      inside += 1;
      most = Math.max(most, inside);
      order.push(`${name}:in`);
      await delay(ms);
      order.push(`${name}:out`);
      inside -= 1;
      return name;
    },
    most: () => most,
    order,
  };
}

describe('leases (infra/leases.ts): mutual exclusion on a store whose filtered writes are not atomic', function () {
  this.timeout(60000);
  let store: Store;
  const leases = () => store.connection.collection<{ _id: string; token: string; until: Date }>('leases');
  const clock = () => new Date();
  const skewed = (ms: number) => () => new Date(Date.now() + ms);

  before(async () => {
    store = await connectStore(await testMongoUri('leases'), createLogger('silent'));
  });
  after(() => store.close());

  it('a holder whose work lasts three times the TTL keeps the lease (renewed) and a contender waits for it', async () => {
    const withLease = createLeases(store.connection, { clock, ttlMs: 300 });
    const seen = occupancy();
    const slow = withLease('slow-holder', () => seen.run('holder', 1000));
    // the contender comes once the holder is inside (on a busy machine taking the lease may take a while)
    while (!seen.order.includes('holder:in')) await delay(5);
    const contender = withLease('slow-holder', () => seen.run('contender', 10));
    assert.deepEqual(await Promise.all([slow, contender]), ['holder', 'contender']);
    assert.equal(seen.most(), 1, 'never two inside at once');
    assert.deepEqual(seen.order, ['holder:in', 'holder:out', 'contender:in', 'contender:out']);
    assert.equal(await leases().countDocuments({ _id: 'slow-holder' }), 0, 'given back after use');
  });

  it('a holder renews its lease (token-filtered writes): past its first expiry no one takes it over', async () => {
    const options = { clock, ttlMs: 4500, waitMs: 20_000 };
    const withLease = createLeases(store.connection, options);
    const seen = occupancy();
    const slow = withLease('renewed', () => seen.run('holder', 8000));
    while (!seen.order.includes('holder:in')) await delay(5);
    const firstUntil = (await leases().findOne({ _id: 'renewed' }))?.until.getTime() ?? 0;
    const contender = createLeases(store.connection, options)('renewed', () => seen.run('contender', 10));
    await delay(3000);
    const renewedUntil = (await leases().findOne({ _id: 'renewed' }))?.until.getTime() ?? 0;
    assert.ok(renewedUntil > firstUntil, 'the holder moved its expiry on');
    await Promise.all([slow, contender]);
    assert.deepEqual(seen.order, ['holder:in', 'holder:out', 'contender:in', 'contender:out']);
    assert.equal(await leases().countDocuments({ _id: /^mark:ended:renewed:/ }), 0, 'nobody ended it');
    assert.equal(await leases().countDocuments({ _id: 'renewed' }), 0, 'given back after use');
  });

  it('a lease abandoned by a dead holder is taken over, and eight takers racing for it still enter one at a time', async () => {
    await leases().insertOne({
      _id: 'abandoned',
      token: 'dead-holder',
      until: new Date(Date.now() - 60_000),
    });
    const takers: WithLease[] = Array.from({ length: 8 }, () =>
      createLeases(store.connection, { clock, ttlMs: 5000 }),
    );
    const seen = occupancy();
    const names = await Promise.all(takers.map((take, i) => take('abandoned', () => seen.run(`t${i}`, 30))));
    assert.equal(names.length, 8);
    assert.equal(seen.most(), 1, 'the takeover let exactly one taker in at a time');
    assert.equal(await leases().countDocuments({ _id: 'abandoned' }), 0);
    assert.equal(
      await leases().countDocuments({ _id: 'mark:ended:abandoned:dead-holder' }),
      1,
      'one mark ended the dead holder',
    );
  });

  it('a holder that was taken for dead (a taker whose clock runs a minute ahead) cannot remove the lease the taker now holds', async () => {
    const holder = createLeases(store.connection, { clock, ttlMs: 1000 });
    const taker = createLeases(store.connection, { clock: skewed(60_000), ttlMs: 1000 });
    const third = createLeases(store.connection, { clock, ttlMs: 1000 });
    const seen = occupancy();
    let release!: () => void;
    const takerHolds = new Promise<void>((done) => (release = done));
    const first = holder('skewed', () => seen.run('holder', 1500));
    await delay(100);
    const second = taker('skewed', async () => {
      await seen.run('taker-enters', 0);
      await takerHolds;
      return 'taker';
    });
    await first; // the holder ends its work and gives the lease back while the taker is inside
    const lease = await leases().findOne({ _id: 'skewed' });
    assert.ok(lease, 'the taker still holds the lease after the old holder released');
    let thirdIn = false;
    const late = third('skewed', async () => {
      thirdIn = true;
    });
    await delay(300);
    assert.equal(thirdIn, false, 'nobody else got in while the taker holds it');
    release();
    assert.equal(await second, 'taker');
    await late;
    assert.equal(thirdIn, true);
  });

  it('tells a holder paused past its renewals that its lease may be gone: check() refuses the write it guards', async () => {
    const withLease = createLeases(store.connection, { clock, ttlMs: 4500 });
    const writes: string[] = [];
    await assert.rejects(
      withLease('paused', async (lease) => {
        lease.check();
        writes.push('before the pause');
        // the event loop blocked for 3 s: no renewal ran (every 1.5 s), and the lease is within 2 s of its expiry
        const until = Date.now() + 3000;
        while (Date.now() < until);
        lease.check();
        writes.push('after the pause');
      }),
      (error: unknown) =>
        error instanceof LeaseLostError && error.status === 503 && error.headers['Retry-After'] === '1',
    );
    assert.deepEqual(writes, ['before the pause']);
    assert.equal(await leases().countDocuments({ _id: 'paused' }), 0, 'given back, through its mark');
    assert.equal(await leases().countDocuments({ _id: /^mark:ended:paused:/ }), 1);
  });

  it('keeps a holder whose renewals run in time: check() passes through work three times the TTL', async () => {
    const withLease = createLeases(store.connection, { clock, ttlMs: 4500 });
    let checks = 0;
    await withLease('renewing', async (lease) => {
      for (let i = 0; i < 27; i += 1) {
        await delay(500);
        lease.check();
        checks += 1;
      }
    });
    assert.equal(checks, 27);
  });

  it('answers 503 service-unavailable with Retry-After when the lease stays busy beyond the wait', async () => {
    const holder = createLeases(store.connection, { clock, ttlMs: 5000 });
    const impatient = createLeases(store.connection, { clock, ttlMs: 5000, waitMs: 200 });
    let done!: () => void;
    const held = holder('busy', () => new Promise<void>((r) => (done = r)));
    await delay(50);
    await assert.rejects(
      impatient('busy', async () => assert.fail('must not enter')),
      (error: unknown) =>
        error instanceof AppError &&
        error.code === 'service-unavailable' &&
        error.status === 503 &&
        error.headers['Retry-After'] === '1',
    );
    done();
    await held;
  });
});
