import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { testMongoUri } from '../helpers/store.js';

/**
 * Instances deployed together create their collections together. On the embedded store two of them
 * can collide in its catalogue (E11000 on its `meta` table); every instance must still start.
 */
describe('service instances starting at once on one fresh database', function () {
  this.timeout(180_000);
  const apps: TestApp[] = [];
  after(() => Promise.all(apps.map((t) => t.close())));

  it('all start, and each sees every collection and its indexes', async () => {
    for (let round = 0; round < 2; round += 1) {
      const mongoUri = await testMongoUri(`concurrent-start-${round}`);
      const masterKey = randomBytes(32).toString('base64url');
      const started = await Promise.allSettled(
        [0, 1, 2, 3].map(() => startTestApp('concurrent-start', { mongoUri, masterKey })),
      );
      for (const result of started) if (result.status === 'fulfilled') apps.push(result.value);
      const failed = started
        .filter((r) => r.status === 'rejected')
        .map((r) => String((r as PromiseRejectedResult).reason?.stack));
      assert.deepEqual(failed, [], `round ${round}`);
      const [first] = apps.slice(-4);
      const db = first?.deps.store.connection.db;
      assert.ok(db);
      const names = (await db.listCollections().toArray()).map((c) => c.name);
      for (const model of Object.values(first.deps.store.connection.models))
        assert.ok(names.includes(model.collection.collectionName), model.modelName);
    }
  });
});
