import { AppError, notFound } from '../../http/errors.js';
import type { AuditLog } from '../audit/audit.repository.js';
import type { Actor } from '../shared/lifecycle.js';
import type { CredentialDoc, CredentialState } from './credential.model.js';
import type { CredentialsRepository } from './credentials.repository.js';

export type StatusAction = 'revoke' | 'suspend' | 'reinstate';

const TRANSITIONS: Record<StatusAction, { from: CredentialState[]; to: CredentialState; past: string }> = {
  revoke: { from: ['active', 'suspended'], to: 'revoked', past: 'revoked' },
  suspend: { from: ['active'], to: 'suspended', past: 'suspended' },
  reinstate: { from: ['suspended'], to: 'active', past: 'reinstated' },
};

function refused(doc: CredentialDoc, action: StatusAction): AppError {
  const why =
    doc.status === 'revoked'
      ? 'the credential is revoked, and revocation is final'
      : `a credential that is ${doc.status} cannot be ${TRANSITIONS[action].past}`;
  return new AppError('status-change-refused', `Cannot ${action}: ${why}`, [
    { pointer: '/status', detail: why },
  ]);
}

/**
 * Revoke, suspend, reinstate. The credential record is the single source of truth: the status lists
 * are recomputed from it on read, so one compare-and-set write changes both, and two concurrent
 * changes cannot both win. Revocation is final.
 */
export function createStatusChanges(repo: CredentialsRepository, audit: AuditLog, clock: () => Date) {
  return async (actor: Actor, id: string, action: StatusAction, reason?: string): Promise<CredentialDoc> => {
    const doc = await repo.get(id, actor.issuerId);
    if (!doc) throw notFound('Credential');
    const { from, to, past } = TRANSITIONS[action];
    if (!from.includes(doc.status)) throw refused(doc, action);
    const actorName = actor.principal.kind === 'issuer' ? `api-key:${actor.principal.apiKeyId}` : 'admin';
    const changed = await repo.changeStatus(id, doc.status, {
      status: to,
      reason,
      at: clock(),
      actor: actorName,
    });
    if (!changed) {
      const now = await repo.get(id, actor.issuerId);
      throw now ? refused(now, action) : notFound('Credential');
    }
    await audit.append({
      principal: actor.principal,
      issuerId: actor.issuerId,
      action: `credential.${past}`,
      targetType: 'credential',
      targetId: id,
      requestId: actor.requestId,
      details: { from: doc.status, to },
    });
    return changed;
  };
}
