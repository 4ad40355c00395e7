import type { Actor } from '../../../actor.js';
import { AppError } from '../../../errors.js';
import type { CredentialDoc } from '../credential.model.js';
import type { CredentialsRepository } from '../credentials.repository.js';
import { createClaims, requestHash, type HeldClaim } from '../idempotency.js';
import type { IssueInput } from './plan.js';

/** The credential the key stands for already, or the claim this request holds (none without a key). */
export type Claimed = { replay: CredentialDoc } | { held?: HeldClaim };

export type Claim = (actor: Actor, input: IssueInput) => Promise<Claimed>;

/**
 * Claim: the request's idempotency key, per issuer — held by this request while it issues (leases,
 * takeover of a dead holder's claim: see idempotency.ts), or answered with the credential it issued.
 */
export function createClaimStep(repo: CredentialsRepository, clock: () => Date): Claim {
  const claims = createClaims(repo, { clock });
  return async function claim(actor: Actor, input: IssueInput): Promise<Claimed> {
    if (!input.idempotencyKey) return {};
    const claimed = await claims.acquire(`${actor.issuerId}:${input.idempotencyKey}`, requestHash(input));
    if (!claimed.replay) return { held: claimed.held };
    const existing = await repo.get(claimed.credentialId, actor.issuerId);
    if (!existing)
      throw new AppError('conflict', 'The idempotency key refers to a credential that no longer exists');
    return { replay: existing };
  };
}
