import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { getBit } from '../../src/core/status/index.js';
import { createLeases, LeaseLostError, type Lease } from '../../src/infra/leases.js';
import { createLogger } from '../../src/infra/logger.js';
import { connectStore, type Store } from '../../src/infra/mongo.js';
import { asBytes, createBitWriter } from '../../src/features/status/status-bits.js';
import { statusListModel } from '../../src/features/status/status.model.js';
import { testMongoUri } from '../helpers/store.js';

const SIZE = 131_072;

describe('status bits (features/status/status-bits.ts): a holder that lost its lease writes no bits', function () {
  this.timeout(60000);
  let store: Store;
  let lists: ReturnType<typeof statusListModel>;

  before(async () => {
    store = await connectStore(await testMongoUri('status_bits'), createLogger('silent'));
    lists = statusListModel(store.connection);
  });
  after(() => store.close());

  const newList = async () => {
    const _id = `list-${randomUUID()}`;
    await lists.create({
      _id,
      issuerId: 'issuer-1',
      purpose: 'revocation',
      size: SIZE,
      bits: Buffer.alloc(SIZE / 8),
      version: 0,
      createdAt: new Date(),
    });
    return _id;
  };
  const stored = async (listId: string) => {
    const doc = await lists.findById(listId, { bits: 1, version: 1 }).lean();
    return { bits: asBytes(doc?.bits), version: doc?.version };
  };

  /**
   * This instance's view of the lists: its first read of `listId` is answered only after another
   * instance has revoked `theirs` in that list (as if this one had been paused right after reading),
   * and its first lease answers its check as one its holder lost during that pause.
   */
  const pausedAfterFirstRead = (listId: string, theirs: number) => {
    const real = createLeases(store.connection, { clock: () => new Date() });
    const other = createBitWriter(lists, (id, work) => real(`other:${id}`, work));
    let paused = false;
    const view = Object.create(lists) as typeof lists;
    view.findById = ((...args: Parameters<typeof lists.findById>) => {
      const query = lists.findById(...args);
      if (paused) return query;
      paused = true;
      return {
        lean: async () => {
          const read = await query.lean();
          await other(listId, theirs, true);
          return read;
        },
      };
    }) as unknown as typeof lists.findById;
    let leases = 0;
    const underLease = (id: string, work: (lease: Lease) => Promise<void>) =>
      real(`mine:${id}`, (lease) => {
        leases += 1;
        const first = leases === 1;
        return work({
          check: () => {
            if (first) throw new LeaseLostError(`status-list:${id}`);
            lease.check();
          },
        });
      });
    return { writer: createBitWriter(view, underLease), leases: () => leases };
  };

  it('reads the list again under a new lease: a revocation written during the pause is kept', async () => {
    const listId = await newList();
    const { writer, leases } = pausedAfterFirstRead(listId, 17);
    await writer(listId, 42, true);
    const { bits, version } = await stored(listId);
    assert.equal(getBit(bits, 17), true, 'the other instance’s revocation was not undone');
    assert.equal(getBit(bits, 42), true);
    assert.equal(version, 2, 'one write each: the lost hold wrote nothing');
    assert.equal(leases(), 2);
  });

  it('fails the change with a 503 after three more leases are lost, having written nothing', async () => {
    const listId = await newList();
    let leases = 0;
    const writer = createBitWriter(lists, async (_id, work) => {
      leases += 1;
      await work({
        check: () => {
          throw new LeaseLostError(`status-list:${listId}`);
        },
      });
    });
    await assert.rejects(
      writer(listId, 5, true),
      (error: unknown) => error instanceof LeaseLostError && error.status === 503,
    );
    assert.equal(leases, 4);
    const { bits, version } = await stored(listId);
    assert.equal(getBit(bits, 5), false);
    assert.equal(version, 0);
  });
});
