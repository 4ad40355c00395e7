import type { DocumentLoader } from 'jsonld';
import type { StatusPurpose } from '../../core/status/index.js';
import { credentialVersion, documentToSign, validateIssueRequest } from '../../core/vc-api/index.js';
import type { JsonObject } from '../../core/types.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../actor.js';
import type { CredentialsService, CredentialView, StatusAction } from '../credentials/index.js';

export interface VcApiDeps {
  /** the credentials feature: VC-API credentials are issued, stored and changed through it */
  credentials: Pick<CredentialsService, 'issueSigned' | 'getByCredentialId' | 'changeStatus'>;
  /** the did:key of the issuer's current Ed25519 key: what its VC-API credentials are issued as */
  didKey: (issuerId: string) => Promise<`did:key:${string}`>;
  documentLoader: DocumentLoader;
  clock: () => Date;
}

export interface StatusUpdate {
  credentialId: string;
  credentialStatus: Array<{ type: string; statusPurpose?: string; status?: unknown }>;
}

/** Open Badges 3.0 credential types (§B.1.1, §B.1.6): their JSON schemas allow one credentialStatus. */
const OPEN_BADGE_TYPES = ['OpenBadgeCredential', 'AchievementCredential', 'EndorsementCredential'];

const isOpenBadge = (credential: JsonObject): boolean =>
  [credential.type].flat().some((t) => typeof t === 'string' && OPEN_BADGE_TYPES.includes(t));

/**
 * Status entries in lists issued as the credential's own issuer, the did:key, so any verifier that
 * resolves the credential's key also resolves the list's: revocation and suspension for a VC 2.0
 * credential without a credentialStatus; an Open Badges credential gets revocation only, as an object
 * (its schema allows no more); VC 1.1 credentials none (the v1 context does not define the terms).
 */
function statusOf(credential: JsonObject): {
  purposes: StatusPurpose[];
  build: (e: JsonObject[]) => JsonObject;
} {
  if (credentialVersion(credential) !== '2.0' || credential.credentialStatus !== undefined)
    return { purposes: [], build: () => credential };
  if (isOpenBadge(credential))
    return {
      purposes: ['revocation'],
      build: ([revocation]) => (revocation ? { ...credential, credentialStatus: revocation } : credential),
    };
  return {
    purposes: ['revocation', 'suspension'],
    build: (entries) => ({ ...credential, credentialStatus: entries }),
  };
}

/** "set" unless the caller says 0 / false: VC-API status updates set the bit of the named purpose. */
const wantsSet = (status: unknown): boolean =>
  !(status === false || status === 0 || status === '0' || status === 'false');

function actionFor(
  purpose: string | undefined,
  set: boolean,
  current: CredentialView['status'],
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
 * key), through the credentials feature's issuance (same keys, status allocation, storage and
 * compensation as every credential), so their status can change like any other.
 */
export function createVcApiService({ credentials, didKey, documentLoader, clock }: VcApiDeps) {
  return {
    async issue(actor: Actor, body: unknown): Promise<JsonObject> {
      const identity = await didKey(actor.issuerId);
      const { credential } = await validateIssueRequest(body, { issuerDid: identity, documentLoader });
      const document = documentToSign(credential, identity, clock());
      return credentials.issueSigned(actor, { identity, ...statusOf(document) });
    },

    /** VC-API "update status": sets (or clears) the bit of the named purpose for one of our credentials. */
    async updateStatus(actor: Actor, update: StatusUpdate): Promise<CredentialView> {
      let current = await credentials.getByCredentialId(actor.issuerId, update.credentialId);
      for (const entry of update.credentialStatus) {
        const action = actionFor(entry.statusPurpose ?? 'revocation', wantsSet(entry.status), current.status);
        if (action) current = await credentials.changeStatus(actor, current.id, action);
      }
      return current;
    },
  };
}

export type VcApiService = ReturnType<typeof createVcApiService>;
