import type { Lease } from '../../infra/leases.js';
import { AppError, notFound } from '../../errors.js';
import type { AuditLog } from '../audit/audit.repository.js';
import { actorName, type Actor } from '../../actor.js';
import type { CredentialDoc, CredentialState, StatusRef } from './credential.model.js';
import type { CredentialsRepository } from './credentials.repository.js';

export type StatusAction = 'revoke' | 'suspend' | 'reinstate';

/** Sets or clears the list bits of a credential's entries of one purpose. */
export type SetBits = (refs: StatusRef[], purpose: StatusRef['purpose'], value: boolean) => Promise<void>;

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

/** What a status change uses: the records, the list bits, the audit log and the clock. */
interface StatusChangeDeps {
  repo: CredentialsRepository;
  setBits: SetBits;
  audit: AuditLog;
  clock: () => Date;
}

/** The audit entry of a change made: who, which credential, and from which status to which. */
async function auditChange(
  audit: AuditLog,
  actor: Actor,
  id: string,
  past: string,
  details: { from: CredentialState; to: CredentialState },
): Promise<void> {
  await audit.append({
    principal: actor.principal,
    issuerId: actor.issuerId,
    action: `credential.${past}`,
    targetType: 'credential',
    targetId: id,
    requestId: actor.requestId,
    details,
  });
}

/**
 * One change, run under the credential's lease: read and check the record, then the bits and the
 * record in the restrictive order (a bit set before the record says revoked or suspended, cleared
 * only after it says active again), then the audit entry.
 */
async function change(
  { repo, setBits, audit, clock }: StatusChangeDeps,
  actor: Actor,
  id: string,
  action: StatusAction,
  reason: string | undefined,
  lease: Lease,
): Promise<CredentialDoc> {
  const doc = await repo.get(id, actor.issuerId);
  if (!doc) throw notFound('Credential');
  const { from, to, past } = TRANSITIONS[action];
  if (!from.includes(doc.status)) {
    // asked again for the change the record shows made: its list row may have missed it (a crash)
    if (doc.status === to) await repo.relist(doc);
    throw refused(doc, action);
  }
  if (action !== 'reinstate')
    await setBits(doc.statusRefs, action === 'revoke' ? 'revocation' : 'suspension', true);
  // paused past its lease, another change may have been recorded since `doc` was read: 503, no write
  lease.check();
  const changed = await repo.changeStatus(doc, {
    status: to,
    reason,
    at: clock(),
    actor: actorName(actor.principal),
  });
  if (!changed) {
    const now = await repo.get(id, actor.issuerId);
    throw now ? refused(now, action) : notFound('Credential');
  }
  if (action === 'reinstate') await setBits(doc.statusRefs, 'suspension', false);
  await auditChange(audit, actor, id, past, { from: doc.status, to });
  return changed;
}

/**
 * Revoke, suspend, reinstate: the record is read, checked and changed under the credential's lease
 * (two concurrent changes cannot both win; revocation is final), every lookup by `_id` alone with the
 * issuer checked in code, and the list bits follow. The order makes any failure in between err
 * on the restrictive side: a bit is set before the record says revoked or suspended, and cleared only
 * after the record says active again — a list never shows a credential as good that is not.
 */
export function createStatusChanges(
  repo: CredentialsRepository,
  setBits: SetBits,
  audit: AuditLog,
  clock: () => Date,
) {
  const deps: StatusChangeDeps = { repo, setBits, audit, clock };
  return (actor: Actor, id: string, action: StatusAction, reason?: string): Promise<CredentialDoc> =>
    repo.exclusive(id, (lease) => change(deps, actor, id, action, reason, lease));
}
