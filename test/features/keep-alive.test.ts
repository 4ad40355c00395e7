import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { keepAlive } from '../../src/features/credentials/keep-alive.js';

describe('keep-alive of an issuance (features/credentials/keep-alive.ts)', () => {
  it('stop() answers only once a renewal under way has ended, and no renewal starts after it', async () => {
    const events: string[] = [];
    const alive = keepAlive(50);
    alive.also(async () => {
      events.push('renew:start');
      await delay(300);
      events.push('renew:end');
    });
    while (!events.includes('renew:start')) await delay(5);
    await alive.stop();
    events.push('stopped');
    await delay(200);
    assert.deepEqual(events, ['renew:start', 'renew:end', 'stopped']);
  });

  it('a failed renewal neither stops the next nor fails stop()', async () => {
    let calls = 0;
    const alive = keepAlive(20);
    alive.also(async () => {
      calls += 1;
      throw new Error('store away');
    });
    while (calls < 3) await delay(5);
    await alive.stop();
    assert.ok(calls >= 3);
  });
});
