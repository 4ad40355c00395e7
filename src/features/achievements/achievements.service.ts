import { randomUUID } from 'node:crypto';
import type { Actor } from '../../actor.js';
import type { Achievement } from '../../core/ob3/types.js';
import type { AchievementRecord, AchievementVersion, IssuerRecord, Lang } from '../../core/types.js';
import { AppError, notFound } from '../../errors.js';
import type { WithLease } from '../../infra/leases.js';
import type { AuditLog } from '../audit/audit.repository.js';
import { createLifecycle } from '../shared/lifecycle.js';
import { createTtlCache } from '../../core/ttl-cache.js';
import type { Page, PageRequest } from '../shared/paging.js';
import type { ScopedRepository } from '../shared/scoped-repository.js';
import { assertValid, normalizeStackability, type AchievementInput } from './achievement-rules.js';
import { createEditions } from './editions.js';
import type { EditionsRepository, LinkPair } from './editions.repository.js';
import { agreeingStackability, changedPairs } from './stack-links.js';
import { changedFields, contentOf, recordAtVersion } from './versioning.js';

export type { AchievementInput } from './achievement-rules.js';

export interface AchievementsDeps {
  repo: ScopedRepository<AchievementRecord>;
  editions: EditionsRepository;
  audit: AuditLog;
  /** ISCED-F 2013 code known to the EU vocabulary */
  isIscedField: (code: string) => boolean;
  /** one writer per achievement at a time, across instances */
  withLease: WithLease;
  issuerById: (id: string) => Promise<IssuerRecord | undefined>;
  publicUrl: string;
  clock: () => Date;
}

/** A journal pair younger than this may belong to a request still at work; older ones are repaired. */
export const LINK_REPAIR_AFTER_MS = 60_000;
/** How often an issuer's link journal is read, at most. */
const LINK_REPAIR_EVERY_MS = 1_000;

type Who = Actor | 'system';

/** How long issuances use an achievement record read before (a write in this process drops it at once). */
export const ACHIEVEMENT_KEPT_MS = 1_000;

/**
 * The records issuances read, kept ACHIEVEMENT_KEPT_MS (an id that names none is read again each
 * time): an update or archive through `repo` in this process drops the record before and after it is
 * written; one made by another instance is seen here within the lifetime. Each caller gets its own copy.
 */
function keepForIssuance(scoped: ScopedRepository<AchievementRecord>, clock: () => Date) {
  const kept = createTtlCache<AchievementRecord | undefined>({
    ttlMs: ACHIEVEMENT_KEPT_MS,
    max: 1_000,
    clock,
    keep: (record) => record !== undefined,
  });
  const key = (issuerId: string, id: string) => `${issuerId}:${id}`;
  const repo: ScopedRepository<AchievementRecord> = {
    ...scoped,
    async update(issuerId, id, fields) {
      kept.drop(key(issuerId, id));
      try {
        return await scoped.update(issuerId, id, fields);
      } finally {
        kept.drop(key(issuerId, id));
      }
    },
  };
  const find = async (issuerId: string, id: string) => {
    const found = await kept.get(key(issuerId, id), issuerId, () => scoped.get(issuerId, id));
    return found && structuredClone(found);
  };
  return { repo, find };
}

export function createAchievementsService(deps: AchievementsDeps) {
  const { editions, audit, withLease, clock } = deps;
  const { repo, find: findKept } = keepForIssuance(deps.repo, clock);
  const lifecycle = createLifecycle(repo, audit, 'achievement', 'Achievement');
  const views = createEditions(deps);
  const lease = (id: string) => `achievement:${id}`;
  const rules = (issuerId: string) => ({
    isIscedField: deps.isIscedField,
    findOwn: (id: string) => repo.get(issuerId, id),
  });

  /** Records the current version's snapshot (repairs a write that died between record and snapshot). */
  const snapshot = (record: AchievementRecord, changed: string[]) =>
    editions.putVersion({
      achievementId: record.id,
      issuerId: record.issuerId,
      version: record.version,
      content: contentOf(record),
      changed,
      createdAt: new Date(record.updatedAt),
    });

  /** Applies a change of content as the next version; a change that changes nothing is no version. */
  const commit = async (who: Who, current: AchievementRecord, next: AchievementRecord) => {
    const changed = changedFields(current, next);
    if (changed.length === 0) return current;
    await snapshot(current, []);
    const updated = await repo.update(current.issuerId, current.id, {
      ...contentOf(next),
      version: current.version + 1,
    });
    if (!updated) throw notFound('Achievement');
    await snapshot(updated, changed);
    await audit.append({
      principal: who === 'system' ? 'system' : who.principal,
      issuerId: current.issuerId,
      action: 'achievement.updated',
      targetType: 'achievement',
      targetId: current.id,
      ...(who === 'system' ? {} : { requestId: who.requestId }),
      details: { version: updated.version, changed },
    });
    return updated;
  };

  /** Makes the far side of one stackability pair agree with its source; idempotent. */
  const reconcile = async (who: Who, pair: LinkPair): Promise<void> => {
    await withLease(lease(pair.target), async () => {
      const target = await repo.get(pair.issuerId, pair.target);
      if (!target || target.status !== 'active') return;
      const source = await repo.get(pair.issuerId, pair.source);
      const stackability = agreeingStackability(pair, source, target);
      if (stackability) await commit(who, target, { ...target, stackability });
    });
    await editions.removePair(pair);
  };

  // when issuance last read each issuer's journal: a pair waits LINK_REPAIR_AFTER_MS before it is
  // repaired anyway, so issuances read the journal at most once a second per issuer
  const lastRepair = new Map<string, number>();
  const repairDue = (issuerId: string, now: number) => {
    const last = lastRepair.get(issuerId);
    if (last !== undefined && now >= last && now - last < LINK_REPAIR_EVERY_MS) return false;
    lastRepair.delete(issuerId);
    lastRepair.set(issuerId, now);
    if (lastRepair.size > 10_000) lastRepair.delete(lastRepair.keys().next().value as string);
    return true;
  };

  /** Finishes link updates a crashed or failed request left half done (read and write paths call it). */
  const repairLinks = async (issuerId: string): Promise<number> => {
    const stale = clock().getTime() - LINK_REPAIR_AFTER_MS;
    const pairs = (await editions.pendingPairs(issuerId)).filter((p) => p.at.getTime() <= stale);
    for (const pair of pairs) await reconcile('system', pair);
    return pairs.length;
  };

  /** The record at `version` (a past one rebuilt from its snapshot), or undefined if it never was. */
  const asOf = async (
    record: AchievementRecord,
    version?: number,
  ): Promise<AchievementRecord | undefined> => {
    if (version === undefined || version === record.version) return record;
    const past = version < record.version ? await editions.getVersion(record.id, version) : undefined;
    return past && recordAtVersion(record, version, past.content);
  };

  const get = async (issuerId: string, id: string): Promise<AchievementRecord> => {
    await repairLinks(issuerId);
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
      if (repairDue(issuerId, clock().getTime())) await repairLinks(issuerId);
      return findKept(issuerId, id);
    },
    /** An achievement definition by id, whoever issued it: its editions are public (credentials embed them). */
    async getPublic(id: string): Promise<AchievementRecord> {
      const found = await repo.getPublic(id);
      if (!found) throw notFound('Achievement');
      if ((await repairLinks(found.issuerId)) === 0) return found;
      return (await repo.getPublic(id)) ?? found;
    },
    list: lifecycle.list,
    archive: lifecycle.archive,
    repairLinks,
    editions: views,

    async create(actor: Actor, input: AchievementInput): Promise<AchievementRecord> {
      await repairLinks(actor.issuerId);
      const { stackability: given, ...rest } = input;
      const stackability = normalizeStackability(given);
      const fields = { ...rest, ...(stackability ? { stackability } : {}) };
      await assertValid(rules(actor.issuerId), fields);
      const id = randomUUID();
      const pairs = changedPairs(actor.issuerId, id, undefined, stackability, clock());
      await editions.addPairs(pairs);
      const created = await lifecycle.create(actor, { ...fields, _id: id, version: 1 });
      await snapshot(created, []);
      for (const pair of pairs) await reconcile(actor, pair);
      return created;
    },

    async update(actor: Actor, id: string, changes: Partial<AchievementInput>): Promise<AchievementRecord> {
      await repairLinks(actor.issuerId);
      const { updated, pairs } = await withLease(lease(id), async () => {
        const current = await lifecycle.get(actor.issuerId, id);
        if (current.status === 'archived')
          throw new AppError('conflict', 'An archived achievement cannot be changed');
        const stackability = normalizeStackability(changes.stackability) ?? current.stackability;
        const merged = { ...current, ...changes, stackability } as AchievementRecord;
        if (!stackability) delete merged.stackability;
        await assertValid(rules(actor.issuerId), merged, id);
        const found = changedPairs(actor.issuerId, id, current.stackability, stackability, clock());
        await editions.addPairs(found);
        return { updated: await commit(actor, current, merged), pairs: found };
      });
      for (const pair of pairs) await reconcile(actor, pair);
      return updated;
    },

    /** The version history, newest first (each version with the fields it changed and its editions). */
    async versions(
      id: string,
      { page, pageSize }: PageRequest,
      issuerId?: string,
    ): Promise<Page<AchievementVersion & { editions: Partial<Record<Lang, string>> }>> {
      const record = issuerId ? await get(issuerId, id) : await repo.getPublic(id);
      if (!record) throw notFound('Achievement');
      await snapshot(record, []);
      const top = record.version - (page - 1) * pageSize;
      const numbers = Array.from({ length: Math.max(0, Math.min(pageSize, top)) }, (_, i) => top - i);
      const items = (await editions.listVersions(id, numbers)).map(({ content, ...version }) => ({
        ...version,
        editions: views.editionUrls(record, version.version, content),
      }));
      return { items, page, pageSize, total: record.version };
    },

    /**
     * The record as it stood at `version`: a past version's content under today's bookkeeping; the
     * current record for the current version or none given; not found for a version that never was.
     */
    async atVersion(issuerId: string, id: string, version?: number): Promise<AchievementRecord> {
      const found = await asOf(await get(issuerId, id), version);
      if (!found) throw notFound('Achievement version');
      return found;
    },
    /** As `atVersion`, answering undefined for an achievement or version that is not there. */
    async findAtVersion(
      issuerId: string,
      id: string,
      version?: number,
    ): Promise<AchievementRecord | undefined> {
      await repairLinks(issuerId);
      const record = await repo.get(issuerId, id);
      return record && asOf(record, version);
    },

    /** The edition an issuance embeds, frozen on first use. */
    edition: (record: AchievementRecord, lang: Lang): Promise<Achievement> => views.freeze(record, lang),
  };
}

export type AchievementsService = ReturnType<typeof createAchievementsService>;
