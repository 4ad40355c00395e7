import { AppError } from '../../errors.js';
import type { IdempotencyDoc } from './credential.model.js';
import type { CredentialsRepository } from './credentials.repository.js';

export type ClaimOutcome = { replay: false; credentialId: string } | { replay: true; credentialId: string };

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const reused = () =>
  new AppError('conflict', 'This idempotency key was used for a different request', [
    { pointer: '/idempotencyKey', detail: 'already used with a different request body' },
  ]);

/**
 * Claims an idempotency key, or waits for the request that holds it. The claim is an insert with the
 * key as `_id`, so across any number of concurrent requests and service instances exactly one wins;
 * the others wait until it is done and replay its credential. A winner that fails drops its claim, and
 * a waiter then claims the key itself.
 */
export async function waitForClaim(
  repo: CredentialsRepository,
  claim: IdempotencyDoc,
  timeoutMs = 30_000,
): Promise<ClaimOutcome> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await repo.claim(claim);
    if (result.won) return { replay: false, credentialId: claim.credentialId };
    let existing: IdempotencyDoc | undefined = result.existing;
    while (existing && existing.state === 'pending' && Date.now() < deadline) {
      if (existing.requestHash !== claim.requestHash) throw reused();
      await sleep(25);
      existing = await repo.getClaim(claim._id);
    }
    if (!existing) continue;
    if (existing.requestHash !== claim.requestHash) throw reused();
    if (existing.state === 'done') return { replay: true, credentialId: existing.credentialId };
    throw new AppError(
      'conflict',
      'A request with this idempotency key is still in progress; retry shortly',
      [],
      { 'Retry-After': '2' },
    );
  }
}
