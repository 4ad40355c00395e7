import assert from 'node:assert/strict';
import mongoose, { type Connection } from 'mongoose';
import { insertEach } from '../../src/infra/mongo.js';
import { testMongoUri } from '../helpers/store.js';

describe('infra/mongo insertEach (one unordered insert, an answer per document)', () => {
  let conn: Connection;
  before(async () => {
    conn = await mongoose.createConnection(await testMongoUri('insert-each')).asPromise();
  });
  after(() => conn.close());

  it('inserts the new documents and tells which ones were duplicates, within the batch too', async () => {
    const c = conn.collection<{ _id: string; n: number }>('claims');
    assert.deepEqual(await insertEach(c, [{ _id: 'a', n: 1 }]), [true]);
    const answers = await insertEach(c, [
      { _id: 'b', n: 2 },
      { _id: 'a', n: 3 },
      { _id: 'c', n: 4 },
      { _id: 'b', n: 5 },
    ]);
    assert.deepEqual(answers, [true, false, true, false]);
    const stored = await c.find().sort({ _id: 1 }).toArray();
    assert.deepEqual(stored, [
      { _id: 'a', n: 1 },
      { _id: 'b', n: 2 },
      { _id: 'c', n: 4 },
    ]);
  });

  it('a failure other than a duplicate rejects the whole call', async () => {
    const failing = {
      insertMany: async () => {
        throw Object.assign(new Error('disk I/O error'), { code: 1, name: 'MongoServerError' });
      },
    };
    await assert.rejects(insertEach(failing, [{ _id: 'x' }]), /disk I\/O error/);
    const partly = {
      insertMany: async () => {
        throw Object.assign(new Error('bulk'), {
          writeErrors: [
            { index: 0, code: 11000, errmsg: 'E11000 duplicate key' },
            { index: 1, code: 2, errmsg: 'bad value' },
          ],
        });
      },
    };
    await assert.rejects(insertEach(partly, [{ _id: 'x' }, { _id: 'y' }]), /bulk/);
  });
});
