import { randomUUID } from 'node:crypto';
import type { DocumentLoader } from 'jsonld';
import {
  credentialVersion,
  issueCredential,
  issuerDidOf,
  validateIssueRequest,
} from '../../core/vc-api/index.js';
import type { JsonObject } from '../../core/types.js';
import { AppError, notFound } from '../../errors.js';
import type { AuditLog } from '../audit/audit.repository.js';
import type { CredentialDoc, StatusRef } from '../credentials/credential.model.js';
import type { CredentialsRepository } from '../credentials/credentials.repository.js';
import type { CredentialsService } from '../credentials/credentials.service.js';
import type { StatusAction } from '../credentials/status-changes.js';
import type { IssuerKeys } from '../issuers/issuer-keys.repository.js';
import type { Actor } from '../../actor.js';
import type { StatusService } from '../status/status.service.js';

export interface VcApiDeps {
  keys: IssuerKeys;
  status: StatusService;
  repo: CredentialsRepository;
  credentials: CredentialsService;
  audit: AuditLog;
  documentLoader: DocumentLoader;
  clock: () => Date;
  /** status indexes were left pending (their credential may be stored or not): the reclaimer should look */
  reclaimSoon?: () => void;
}

export interface StatusUpdate {
  credentialId: string;
  credentialStatus: Array<{ type: string; statusPurpose?: string; status?: unknown }>;
}

/** Open Badges 3.0 credential types (§B.1.1, §B.1.6): their JSON schemas allow one credentialStatus. */
const OPEN_BADGE_TYPES = ['OpenBadgeCredential', 'AchievementCredential', 'EndorsementCredential'];

const isOpenBadge = (credential: JsonObject): boolean =>
  [credential.type].flat().some((t) => typeof t === 'string' && OPEN_BADGE_TYPES.includes(t));

/** "set" unless the caller says 0 / false: VC-API status updates set the bit of the named purpose. */
const wantsSet = (status: unknown): boolean =>
  !(status === false || status === 0 || status === '0' || status === 'false');

function actionFor(
  purpose: string | undefined,
  set: boolean,
  current: CredentialDoc['status'],
): StatusAction | undefined {
  if (purpose === 'revocation') {
    if (set) return current === 'revoked' ? undefined : 'revoke';
    if (current === 'revoked')
      throw new AppError('status-change-refused', 'Revocation is final', [
        { pointer: '/credentialStatus', detail: 'a revoked credential cannot be un-revoked' },
      ]);
    return undefined;
  }
  if (purpose === 'suspension') {
    if (set) return current === 'suspended' ? undefined : 'suspend';
    return current === 'suspended' ? 'reinstate' : undefined;
  }
  throw new AppError('invalid-request', 'statusPurpose must be revocation or suspension', [
    { pointer: '/credentialStatus/statusPurpose', detail: 'must be revocation or suspension' },
  ]);
}

/**
 * W3C VC-API issuer: caller-built credentials signed with the issuer's did:key (its current Ed25519
 * key). VC 2.0 credentials without a credentialStatus get two BitstringStatusListEntry entries,
 * revocation and suspension (Open Badges credentials: revocation only), in lists issued as that
 * did:key, and are stored so their status can change; VC 1.1 ones are signed as given (the v1
 * context does not define the Bitstring Status List terms).
 */
export function createVcApiService({
  keys,
  status,
  repo,
  credentials,
  audit,
  documentLoader,
  clock,
  reclaimSoon,
}: VcApiDeps) {
  const leftPending = () => reclaimSoon?.();
  /**
   * Status entries in lists issued as the credential's own issuer, the did:key, so any verifier that
   * resolves the credential's key also resolves the list's. An Open Badges credential gets one entry
   * (revocation), as an object: its schema allows no more.
   */
  const withStatus = async (
    issuerId: string,
    id: string,
    credential: JsonObject,
    did: `did:key:${string}`,
  ): Promise<StatusRef[]> => {
    if (credentialVersion(credential) !== '2.0' || credential.credentialStatus !== undefined) return [];
    const revocation = await status.allocate(issuerId, 'revocation', id, did);
    if (isOpenBadge(credential)) {
      credential.credentialStatus = { ...revocation.entry };
      return [revocation.allocation];
    }
    const suspension = await status.allocate(issuerId, 'suspension', id, did).catch(async (error) => {
      await status.release(revocation.allocation, id).catch(leftPending);
      throw error;
    });
    credential.credentialStatus = [{ ...revocation.entry }, { ...suspension.entry }];
    return [revocation.allocation, suspension.allocation];
  };

  return {
    async issue(actor: Actor, body: unknown): Promise<JsonObject> {
      const { ed25519 } = await keys.signing(actor.issuerId);
      const did = issuerDidOf(ed25519) as `did:key:${string}`;
      const { credential } = await validateIssueRequest(body, { issuerDid: did, documentLoader });
      const id = randomUUID();
      const statusRefs = await withStatus(actor.issuerId, id, credential, did);
      let sent = false;
      try {
        const signed = await issueCredential({ credential, key: ed25519, now: clock(), documentLoader });
        sent = true;
        await repo.insert({
          _id: id,
          issuerId: actor.issuerId,
          format: 'vc-di',
          credential: signed,
          status: 'active',
          statusHistory: [],
          statusRefs,
          createdAt: clock(),
        });
        await status.bind(statusRefs).catch(leftPending);
        await audit.append({
          principal: actor.principal,
          issuerId: actor.issuerId,
          action: 'credential.issued',
          targetType: 'credential',
          targetId: id,
          requestId: actor.requestId,
          details: { format: 'vc-di' },
        });
        return signed;
      } catch (error) {
        // once the insert is sent, the credential may be stored even if its answer was lost: its
        // indexes are left pending, and the reclaimer keeps or frees them by what the store holds
        if (sent) leftPending();
        else await Promise.all(statusRefs.map((ref) => status.release(ref, id))).catch(leftPending);
        throw error;
      }
    },

    /** VC-API "update status": sets (or clears) the bit of the named purpose for one of our credentials. */
    async updateStatus(actor: Actor, update: StatusUpdate) {
      const doc = await repo.byCredentialId(actor.issuerId, update.credentialId);
      if (!doc) throw notFound('Credential');
      for (const entry of update.credentialStatus) {
        const current = (await repo.get(doc._id, actor.issuerId))?.status ?? doc.status;
        const action = actionFor(entry.statusPurpose ?? 'revocation', wantsSet(entry.status), current);
        if (action) await credentials.changeStatus(actor, doc._id, action);
      }
      return credentials.get(actor.issuerId, doc._id);
    },
  };
}

export type VcApiService = ReturnType<typeof createVcApiService>;
