import { randomInt, randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import {
  createStatusList,
  getBit,
  MIN_STATUS_LIST_BITS,
  setBit,
  type StatusPurpose,
} from '../../core/status/index.js';
import { createLeases } from '../../infra/leases.js';
import {
  statusEntryModel,
  statusListModel,
  type StatusListDoc,
  type StatusListIdentity,
} from './status.model.js';

export interface Allocation {
  listId: string;
  index: number;
  purpose: StatusPurpose;
}

export interface StatusRepository {
  /** an index in an open list of the issuer, purpose and identity (lists never mix identities) */
  allocate(
    issuerId: string,
    purpose: StatusPurpose,
    credentialId: string,
    identity: StatusListIdentity,
  ): Promise<Allocation>;
  /** gives back an index whose credential was never stored */
  release(allocation: Allocation): Promise<void>;
  list(listId: string): Promise<StatusListDoc | undefined>;
  /** sets or clears one bit; retries the compare-and-set until it lands */
  setBit(listId: string, index: number, value: boolean): Promise<void>;
  /** keeps a signed list credential, unless the bits moved on meanwhile */
  cacheSigned(listId: string, signed: NonNullable<StatusListDoc['signed']>): Promise<void>;
}

export interface StatusRepositoryOptions {
  size?: number;
  /** a list closes when this share of it is allocated, so random picks rarely collide */
  fillRatio?: number;
  clock: () => Date;
}

/** lean() hands back BSON Binary for Buffer fields; both forms expose the bytes. */
const asBytes = (value: unknown): Uint8Array =>
  value instanceof Uint8Array ? value : ((value as { buffer: Uint8Array }).buffer ?? new Uint8Array());

const isDuplicate = (error: unknown): boolean => (error as { code?: number })?.code === 11000;

/**
 * Each list keeps its bitstring in its own document: reading a list is one document read, and a bit
 * changes under the list's lease (and by compare-and-set on `version`), so concurrent changes from any
 * number of instances all land.
 * Status-list indexes are drawn at random (so an index says nothing about issue order or volume) and
 * claimed by inserting `<listId>:<index>` as a unique _id: two service instances can never hold the
 * same index, with no transaction and nothing kept in process memory.
 */
export function createStatusRepository(conn: Connection, options: StatusRepositoryOptions): StatusRepository {
  const lists = statusListModel(conn);
  const entries = statusEntryModel(conn);
  const withLease = createLeases(conn, { clock: options.clock });
  const size = options.size ?? MIN_STATUS_LIST_BITS;
  const limit = Math.floor(size * (options.fillRatio ?? 0.5));

  const underLease = <T>(listId: string, work: () => Promise<T>): Promise<T> =>
    withLease(`status-list:${listId}`, work);

  const openList = async (
    issuerId: string,
    purpose: StatusPurpose,
    identity: StatusListIdentity,
  ): Promise<StatusListDoc> => {
    const existing = await lists
      .findOne({ issuerId, purpose, identity, open: true })
      .sort({ createdAt: 1 })
      .lean();
    if (existing) return existing as StatusListDoc;
    const doc: StatusListDoc = {
      _id: randomUUID(),
      issuerId,
      purpose,
      size,
      allocated: 0,
      open: true,
      bits: Buffer.from(createStatusList(size)),
      version: 0,
      createdAt: options.clock(),
      identity,
    };
    await lists.create(doc);
    return doc;
  };

  const claim = async (list: StatusListDoc, credentialId: string): Promise<number | undefined> => {
    for (let attempt = 0; attempt < 64; attempt += 1) {
      const index = randomInt(list.size);
      try {
        await entries.create({
          _id: `${list._id}:${index}`,
          listId: list._id,
          index,
          credentialId,
          createdAt: options.clock(),
        });
        return index;
      } catch (error) {
        if (!isDuplicate(error)) throw error;
      }
    }
    return undefined;
  };

  return {
    async allocate(issuerId, purpose, credentialId, identity) {
      for (;;) {
        const list = await openList(issuerId, purpose, identity);
        const index = await claim(list, credentialId);
        await underLease(list._id, async () => {
          const updated =
            index === undefined
              ? undefined
              : await lists
                  .findOneAndUpdate(
                    { _id: list._id },
                    { $inc: { allocated: 1 } },
                    { returnDocument: 'after' },
                  )
                  .lean();
          if (!updated || updated.allocated >= limit)
            await lists.updateOne({ _id: list._id }, { $set: { open: false } });
        });
        if (index !== undefined) return { listId: list._id, index, purpose };
      }
    },
    async release({ listId, index }) {
      await entries.deleteOne({ _id: `${listId}:${index}` });
    },
    async list(listId) {
      const doc = (await lists.findById(listId).lean()) as StatusListDoc | null;
      return doc ? { ...doc, bits: Buffer.from(asBytes(doc.bits)) } : undefined;
    },
    async setBit(listId, index, value) {
      for (let attempt = 0; attempt < 100; attempt += 1) {
        const landed = await underLease(listId, async () => {
          const doc = await lists.findById(listId, { bits: 1, version: 1 }).lean();
          if (!doc) throw new Error(`status list ${listId} not found`);
          const bits = new Uint8Array(Buffer.from(asBytes(doc.bits)));
          if (getBit(bits, index) === value) return true;
          setBit(bits, index, value);
          const { modifiedCount } = await lists.updateOne(
            { _id: listId, version: doc.version },
            { $set: { bits: Buffer.from(bits) }, $inc: { version: 1 } },
          );
          return modifiedCount === 1;
        });
        if (landed) return;
      }
      throw new Error(`status list ${listId}: too much contention setting bit ${index}`);
    },
    async cacheSigned(listId, signed) {
      await underLease(listId, () =>
        lists.updateOne({ _id: listId, version: signed.version }, { $set: { signed } }),
      );
    },
  };
}
