import { batched } from '../../core/batch.js';
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { actorName, type Principal } from '../../actor.js';
import { plain } from '../shared/mongo-types.js';
import type { Page, PageRequest } from '../shared/paging.js';
import { auditModel, type AuditDoc } from './audit.model.js';

/** An audit event as the API shows it. */
export type AuditEvent = Omit<AuditDoc, '_id' | 'at'> & { id: string; at: string };

export interface AuditEntry {
  principal: Principal | 'system';
  issuerId?: string;
  action: string;
  targetType: string;
  targetId: string;
  requestId?: string;
  details?: Record<string, unknown>;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  list(filter: { issuerId?: string }, paging: PageRequest): Promise<Page<AuditEvent>>;
}

const actorOf = (principal: Principal | 'system'): string =>
  principal === 'system' ? 'system' : actorName(principal);

/** The append-only audit log: who created, changed or issued what, when. */
export function createAuditLog(conn: Connection, clock: () => Date): AuditLog {
  const model = auditModel(conn);
  // the entries of concurrent requests go out in one round trip
  const insert = batched<AuditDoc>(async (docs) => {
    await model.insertMany(docs, { ordered: false });
  });
  return {
    async append(entry) {
      const doc: AuditDoc = {
        _id: randomUUID(),
        at: clock(),
        actor: actorOf(entry.principal),
        issuerId: entry.issuerId,
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId,
        requestId: entry.requestId,
        details: entry.details,
      };
      await insert(doc);
    },
    async list(filter, { page, pageSize }) {
      const query = filter.issuerId ? { issuerId: filter.issuerId } : {};
      const [docs, total] = await Promise.all([
        model
          .find(query)
          .sort({ at: 1, _id: 1 })
          .skip((page - 1) * pageSize)
          .limit(pageSize)
          .lean(),
        model.countDocuments(query),
      ]);
      return {
        items: docs.map((d) => plain<AuditEvent>(d as unknown as Record<string, unknown>)),
        page,
        pageSize,
        total,
      };
    },
  };
}
