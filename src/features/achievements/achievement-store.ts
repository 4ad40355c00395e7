import type { Actor } from '../../actor.js';
import type { AchievementRecord, IssuerRecord } from '../../core/types.js';
import { notFound } from '../../errors.js';
import type { WithLease } from '../../infra/leases.js';
import type { AuditLog } from '../audit/audit.repository.js';
import { createLifecycle } from '../shared/lifecycle.js';
import { createTtlCache } from '../../core/ttl-cache.js';
import type { ScopedRepository } from '../shared/scoped-repository.js';
import { createEditions } from './editions.js';
import type { EditionsRepository, LinkPair } from './editions.repository.js';
import { agreeingStackability } from './stack-links.js';
import { changedFields, contentOf, recordAtVersion } from './versioning.js';

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

export type Who = Actor | 'system';

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

/** What the achievement use cases share: the records (and issuance's kept copies), editions, journal. */
export function createAchievementStore(deps: AchievementsDeps) {
  const { repo, find: findKept } = keepForIssuance(deps.repo, deps.clock);
  return {
    deps,
    repo,
    findKept,
    lifecycle: createLifecycle(repo, deps.audit, 'achievement', 'Achievement'),
    views: createEditions(deps),
    rules: (issuerId: string) => ({
      isIscedField: deps.isIscedField,
      findOwn: (id: string) => repo.get(issuerId, id),
    }),
  };
}

export type AchievementStore = ReturnType<typeof createAchievementStore>;

export const leaseOf = (id: string) => `achievement:${id}`;

/** Records the current version's snapshot (repairs a write that died between record and snapshot). */
export const snapshot = (store: AchievementStore, record: AchievementRecord, changed: string[]) =>
  store.deps.editions.putVersion({
    achievementId: record.id,
    issuerId: record.issuerId,
    version: record.version,
    content: contentOf(record),
    changed,
    createdAt: new Date(record.updatedAt),
  });

/** Applies a change of content as the next version; a change that changes nothing is no version. */
export async function commit(
  store: AchievementStore,
  who: Who,
  current: AchievementRecord,
  next: AchievementRecord,
): Promise<AchievementRecord> {
  const changed = changedFields(current, next);
  if (changed.length === 0) return current;
  await snapshot(store, current, []);
  const updated = await store.repo.update(current.issuerId, current.id, {
    ...contentOf(next),
    version: current.version + 1,
  });
  if (!updated) throw notFound('Achievement');
  await snapshot(store, updated, changed);
  await store.deps.audit.append({
    principal: who === 'system' ? 'system' : who.principal,
    issuerId: current.issuerId,
    action: 'achievement.updated',
    targetType: 'achievement',
    targetId: current.id,
    ...(who === 'system' ? {} : { requestId: who.requestId }),
    details: { version: updated.version, changed },
  });
  return updated;
}

/** Makes the far side of one stackability pair agree with its source; idempotent. */
export async function reconcile(store: AchievementStore, who: Who, pair: LinkPair): Promise<void> {
  const { repo } = store;
  await store.deps.withLease(leaseOf(pair.target), async (lease) => {
    const target = await repo.get(pair.issuerId, pair.target);
    if (!target || target.status !== 'active') return;
    const source = await repo.get(pair.issuerId, pair.source);
    const stackability = agreeingStackability(pair, source, target);
    if (!stackability) return;
    lease.check();
    await commit(store, who, target, { ...target, stackability });
  });
  await store.deps.editions.removePair(pair);
}

/** Finishes link updates a crashed or failed request left half done (read and write paths call it). */
export async function repairLinks(store: AchievementStore, issuerId: string): Promise<number> {
  const stale = store.deps.clock().getTime() - LINK_REPAIR_AFTER_MS;
  const pairs = (await store.deps.editions.pendingPairs(issuerId)).filter((p) => p.at.getTime() <= stale);
  for (const pair of pairs) await reconcile(store, 'system', pair);
  return pairs.length;
}

/**
 * When issuance last read each issuer's journal: a pair waits LINK_REPAIR_AFTER_MS before it is
 * repaired anyway, so issuances read the journal at most once a second per issuer.
 */
export function linkRepairSchedule() {
  const lastRepair = new Map<string, number>();
  return (issuerId: string, now: number): boolean => {
    const last = lastRepair.get(issuerId);
    if (last !== undefined && now >= last && now - last < LINK_REPAIR_EVERY_MS) return false;
    lastRepair.delete(issuerId);
    lastRepair.set(issuerId, now);
    if (lastRepair.size > 10_000) lastRepair.delete(lastRepair.keys().next().value as string);
    return true;
  };
}

/** The record at `version` (a past one rebuilt from its snapshot), or undefined if it never was. */
export async function asOf(
  store: AchievementStore,
  record: AchievementRecord,
  version?: number,
): Promise<AchievementRecord | undefined> {
  if (version === undefined || version === record.version) return record;
  const past =
    version < record.version ? await store.deps.editions.getVersion(record.id, version) : undefined;
  return past && recordAtVersion(record, version, past.content);
}
