import { batched, batchedEach } from '../../core/batch.js';
import { randomInt, randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { createStatusList, MIN_STATUS_LIST_BITS, type StatusPurpose } from '../../core/status/index.js';
import { AppError } from '../../errors.js';
import { createLeases } from '../../infra/leases.js';
import { insertEach, isDuplicateKeyError } from '../../infra/mongo.js';
import { asBytes, createBitWriter } from './status-bits.js';
import {
  statusEntryModel,
  statusHeadModel,
  statusListModel,
  statusPendingModel,
  type StatusListDoc,
  type StatusListIdentity,
} from './status.model.js';

export interface Allocation {
  listId: string;
  index: number;
  purpose: StatusPurpose;
}

/** An allocation whose credential is not known to be stored, and until when its issuance holds it. */
export interface PendingAllocation {
  listId: string;
  index: number;
  credentialId: string;
  until: Date;
}

export interface StatusRepository {
  /**
   * claims a random free index in the issuer's current list of this purpose and identity (lists never
   * mix identities), pending until bound
   */
  allocate(
    issuerId: string,
    purpose: StatusPurpose,
    credentialId: string,
    identity: StatusListIdentity,
  ): Promise<Allocation>;
  /** the issuance still runs: its pending allocations are not to be reclaimed yet */
  renew(allocations: Allocation[]): Promise<void>;
  /** the credential holding these allocations is stored: they are no longer pending */
  bind(allocations: Array<Pick<Allocation, 'listId' | 'index'>>): Promise<void>;
  /**
   * gives back a pending index whose credential was never stored (a bound index is never freed); with
   * `credentialId`, only while it is still pending for that credential
   */
  release(allocation: Pick<Allocation, 'listId' | 'index'>, credentialId?: string): Promise<void>;
  /** pending allocations: issuances in flight, and dead ones not yet settled (at most `limit`) */
  pending(limit: number): Promise<PendingAllocation[]>;
  list(listId: string): Promise<StatusListDoc | undefined>;
  /** sets or clears one bit; resolves once the change is stored */
  setBit(listId: string, index: number, value: boolean): Promise<void>;
  /** keeps a signed list credential, unless the bits moved on meanwhile */
  cacheSigned(listId: string, signed: NonNullable<StatusListDoc['signed']>): Promise<void>;
}

export interface StatusRepositoryOptions {
  size?: number;
  /** how long an allocation stays pending without its issuance renewing it */
  pendingTtlMs?: number;
  clock: () => Date;
}

/** How long an allocation stays pending without its issuance renewing it (the default). */
export const PENDING_TTL_MS = 15_000;

/**
 * A list takes new indexes until one allocation meets this many taken indexes in a row: with random
 * picks that happens at about half fill (p = fill^12), with no shared counter to contend on.
 */
const ROLL_OVER_AFTER = 12;
/** How long a list head read from the store is used without reading it again. */
const HEAD_KEPT_MS = 5_000;
const MAX_PICKS = 64;

const entryId = ({ listId, index }: Pick<Allocation, 'listId' | 'index'>) => `${listId}:${index}`;
const headId = (issuerId: string, purpose: StatusPurpose, identity: StatusListIdentity) =>
  `${issuerId}:${purpose}:${identity}`;

/** The collections, lease and settings every part of the repository shares. */
function statusTables(conn: Connection, options: StatusRepositoryOptions) {
  const pendingTtl = options.pendingTtlMs ?? PENDING_TTL_MS;
  return {
    lists: statusListModel(conn),
    heads: statusHeadModel(conn),
    entries: statusEntryModel(conn),
    pending: statusPendingModel(conn),
    withLease: createLeases(conn, { clock: options.clock }),
    size: options.size ?? MIN_STATUS_LIST_BITS,
    clock: options.clock,
    later: () => new Date(options.clock().getTime() + pendingTtl),
  };
}

type StatusTables = ReturnType<typeof statusTables>;
type Head = { listId: string; size: number };

async function newList(
  t: StatusTables,
  issuerId: string,
  purpose: StatusPurpose,
  identity: StatusListIdentity,
): Promise<StatusListDoc> {
  const doc: StatusListDoc = {
    _id: randomUUID(),
    issuerId,
    purpose,
    size: t.size,
    bits: Buffer.from(createStatusList(t.size)),
    version: 0,
    createdAt: t.clock(),
    identity,
  };
  await t.lists.create(doc);
  return doc;
}

/** The current list of each issuer, purpose and identity: which list new indexes are drawn from. */
function listHeads(t: StatusTables) {
  // as last read: a head another instance has moved on since only costs claims in a fuller list (any
  // index claimed is claimed for good)
  const knownHeads = new Map<string, { head: Head; until: number }>();
  const known = (_id: string, head: Head) => {
    knownHeads.delete(_id);
    knownHeads.set(_id, { head, until: t.clock().getTime() + HEAD_KEPT_MS });
    if (knownHeads.size > 10_000) knownHeads.delete(knownHeads.keys().next().value as string);
    return head;
  };
  const headOf = async (
    issuerId: string,
    purpose: StatusPurpose,
    identity: StatusListIdentity,
    fresh: boolean,
  ): Promise<Head> => {
    const _id = headId(issuerId, purpose, identity);
    const kept = knownHeads.get(_id);
    if (!fresh && kept && kept.until > t.clock().getTime()) return kept.head;
    const head = await t.heads.findById(_id).lean();
    if (head) return known(_id, { listId: head.listId, size: head.size });
    const list = await newList(t, issuerId, purpose, identity);
    try {
      await t.heads.create({ _id, listId: list._id, size: list.size, createdAt: t.clock() });
      return known(_id, { listId: list._id, size: list.size });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      await t.lists.deleteOne({ _id: list._id }); // another instance opened the first list meanwhile
      return headOf(issuerId, purpose, identity, true);
    }
  };
  /** Two instances rolling over at once each open a list; the last one named stays current. */
  const rollOver = async (issuerId: string, purpose: StatusPurpose, identity: StatusListIdentity) => {
    const list = await newList(t, issuerId, purpose, identity);
    const _id = headId(issuerId, purpose, identity);
    await t.heads.updateOne({ _id }, { $set: { listId: list._id, size: list.size } });
    known(_id, { listId: list._id, size: list.size });
  };
  return { headOf, rollOver };
}

/** Claims of indexes: a pending mark, then the entry, each a unique `_id`. */
function indexClaims(t: StatusTables) {
  // the claims of concurrent issuances go out together: one insert of marks, one of entries per batch
  const mark = batchedEach((docs: object[]) => insertEach(t.pending.collection, docs));
  const enter = batchedEach((docs: object[]) => insertEach(t.entries.collection, docs));
  const claimIndex = async (listId: string, index: number, credentialId: string): Promise<boolean> => {
    const _id = entryId({ listId, index });
    if (!(await mark({ _id, credentialId, until: t.later(), createdAt: t.clock() }))) return false;
    // a failure other than a duplicate may have written the entry all the same (its answer lost): the
    // pending mark stays, and the reclaimer frees both once this issuance is over
    if (await enter({ _id, listId, index, credentialId, createdAt: t.clock() })) return true;
    await t.pending.deleteOne({ _id }).catch(() => undefined); // else the reclaimer drops it
    return false;
  };
  // bound indexes of concurrent issuances lose their pending marks in one round trip
  const unmark = batched<string>(async (ids) => {
    await t.pending.bulkWrite(
      ids.map((_id) => ({ deleteOne: { filter: { _id } } })),
      { ordered: false },
    );
  });
  return { claimIndex, unmark };
}

/** Random picks in the current list; a list that has filled up is rolled over to a new one. */
async function allocateIndex(
  heads: ReturnType<typeof listHeads>,
  claimIndex: ReturnType<typeof indexClaims>['claimIndex'],
  { issuerId, purpose, credentialId, identity }: AllocationRequest,
): Promise<Allocation> {
  for (let round = 0; round < 4; round += 1) {
    // a kept head first; after a round of failed picks, the store's
    const head = await heads.headOf(issuerId, purpose, identity, round > 0);
    for (let taken = 0; taken < MAX_PICKS; taken += 1) {
      const index = randomInt(head.size);
      if (!(await claimIndex(head.listId, index, credentialId))) continue;
      if (taken >= ROLL_OVER_AFTER) await heads.rollOver(issuerId, purpose, identity).catch(() => undefined);
      return { listId: head.listId, index, purpose };
    }
    await heads.rollOver(issuerId, purpose, identity);
  }
  throw new AppError('service-unavailable', 'No free status list index could be claimed; try again', [], {
    'Retry-After': '1',
  });
}

interface AllocationRequest {
  issuerId: string;
  purpose: StatusPurpose;
  credentialId: string;
  identity: StatusListIdentity;
}

/** Pending marks: allocations whose credentials are not known to be stored yet. */
function pendingMarks(t: StatusTables, unmark: (id: string) => Promise<void>) {
  const { pending, entries } = t;
  return {
    async renew(allocations: Allocation[]) {
      const until = t.later();
      for (const a of allocations) await pending.updateOne({ _id: entryId(a) }, { $set: { until } });
    },
    async bind(allocations: Array<Pick<Allocation, 'listId' | 'index'>>) {
      await Promise.all(allocations.map((a) => unmark(entryId(a))));
    },
    async release(allocation: Pick<Allocation, 'listId' | 'index'>, credentialId?: string) {
      const _id = entryId(allocation);
      const mark = await pending.findById(_id).lean();
      if (!mark || (credentialId !== undefined && mark.credentialId !== credentialId)) return;
      const entry = await entries.findById(_id).lean();
      if (entry?.credentialId === mark.credentialId) await entries.deleteOne({ _id });
      await pending.deleteOne({ _id });
    },
    async pending(limit: number): Promise<PendingAllocation[]> {
      const docs = await pending.find().limit(limit).lean();
      return docs.map((d) => {
        const [listId = '', index = ''] = d._id.split(':');
        return { listId, index: Number(index), credentialId: d.credentialId, until: new Date(d.until) };
      });
    },
  };
}

/** The lists themselves: read, bits changed under the list's lease, the signed credential kept. */
function listDocuments(t: StatusTables) {
  const { lists, withLease } = t;
  return {
    async list(listId: string): Promise<StatusListDoc | undefined> {
      const doc = (await lists.findById(listId).lean()) as StatusListDoc | null;
      return doc ? { ...doc, bits: Buffer.from(asBytes(doc.bits)) } : undefined;
    },
    setBit: createBitWriter(lists, (listId, work) => withLease(`status-list:${listId}`, work)),
    async cacheSigned(listId: string, signed: NonNullable<StatusListDoc['signed']>) {
      await withLease(`status-list:${listId}`, async () => {
        const current = await lists.findById(listId, { version: 1 }).lean();
        if (current?.version === signed.version) await lists.updateOne({ _id: listId }, { $set: { signed } });
      });
    },
  };
}

/**
 * Each list keeps its bitstring in its own document: reading a list is one document read. Bit changes
 * are read-modify-writes under the list's lease (infra/leases.ts); the changes that queue up in this
 * process meanwhile are written together, so concurrent revocations on one list cost one write each
 * round, not one lease each.
 * Status-list indexes are drawn at random (so an index says nothing about issue order or volume) and
 * claimed by inserting `<listId>:<index>` as a unique _id: two service instances can never hold the
 * same index, with no transaction and nothing kept in process memory. A claim is recorded as pending
 * before the entry is written, so no index is ever claimed where the reclaimer cannot see it.
 */
export function createStatusRepository(conn: Connection, options: StatusRepositoryOptions): StatusRepository {
  const t = statusTables(conn, options);
  const heads = listHeads(t);
  const { claimIndex, unmark } = indexClaims(t);
  return {
    allocate: (issuerId, purpose, credentialId, identity) =>
      allocateIndex(heads, claimIndex, { issuerId, purpose, credentialId, identity }),
    ...pendingMarks(t, unmark),
    ...listDocuments(t),
  };
}
