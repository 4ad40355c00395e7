import type { Actor } from '../../actor.js';
import { notFound } from '../../errors.js';
import type { AuditLog } from '../audit/audit.repository.js';
import type { EdcService } from '../edc/edc.service.js';
import type { PageRequest } from '../shared/paging.js';
import type { StatusService } from '../status/status.service.js';
import { credentialViews, type CredentialView } from './credential-view.js';
import type { CredentialDoc } from './credential.model.js';
import type { CredentialFilter } from './credentials.repository.js';
import { createIssueCredential, type IssueDeps } from './issue/issue-credential.js';
import type { IssueInput } from './issue/plan.js';
import { createStatusChanges, type StatusAction } from './status-changes.js';

export interface CredentialsDeps extends IssueDeps {
  status: IssueDeps['status'] & Pick<StatusService, 'setBits'>;
  audit: AuditLog;
  edc?: Pick<EdcService, 'prepare' | 'sealedFor'>;
}

const found = (doc: CredentialDoc | undefined): CredentialDoc => {
  if (!doc) throw notFound('Credential');
  return doc;
};

/**
 * The credentials feature: issuance (issue/: OB 3.0 credentials, and caller-built ones for the W3C
 * VC-API), status changes, and reads — every read an `_id` lookup (see credentials.repository).
 */
export function createCredentialsService(deps: CredentialsDeps) {
  const { repo, status, audit, publicUrl, clock, edc } = deps;
  const { summary, view } = credentialViews(publicUrl);
  const { issue, issueSigned } = createIssueCredential(deps);
  const changeStatus = createStatusChanges(repo, status.setBits, audit, clock);

  /** The issue answer of format `edc` carries the sealed EDC as its credential. */
  const answer = async (doc: CredentialDoc): Promise<CredentialView> =>
    doc.format === 'edc' && edc
      ? { ...view(doc), credential: (await edc.sealedFor(doc._id)) as unknown as Record<string, unknown> }
      : view(doc);

  return {
    async issue(actor: Actor, input: IssueInput): Promise<{ view: CredentialView; replayed: boolean }> {
      const { doc, created } = await issue(actor, input);
      return { view: await answer(doc), replayed: !created };
    },
    issueSigned,
    async changeStatus(actor: Actor, id: string, action: StatusAction, reason?: string) {
      return view(await changeStatus(actor, id, action, reason));
    },
    async list(issuerId: string, filter: CredentialFilter, paging: PageRequest) {
      const { items, total } = await repo.list(issuerId, filter, paging);
      return { items: items.map(summary), total, ...paging };
    },
    get: async (issuerId: string, id: string): Promise<CredentialView> =>
      view(found(await repo.get(id, issuerId))),
    /** By our id or the credential's own `id` (W3C VC-API callers use either). */
    getByCredentialId: async (issuerId: string, idOrUrl: string): Promise<CredentialView> =>
      view(found(await repo.byCredentialId(issuerId, idOrUrl))),
    /** Public: any stored credential by id (the id is in the credential itself). */
    getPublic: async (id: string): Promise<CredentialDoc> => found(await repo.get(id)),
    /** Public, for pages that show a "not found" of their own: the credential, or undefined. */
    findPublic: (id: string): Promise<CredentialDoc | undefined> => repo.get(id),
  };
}

export type CredentialsService = ReturnType<typeof createCredentialsService>;
