import type { Actor } from '../../../actor.js';
import type { AuditLog } from '../../audit/audit.repository.js';
import type { CredentialDoc } from '../credential.model.js';

/** Audit: who issued which credential, in which format (and of which achievement). */
export async function auditIssued(
  audit: Pick<AuditLog, 'append'>,
  actor: Actor,
  doc: CredentialDoc,
): Promise<void> {
  await audit.append({
    principal: actor.principal,
    issuerId: actor.issuerId,
    action: 'credential.issued',
    targetType: 'credential',
    targetId: doc._id,
    requestId: actor.requestId,
    details: { format: doc.format, ...(doc.achievementId ? { achievementId: doc.achievementId } : {}) },
  });
}
