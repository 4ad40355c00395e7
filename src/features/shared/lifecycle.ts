import type { Actor } from '../../actor.js';
import { AppError, notFound } from '../../errors.js';
import type { AuditLog } from '../audit/audit.repository.js';
import type { Page, PageRequest } from './paging.js';
import type { ScopedRepository } from './scoped-repository.js';

type AuditTrail = (actor: Actor, action: string, id: string) => Promise<void>;

/**
 * Appends `<targetType>.<action>` for one record to the audit log, with the actor's issuer and request,
 * so every kind of record leaves the same trail.
 */
function auditTrail(audit: AuditLog, targetType: string): AuditTrail {
  return (actor, action, id) =>
    audit.append({
      principal: actor.principal,
      issuerId: actor.issuerId,
      action: `${targetType}.${action}`,
      targetType,
      targetId: id,
      requestId: actor.requestId,
    });
}

interface ChangeDeps<R> {
  repo: ScopedRepository<R>;
  get: (issuerId: string, id: string) => Promise<R>;
  log: AuditTrail;
  label: string;
}

/**
 * Changes to an existing record, each read against its current state first: an archived record is
 * frozen (a change is a conflict, archiving again changes nothing and is not logged), and a record gone
 * between the read and the write is 'not found' rather than a silent no-op.
 */
function recordChanges<R extends { id: string; status: string }>({ repo, get, log, label }: ChangeDeps<R>) {
  return {
    /** Applies changes to an active record (archived records are frozen). */
    async update(
      actor: Actor,
      id: string,
      changes: Record<string, unknown>,
      check?: (merged: R) => Promise<void>,
    ): Promise<R> {
      const current = await get(actor.issuerId, id);
      if (current.status === 'archived')
        throw new AppError('conflict', `An archived ${label.toLowerCase()} cannot be changed`);
      if (check) await check({ ...current, ...changes });
      const updated = await repo.update(actor.issuerId, id, changes);
      if (!updated) throw notFound(label);
      await log(actor, 'updated', id);
      return updated;
    },

    async archive(actor: Actor, id: string): Promise<R> {
      const current = await get(actor.issuerId, id);
      if (current.status === 'archived') return current;
      const archived = await repo.update(actor.issuerId, id, { status: 'archived' });
      if (!archived) throw notFound(label);
      await log(actor, 'archived', id);
      return archived;
    },
  };
}

/**
 * The parts every issuer-scoped record shares: read, list, archive, and the audit trail of changes.
 * Services add their own create/update rules on top.
 */
export function createLifecycle<R extends { id: string; status: string }>(
  repo: ScopedRepository<R>,
  audit: AuditLog,
  targetType: string,
  label: string,
) {
  const log = auditTrail(audit, targetType);

  const get = async (issuerId: string, id: string): Promise<R> => {
    const found = await repo.get(issuerId, id);
    if (!found) throw notFound(label);
    return found;
  };

  return {
    log,
    get,
    list: (issuerId: string, paging: PageRequest, status?: string): Promise<Page<R>> =>
      repo.list(issuerId, paging, status ? { status } : {}),

    async create(actor: Actor, fields: Record<string, unknown>): Promise<R> {
      const created = await repo.create(actor.issuerId, { ...fields, status: 'active' });
      await log(actor, 'created', created.id);
      return created;
    },

    ...recordChanges({ repo, get, log, label }),
  };
}
