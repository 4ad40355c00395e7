import { randomUUID } from 'node:crypto';
import type { Actor } from '../../actor.js';
import type { Achievement } from '../../core/ob3/types.js';
import type { AchievementRecord, AchievementVersion, Lang } from '../../core/types.js';
import { AppError, notFound } from '../../errors.js';
import type { Page, PageRequest } from '../shared/paging.js';
import { assertValid, normalizeStackability, type AchievementInput } from './achievement-rules.js';
import {
  asOf,
  commit,
  createAchievementStore,
  leaseOf,
  linkRepairSchedule,
  reconcile,
  repairLinks,
  snapshot,
  type AchievementStore,
  type AchievementsDeps,
} from './achievement-store.js';
import { changedPairs } from './stack-links.js';

export type { AchievementInput } from './achievement-rules.js';
export { ACHIEVEMENT_KEPT_MS, LINK_REPAIR_AFTER_MS, type AchievementsDeps } from './achievement-store.js';

/** A new achievement at version 1; the achievements it names as stackable are made to agree. */
async function createAchievement(
  store: AchievementStore,
  actor: Actor,
  input: AchievementInput,
): Promise<AchievementRecord> {
  await repairLinks(store, actor.issuerId);
  const { stackability: given, ...rest } = input;
  const stackability = normalizeStackability(given);
  const fields = { ...rest, ...(stackability ? { stackability } : {}) };
  await assertValid(store.rules(actor.issuerId), fields);
  const id = randomUUID();
  const pairs = changedPairs(actor.issuerId, id, undefined, stackability, store.deps.clock());
  // the journal is written first, so a crash before the far sides agree is repaired later
  await store.deps.editions.addPairs(pairs);
  const created = await store.lifecycle.create(actor, { ...fields, _id: id, version: 1 });
  await snapshot(store, created, []);
  for (const pair of pairs) await reconcile(store, actor, pair);
  return created;
}

/** A change of content as the next version, under the achievement's lease; archived ones are frozen. */
async function updateAchievement(
  store: AchievementStore,
  actor: Actor,
  id: string,
  changes: Partial<AchievementInput>,
): Promise<AchievementRecord> {
  await repairLinks(store, actor.issuerId);
  const { updated, pairs } = await store.deps.withLease(leaseOf(id), async (lease) => {
    const current = await store.lifecycle.get(actor.issuerId, id);
    if (current.status === 'archived')
      throw new AppError('conflict', 'An archived achievement cannot be changed');
    const stackability = normalizeStackability(changes.stackability) ?? current.stackability;
    const merged = { ...current, ...changes, stackability } as AchievementRecord;
    if (!stackability) delete merged.stackability;
    await assertValid(store.rules(actor.issuerId), merged, id);
    const found = changedPairs(actor.issuerId, id, current.stackability, stackability, store.deps.clock());
    await store.deps.editions.addPairs(found);
    lease.check(); // paused past its lease: another change may have been committed since `current`
    return { updated: await commit(store, actor, current, merged), pairs: found };
  });
  for (const pair of pairs) await reconcile(store, actor, pair);
  return updated;
}

/** The version history, newest first (each version with the fields it changed and its editions). */
async function versionHistory(
  store: AchievementStore,
  record: AchievementRecord | undefined,
  { page, pageSize }: PageRequest,
): Promise<Page<AchievementVersion & { editions: Partial<Record<Lang, string>> }>> {
  if (!record) throw notFound('Achievement');
  await snapshot(store, record, []);
  const top = record.version - (page - 1) * pageSize;
  const numbers = Array.from({ length: Math.max(0, Math.min(pageSize, top)) }, (_, i) => top - i);
  const items = (await store.deps.editions.listVersions(record.id, numbers)).map(
    ({ content, ...version }) => ({
      ...version,
      editions: store.views.editionUrls(record, version.version, content),
    }),
  );
  return { items, page, pageSize, total: record.version };
}

/** Reads that go back in time: the record as it stood at a version. */
function versionReads(
  store: AchievementStore,
  get: (issuerId: string, id: string) => Promise<AchievementRecord>,
) {
  return {
    /**
     * The record as it stood at `version`: a past version's content under today's bookkeeping; the
     * current record for the current version or none given; not found for a version that never was.
     */
    async atVersion(issuerId: string, id: string, version?: number): Promise<AchievementRecord> {
      const found = await asOf(store, await get(issuerId, id), version);
      if (!found) throw notFound('Achievement version');
      return found;
    },
    /** As `atVersion`, answering undefined for an achievement or version that is not there. */
    async findAtVersion(
      issuerId: string,
      id: string,
      version?: number,
    ): Promise<AchievementRecord | undefined> {
      await repairLinks(store, issuerId);
      const record = await store.repo.get(issuerId, id);
      return record && asOf(store, record, version);
    },
  };
}

export function createAchievementsService(deps: AchievementsDeps) {
  const store = createAchievementStore(deps);
  const { repo, lifecycle, views } = store;
  const repairDue = linkRepairSchedule();
  const get = async (issuerId: string, id: string): Promise<AchievementRecord> => {
    await repairLinks(store, issuerId);
    return lifecycle.get(issuerId, id);
  };
  return {
    get,
    /**
     * The issuer's achievement, or undefined: for issuances, which refuse an unknown id (422, not 404),
     * read the link journal at most once a second per issuer, and use a record read within the last
     * ACHIEVEMENT_KEPT_MS.
     */
    async find(issuerId: string, id: string): Promise<AchievementRecord | undefined> {
      if (repairDue(issuerId, deps.clock().getTime())) await repairLinks(store, issuerId);
      return store.findKept(issuerId, id);
    },
    /** An achievement definition by id, whoever issued it: its editions are public (credentials embed them). */
    async getPublic(id: string): Promise<AchievementRecord> {
      const found = await repo.getPublic(id);
      if (!found) throw notFound('Achievement');
      if ((await repairLinks(store, found.issuerId)) === 0) return found;
      return (await repo.getPublic(id)) ?? found;
    },
    list: lifecycle.list,
    archive: lifecycle.archive,
    repairLinks: (issuerId: string) => repairLinks(store, issuerId),
    editions: views,
    create: (actor: Actor, input: AchievementInput) => createAchievement(store, actor, input),
    update: (actor: Actor, id: string, changes: Partial<AchievementInput>) =>
      updateAchievement(store, actor, id, changes),
    versions: async (id: string, paging: PageRequest, issuerId?: string) =>
      versionHistory(store, issuerId ? await get(issuerId, id) : await repo.getPublic(id), paging),
    ...versionReads(store, get),
    /** The edition an issuance embeds, frozen on first use. */
    edition: (record: AchievementRecord, lang: Lang): Promise<Achievement> => views.freeze(record, lang),
  };
}

export type AchievementsService = ReturnType<typeof createAchievementsService>;
