import type { Connection, Model } from 'mongoose';
import { createLeases, createMarks, type Lease, type Marks } from '../../infra/leases.js';
import { batched } from '../../core/batch.js';
import { batchedInsert, isDuplicateKeyError } from '../../infra/mongo.js';
import type { PageRequest } from '../shared/paging.js';
import { createCredentialLists, type CredentialFilter } from './credential-lists.js';
import type { ListedCredential } from './credential-list.model.js';
import {
  credentialModel,
  idempotencyModel,
  type CredentialDoc,
  type IdempotencyDoc,
  type StatusChange,
  type StoredCredentialDoc,
  type VoidCredentialDoc,
} from './credential.model.js';

export type { CredentialFilter };

/** The migration that gave versions to list pages written before pages had them. */
const LIST_VERSIONS = 'credential-list-versions-v1';

/** What is stored under a credential id: the credential, the reclaimer's void mark, or nothing. */
export type Stored = { kind: 'credential'; doc: CredentialDoc } | { kind: 'void' } | { kind: 'absent' };

/** A credential as listed: what its summary shows. */
export type CredentialSummary = ListedCredential;

type AnyCredentialDoc = CredentialDoc | VoidCredentialDoc;

const isVoid = (doc: AnyCredentialDoc): doc is VoidCredentialDoc => doc.status === 'void';

/** The record as stored: the credential as its JSON text, and its own id beside it. */
const toStored = (doc: CredentialDoc) => ({
  ...doc,
  credential: JSON.stringify(doc.credential),
  ...(typeof doc.credential.id === 'string' ? { vcId: doc.credential.id } : {}),
});

/** The record as read: records stored before the JSON text hold the object itself. */
function fromStored(doc: StoredCredentialDoc): CredentialDoc;
function fromStored(doc: StoredCredentialDoc | VoidCredentialDoc): AnyCredentialDoc;
function fromStored(doc: StoredCredentialDoc | VoidCredentialDoc): AnyCredentialDoc {
  if (!('credential' in doc)) return doc;
  const { credential } = doc;
  return { ...doc, credential: typeof credential === 'string' ? JSON.parse(credential) : credential };
}

/** The last path segment of a `…/credentials/<id>` URL, else the value itself. */
const idFromUrl = (value: string): string => value.split(/[#?]/, 1)[0]?.split('/').pop() ?? value;

type CredentialModel = Model<StoredCredentialDoc>;
type CredentialLists = ReturnType<typeof createCredentialLists>;
type ById = (id: string) => Promise<AnyCredentialDoc | undefined>;

/** The one read every lookup goes through: by `_id` alone, the only filter FerretDB serves from an index. */
const byIdIn =
  (credentials: CredentialModel): ById =>
  async (id) => {
    const doc = (await credentials.findById(id).lean()) as StoredCredentialDoc | VoidCredentialDoc | null;
    return doc ? fromStored(doc) : undefined;
  };

/**
 * The writes that put a credential (or a void mark) under an id. Kept apart from the reads so that
 * where a record enters the store, and the list row that follows it, is one place to look.
 */
function credentialWrites(credentials: CredentialModel, lists: CredentialLists, clock: () => Date) {
  // the credentials of concurrent issuances are stored in one insert
  const insertStored = batchedInsert(credentials);
  return {
    /**
     * Stores a credential, then lists it; a second insert under the same id fails with a duplicate
     * key, whoever tries. Should listing fail (or the process die) after the insert, the caller leaves
     * the credential's status allocation pending, and the reclaimer relists it (`relist`).
     */
    async insert(doc: CredentialDoc): Promise<void> {
      await credentials.create(toStored(doc));
      await lists.add(doc);
    },
    /** Stores and lists a credential unless something is stored under its id already: true when this call stored it. */
    async insertOnce(doc: CredentialDoc): Promise<boolean> {
      if (!(await insertStored(toStored(doc))).inserted) return false;
      await lists.add(doc);
      return true;
    },
    /** Makes `id` unusable for a credential, unless one is stored already: true when this call voided it. */
    async voidId(id: string): Promise<boolean> {
      const mark: VoidCredentialDoc = { _id: id, status: 'void', createdAt: clock() };
      try {
        await credentials.collection.insertOne(mark as never);
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    },
    /**
     * Records a status change of `doc` as read. Only ever called under `exclusive`, after the caller
     * read and checked the current status there, so the filter is `_id` alone (a status filter would
     * be a scan on FerretDB, and no compare-and-set there anyway); the record answered is `doc` with
     * the change, not read again. The list row follows the record; should the process die in between,
     * the row is put right when the change is asked for again (`relist` on the refusal).
     */
    async changeStatus(doc: CredentialDoc, change: StatusChange): Promise<CredentialDoc | undefined> {
      const { matchedCount } = await credentials.updateOne(
        { _id: doc._id },
        { $set: { status: change.status }, $push: { statusHistory: change } },
      );
      if (!matchedCount) return undefined;
      const changed = { ...doc, status: change.status, statusHistory: [...doc.statusHistory, change] };
      await lists.put(changed);
      return changed;
    },
  };
}

/**
 * Lists every stored credential (void marks aside), 500 list writes in flight at most: the background
 * work of `backfillLists`. It reads the whole collection, which is why it runs once and not inline.
 */
async function relistAll(credentials: CredentialModel, lists: CredentialLists): Promise<number> {
  let count = 0;
  const pending: Array<Promise<void>> = [];
  const cursor = credentials.find({}, { credential: 0, jwt: 0 }).lean().cursor({ batchSize: 500 });
  for await (const doc of cursor as AsyncIterable<CredentialDoc | VoidCredentialDoc>) {
    if (isVoid(doc)) continue;
    pending.push(lists.put(doc));
    count += 1;
    if (pending.length >= 500) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  await lists.markBackfilled();
  return count;
}

/**
 * The issuer lists as the repository offers them: paging, the repair of one row, and the one-off
 * migrations of lists written before today's layout. Grouped so that the list feature's surface here
 * stays small while credential-lists.ts does the work.
 */
function listUpkeep(
  conn: Connection,
  credentials: CredentialModel,
  lists: CredentialLists,
  clock: () => Date,
) {
  return {
    /** Puts a stored credential's row into its issuer's list as the record is now (idempotent: a repair). */
    relist: (doc: CredentialDoc): Promise<void> => lists.put(doc),
    /**
     * Credentials stored before lists existed are listed once: undefined when there is nothing to
     * do (a mark records that it was done, or the store holds no credential yet), else that work, to
     * run in the background (it reads the whole collection; an interrupted run starts over at the next
     * start, relisting being idempotent). The work answers how many credentials it relisted.
     */
    async backfillLists(): Promise<(() => Promise<number>) | undefined> {
      if (await lists.backfilled()) return undefined;
      if (!(await credentials.exists({}))) {
        await lists.markBackfilled();
        return undefined;
      }
      return () => relistAll(credentials, lists);
    },
    /** Versions the list pages written before pages had versions (once; a mark records it). */
    async versionListPages(): Promise<number | undefined> {
      const migrations = conn.collection<{ _id: string; at: Date }>('migrations');
      if (await migrations.findOne({ _id: LIST_VERSIONS })) return undefined;
      const pages = await lists.versionPages();
      await migrations.updateOne({ _id: LIST_VERSIONS }, { $setOnInsert: { at: clock() } }, { upsert: true });
      return pages;
    },
    /** A page of the issuer's list: `_id` lookups of its head and pages, whatever the filter. */
    list: (issuerId: string, filter: CredentialFilter, paging: PageRequest) =>
      lists.list(issuerId, filter, paging),
  };
}

/**
 * The reads of one credential. Each is an `_id` lookup with the issuer checked in code, but for the
 * last resort of `byCredentialId` (a credential's own id that is not one of our URLs).
 */
function credentialReads(credentials: CredentialModel, byId: ById) {
  /** A credential by id; with `issuerId`, another issuer's credential is absent, exactly like a missing one. */
  const get = async (id: string, issuerId?: string): Promise<CredentialDoc | undefined> => {
    const doc = await byId(id);
    if (!doc || isVoid(doc) || (issuerId !== undefined && doc.issuerId !== issuerId)) return undefined;
    return doc;
  };
  return {
    async stored(id: string): Promise<Stored> {
      const doc = await byId(id);
      if (!doc) return { kind: 'absent' };
      return isVoid(doc) ? { kind: 'void' } : { kind: 'credential', doc };
    },
    get,
    /** By our id or the credential's own `id` (VC-API callers use either); our URLs are `_id` lookups. */
    async byCredentialId(issuerId: string, credentialUrlOrId: string): Promise<CredentialDoc | undefined> {
      for (const id of new Set([credentialUrlOrId, idFromUrl(credentialUrlOrId)])) {
        const doc = await get(id, issuerId);
        if (doc && (doc._id === credentialUrlOrId || doc.credential.id === credentialUrlOrId)) return doc;
      }
      const doc = await credentials
        .findOne({ issuerId, $or: [{ vcId: credentialUrlOrId }, { 'credential.id': credentialUrlOrId }] })
        .lean();
      return doc ? fromStored(doc) : undefined;
    },
  };
}

/**
 * The idempotency claims (idempotency.ts holds their protocol). They live with the credentials
 * because dropping a claim looks whether its credential was stored after all.
 */
function claimStore(claims: Model<IdempotencyDoc>, marks: Marks, byId: ById) {
  // the claims of concurrent issuances are stored in one insert
  const insertClaim = batchedInsert(claims);
  const getClaim = async (id: string): Promise<IdempotencyDoc | undefined> =>
    ((await claims.findById(id).lean()) as IdempotencyDoc | null) ?? undefined;
  /** The claim replays its credential from now on. */
  const completeClaim = batched<string>(async (ids) => {
    const update = { $set: { state: 'done' }, $unset: { holder: 1, until: 1 } };
    await claims.bulkWrite(
      ids.map((_id) => ({ updateOne: { filter: { _id }, update } })),
      { ordered: false },
    );
  });
  return {
    /** Inserts a claim: true when this call holds it now. */
    async claim(doc: IdempotencyDoc): Promise<boolean> {
      return (await insertClaim(doc)).inserted;
    },
    getClaim,
    /** Exactly one caller wins the right to take over one abandoned attempt (`holder`) at a key. */
    takeOverMark: (claimId: string, holder: string): Promise<boolean> =>
      marks.take(`claim:${claimId}:${holder}`),
    async updateClaim(
      id: string,
      fields: Partial<Pick<IdempotencyDoc, 'holder' | 'until' | 'credentialId'>>,
    ) {
      await claims.updateOne({ _id: id }, { $set: fields });
    },
    completeClaim,
    /**
     * Removes a pending claim this holder still holds, its attempt having failed — unless the
     * credential is stored after all (the failure came later): then the claim is done, and replays it.
     */
    async dropClaim(id: string, holder: string): Promise<void> {
      const current = await getClaim(id);
      if (current?.state !== 'pending' || current.holder !== holder) return;
      const doc = await byId(current.credentialId);
      if (doc && !isVoid(doc)) await completeClaim(id);
      else await claims.deleteOne({ _id: id });
    },
  };
}

/**
 * Every read on the issue, status-change and get paths is a lookup by `_id` alone, and the issuer is
 * checked in code: on FerretDB's SQLite backend only an `_id`-only filter reaches an index, and any
 * other filter (`{_id, issuerId}` included) reads every credential (DESIGN.md §4).
 */
export function createCredentialsRepository(conn: Connection, clock: () => Date) {
  const credentials = credentialModel(conn);
  const withLease = createLeases(conn, { clock });
  const claims = idempotencyModel(conn);
  const marks = createMarks(conn, clock);
  const lists = createCredentialLists(conn, clock);
  const byId = byIdIn(credentials);
  return {
    ...credentialWrites(credentials, lists, clock),
    ...listUpkeep(conn, credentials, lists, clock),
    ...credentialReads(credentials, byId),
    /** Runs a read-check-write of one credential's status as its only writer (across instances). */
    exclusive: <T>(id: string, work: (lease: Lease) => Promise<T>): Promise<T> =>
      withLease(`credential:${id}`, work),
    ...claimStore(claims, marks, byId),
  };
}

export type CredentialsRepository = ReturnType<typeof createCredentialsRepository>;
