import type { Connection } from 'mongoose';
import { createLeases } from '../../infra/leases.js';
import type { PageRequest } from '../shared/paging.js';
import {
  credentialModel,
  idempotencyModel,
  type CredentialDoc,
  type IdempotencyDoc,
  type StatusChange,
} from './credential.model.js';

export interface CredentialFilter {
  learnerId?: string;
  achievementId?: string;
  from?: Date;
  to?: Date;
  status?: string;
}

export type ClaimResult = { won: true } | { won: false; existing: IdempotencyDoc };

const isDuplicate = (error: unknown): boolean => (error as { code?: number })?.code === 11000;

export function createCredentialsRepository(conn: Connection, clock: () => Date) {
  const credentials = credentialModel(conn);
  const withLease = createLeases(conn, { clock });
  const claims = idempotencyModel(conn);
  return {
    async insert(doc: CredentialDoc): Promise<void> {
      await credentials.create(doc);
    },
    async get(id: string, issuerId?: string): Promise<CredentialDoc | undefined> {
      const doc = await credentials.findOne(issuerId ? { _id: id, issuerId } : { _id: id }).lean();
      return (doc as CredentialDoc | null) ?? undefined;
    },
    async list(issuerId: string, filter: CredentialFilter, { page, pageSize }: PageRequest) {
      const query: Record<string, unknown> = { issuerId };
      if (filter.learnerId) query.learnerId = filter.learnerId;
      if (filter.achievementId) query.achievementId = filter.achievementId;
      if (filter.status) query.status = filter.status;
      if (filter.from || filter.to)
        query.awardedDate = {
          ...(filter.from ? { $gte: filter.from } : {}),
          ...(filter.to ? { $lte: filter.to } : {}),
        };
      const [items, total] = await Promise.all([
        credentials
          .find(query)
          .sort({ createdAt: 1, _id: 1 })
          .skip((page - 1) * pageSize)
          .limit(pageSize)
          .lean(),
        credentials.countDocuments(query),
      ]);
      return { items: items as CredentialDoc[], total };
    },
    /** Runs a read-check-write of one credential's status as its only writer (across instances). */
    exclusive: <T>(id: string, work: () => Promise<T>): Promise<T> => withLease(`credential:${id}`, work),
    /** Sets the status only if it is still `from` (a second guard; `exclusive` makes it hold on FerretDB too). */
    async changeStatus(
      id: string,
      from: CredentialDoc['status'],
      change: StatusChange,
    ): Promise<CredentialDoc | undefined> {
      const doc = await credentials
        .findOneAndUpdate(
          { _id: id, status: from },
          { $set: { status: change.status }, $push: { statusHistory: change } },
          { returnDocument: 'after' },
        )
        .lean();
      return (doc as CredentialDoc | null) ?? undefined;
    },
    async byCredentialId(issuerId: string, credentialUrlOrId: string): Promise<CredentialDoc | undefined> {
      const doc = await credentials
        .findOne({ issuerId, $or: [{ _id: credentialUrlOrId }, { 'credential.id': credentialUrlOrId }] })
        .lean();
      return (doc as CredentialDoc | null) ?? undefined;
    },
    async claim(doc: IdempotencyDoc): Promise<ClaimResult> {
      try {
        await claims.create(doc);
        return { won: true };
      } catch (error) {
        if (!isDuplicate(error)) throw error;
        const existing = await claims.findById(doc._id).lean();
        if (!existing) return this.claim(doc);
        return { won: false, existing: existing as IdempotencyDoc };
      }
    },
    async getClaim(id: string): Promise<IdempotencyDoc | undefined> {
      return ((await claims.findById(id).lean()) as IdempotencyDoc | null) ?? undefined;
    },
    async completeClaim(id: string): Promise<void> {
      await claims.updateOne({ _id: id }, { $set: { state: 'done' } });
    },
    async dropClaim(id: string): Promise<void> {
      await claims.deleteOne({ _id: id, state: 'pending' });
    },
  };
}

export type CredentialsRepository = ReturnType<typeof createCredentialsRepository>;
