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

/** What the steps of the claim protocol share: the store, the clock, and how long a claim lives. */
interface ClaimContext {
  repo: CredentialsRepository;
  clock: () => Date;
  now: () => number;
  ttlMs: number;
}

/** When a claim runs out: its holder's last renewal, or (claims from before renewals) its creation. */
const expiry = ({ ttlMs }: ClaimContext, claim: IdempotencyDoc) =>
  claim.until ? new Date(claim.until).getTime() : new Date(claim.createdAt).getTime() + ttlMs;

/**
 * The claim as its holder uses it. Renewal stops once the claim may have run out (a taker may be at
 * work then), and a reissue happens only while this holder still holds the claim, so a holder that
 * froze never writes over the work of the one that took over.
 */
function heldClaim(
  { repo, now, ttlMs }: ClaimContext,
  claimId: string,
  credentialId: string,
  holder: string,
  until: number,
): HeldClaim {
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
}

/**
 * A fresh pending claim at a key, with a new holder and credential id, and the held claim it becomes
 * should its insert win (built only then: a losing insert holds nothing).
 */
function pendingClaim(ctx: ClaimContext, claimId: string, requestHash: string) {
  const holder = randomUUID();
  const until = ctx.now() + ctx.ttlMs;
  const credentialId = randomUUID();
  const doc: IdempotencyDoc = {
    _id: claimId,
    requestHash,
    credentialId,
    state: 'pending',
    holder,
    until: new Date(until),
    createdAt: ctx.clock(),
  };
  return { doc, held: () => heldClaim(ctx, claimId, credentialId, holder, until) };
}

/** Continues the work of a holder that is gone, under the same credential id unless it was voided. */
async function takeOver(
  ctx: ClaimContext,
  claim: IdempotencyDoc,
  stored: Stored,
): Promise<HeldClaim | undefined> {
  if (!(await ctx.repo.takeOverMark(claim._id, claim.holder ?? 'none'))) return undefined;
  const holder = randomUUID();
  const until = ctx.now() + ctx.ttlMs;
  const credentialId = stored.kind === 'void' ? randomUUID() : claim.credentialId;
  await ctx.repo.updateClaim(claim._id, { holder, until: new Date(until), credentialId });
  return heldClaim(ctx, claim._id, credentialId, holder, until);
}

/** What a request finds at a key someone else holds: a replay, a takeover, or nothing yet (wait). */
async function look(
  ctx: ClaimContext,
  claim: IdempotencyDoc,
  requestHash: string,
): Promise<ClaimOutcome | undefined> {
  if (claim.requestHash !== requestHash) throw reused();
  if (claim.state === 'done') return { replay: true, credentialId: claim.credentialId };
  if (expiry(ctx, claim) + CLOCK_GRACE_MS > ctx.now()) return undefined;
  const stored = await ctx.repo.stored(claim.credentialId);
  if (stored.kind === 'credential') {
    await ctx.repo.completeClaim(claim._id);
    return { replay: true, credentialId: claim.credentialId };
  }
  const taken = await takeOver(ctx, claim, stored);
  return taken && { replay: false, held: taken };
}

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
  const ctx: ClaimContext = { repo, clock, now: () => clock().getTime(), ttlMs };
  return {
    async acquire(claimId: string, requestHash: string): Promise<ClaimOutcome> {
      const started = performance.now();
      for (;;) {
        const { doc, held } = pendingClaim(ctx, claimId, requestHash);
        if (await repo.claim(doc)) return { replay: false, held: held() };
        const existing = await repo.getClaim(claimId);
        if (!existing) continue; // dropped meanwhile: claim it again
        const outcome = await look(ctx, existing, requestHash);
        if (outcome) return outcome;
        if (performance.now() - started > waitMs) throw inProgress();
        await delay(100);
      }
    },
  };
}

export type Claims = ReturnType<typeof createClaims>;
