import assert from 'node:assert/strict';
import mongoose, { Schema, type Connection } from 'mongoose';
import { batchedInsert, insertEach, isStoreUnavailable } from '../../src/infra/mongo.js';
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
    // the driver's bulk error for a connection closed mid-command: thrown as it is, and it reads as
    // "store unavailable" (503), not as a refusal or an internal error
    const closed = new mongoose.mongo.MongoBulkWriteError(
      new mongoose.mongo.MongoNetworkError('connection 7 closed'),
      {} as ConstructorParameters<typeof mongoose.mongo.MongoBulkWriteError>[1],
    );
    const lost = {
      insertMany: async () => {
        throw closed;
      },
    };
    await assert.rejects(
      insertEach(lost, [{ _id: 'x' }]),
      (error) => error === closed && isStoreUnavailable(error),
    );
  });
});

describe('infra/mongo batchedInsert (concurrent creations in one insert, each as `create` would store it)', () => {
  let conn: Connection;
  before(async () => {
    conn = await mongoose.createConnection(await testMongoUri('batched-insert')).asPromise();
  });
  after(() => conn.close());

  const schema = new Schema(
    { _id: { type: String, required: true }, n: { type: Number, required: true, min: 0 } },
    { timestamps: true, strict: 'throw', collection: 'things' },
  );

  it('stores what create() stores (cast, timestamps, version key), once per _id, concurrent callers together', async () => {
    const Thing = conn.model('Thing', schema);
    const insert = batchedInsert(Thing);
    await Thing.create({ _id: 'by-create', n: 1 });
    const answers = await Promise.all(
      ['a', 'b', 'a', 'c', 'by-create'].map((_id, i) => insert({ _id, n: String(i) })),
    );
    assert.deepEqual(
      answers.map((a) => a.inserted),
      [true, true, false, true, false],
    );
    const stored = await Thing.collection.find().sort({ _id: 1 }).toArray();
    const shape = (d: Record<string, unknown>) => Object.keys(d).sort().join(',');
    const byCreate = stored.find((d) => String(d._id) === 'by-create') as Record<string, unknown>;
    for (const d of stored) {
      assert.equal(shape(d), shape(byCreate), `${String(d._id)} stored with the same fields as create()`);
      assert.equal(typeof d.n, 'number');
      assert.ok(d.createdAt instanceof Date && d.updatedAt instanceof Date);
    }
    assert.deepEqual(
      stored.map((d) => [d._id, d.n]),
      [
        ['a', 0],
        ['b', 1],
        ['by-create', 1],
        ['c', 3],
      ],
    );
  });

  it('a document the model refuses is not stored, and the others of its batch are', async () => {
    const Other = conn.model('Other', schema.clone(), 'others');
    const insert = batchedInsert(Other);
    const results = await Promise.allSettled([insert({ _id: 'ok', n: 1 }), insert({ _id: 'bad', n: -1 })]);
    assert.equal(results[0].status, 'fulfilled');
    assert.equal(results[1].status, 'rejected');
    assert.match(String((results[1] as PromiseRejectedResult).reason), /n/);
    assert.deepEqual(await Other.collection.distinct('_id'), ['ok']);
  });
});
