import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { AppError } from '../../errors.js';
import { CLOCK_GRACE_MS } from '../../infra/leases.js';
import type { IdempotencyDoc } from './credential.model.js';
import type { CredentialsRepository, Stored } from './credentials.repository.js';
import type { IssueInput } from './issue/plan.js';

/** A claim this request holds: issue under `credentialId`, renew while working, then complete or drop. */
export interface HeldClaim {
  credentialId: string;
  renew(): Promise<void>;
  complete(): Promise<void>;
  /** the attempt failed before storing anything: free the key (a corrected request may use it) */
  drop(): Promise<void>;
  /**
   * the reclaimer voided `credentialId` (it took this attempt's holder for dead): continue under a
   * fresh id, as long as this request still holds the claim; undefined when it does not
   */
  reissue(): Promise<string | undefined>;
}

export type ClaimOutcome = { replay: true; credentialId: string } | { replay: false; held: HeldClaim };

export interface ClaimOptions {
  clock: () => Date;
  /** a claim outlives its holder's last renewal by this long */
  ttlMs?: number;
  /** how long a request waits for a live holder before answering 409 with Retry-After */
  waitMs?: number;
}

/** The request a key stands for: the body without the key, canonical (key order does not matter). */
export const requestHash = (input: IssueInput): string => {
  const { idempotencyKey: _ignored, ...rest } = input;
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, x]) => [k, canonical(x)]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(rest)))
    .digest('hex');
};

const reused = () =>
  new AppError('idempotency-key-reused', 'This idempotency key was used for a different request', [
    { pointer: '/idempotencyKey', detail: 'already used with a different request body' },
  ]);

const inProgress = () =>
  new AppError(
    'idempotency-key-in-progress',
    'A request with this idempotency key is still in progress; retry shortly',
    [{ pointer: '/idempotencyKey', detail: 'another request with this key is being served' }],
    { 'Retry-After': '2' },
  );

/**
 * Idempotency keys that survive crashes. A key is claimed by inserting `<issuerId>:<key>` (exactly one
 * request wins, across instances); the winner holds the claim as a lease it renews while it works.
 * Others wait for it and replay its credential. A claim whose holder stopped renewing (it died, or
 * froze) is taken over by exactly one waiter (a unique mark per abandoned holder), which first looks
 * whether the credential was stored after all (then it only replays it) and otherwise issues it again
 * under the claim's same credential id — so a frozen holder that wakes up and the taker race for one
 * unique `_id`, and one credential per key is what the store enforces, whatever the clocks say.
 */
export function createClaims(
  repo: CredentialsRepository,
  { clock, ttlMs = 15_000, waitMs = 8_000 }: ClaimOptions,
) {
  const now = () => clock().getTime();
  const expiry = (claim: IdempotencyDoc) =>
    claim.until ? new Date(claim.until).getTime() : new Date(claim.createdAt).getTime() + ttlMs;

  const held = (claimId: string, credentialId: string, holder: string, until: number): HeldClaim => {
    let expires = until;
    return {
      credentialId,
      async renew() {
        if (now() >= expires - CLOCK_GRACE_MS) return; // too late: a taker may be at work, leave it be
        const next = now() + ttlMs;
        await repo.updateClaim(claimId, { until: new Date(next) });
        expires = next;
      },
      complete: () => repo.completeClaim(claimId),
      drop: () => repo.dropClaim(claimId, holder),
      async reissue() {
        const current = await repo.getClaim(claimId);
        if (current?.state !== 'pending' || current.holder !== holder) return undefined;
        const next = randomUUID();
        await repo.updateClaim(claimId, { credentialId: next });
        return next;
      },
    };
  };

  /** Continues the work of a holder that is gone, under the same credential id unless it was voided. */
  const takeOver = async (claim: IdempotencyDoc, stored: Stored): Promise<HeldClaim | undefined> => {
    if (!(await repo.takeOverMark(claim._id, claim.holder ?? 'none'))) return undefined;
    const holder = randomUUID();
    const until = now() + ttlMs;
    const credentialId = stored.kind === 'void' ? randomUUID() : claim.credentialId;
    await repo.updateClaim(claim._id, { holder, until: new Date(until), credentialId });
    return held(claim._id, credentialId, holder, until);
  };

  /** What a request finds at a key someone else holds: a replay, a takeover, or nothing yet (wait). */
  const look = async (claim: IdempotencyDoc, requestHash: string): Promise<ClaimOutcome | undefined> => {
    if (claim.requestHash !== requestHash) throw reused();
    if (claim.state === 'done') return { replay: true, credentialId: claim.credentialId };
    if (expiry(claim) + CLOCK_GRACE_MS > now()) return undefined;
    const stored = await repo.stored(claim.credentialId);
    if (stored.kind === 'credential') {
      await repo.completeClaim(claim._id);
      return { replay: true, credentialId: claim.credentialId };
    }
    const taken = await takeOver(claim, stored);
    return taken && { replay: false, held: taken };
  };

  return {
    async acquire(claimId: string, requestHash: string): Promise<ClaimOutcome> {
      const started = performance.now();
      for (;;) {
        const holder = randomUUID();
        const until = now() + ttlMs;
        const credentialId = randomUUID();
        const doc: IdempotencyDoc = {
          _id: claimId,
          requestHash,
          credentialId,
          state: 'pending',
          holder,
          until: new Date(until),
          createdAt: clock(),
        };
        if (await repo.claim(doc)) return { replay: false, held: held(claimId, credentialId, holder, until) };
        const existing = await repo.getClaim(claimId);
        if (!existing) continue; // dropped meanwhile: claim it again
        const outcome = await look(existing, requestHash);
        if (outcome) return outcome;
        if (performance.now() - started > waitMs) throw inProgress();
        await delay(100);
      }
    },
  };
}

export type Claims = ReturnType<typeof createClaims>;
