import type { StatusPurpose } from '../../../core/status/index.js';
import type { JsonObject } from '../../../core/types.js';
import type { StatusListIdentity } from '../../status/status.model.js';
import type { StatusService } from '../../status/status.service.js';
import type { StatusRef } from '../credential.model.js';
import type { HeldClaim } from '../idempotency.js';
import { keepAlive, RENEW_EVERY_MS } from '../keep-alive.js';
import type { Persisted } from './persist.js';

export interface HoldingsDeps {
  status: Pick<StatusService, 'allocate' | 'renew' | 'bind' | 'release'>;
  /** an index was left pending (its credential may be stored or not): the reclaimer should look */
  reclaimSoon?: () => void;
}

/** Which status entries a credential gets: one index per purpose, in lists issued as `identity`. */
export interface StatusRequest {
  issuerId: string;
  purposes: readonly StatusPurpose[];
  identity: StatusListIdentity;
}

/** One attempt at storing the credential under one id: the indexes it holds, and how far it got. */
interface Attempt {
  credentialId: string;
  refs: StatusRef[];
  /** an allocation is under way: the store may have recorded it though the call failed */
  allocating: boolean;
  /** the insert went out: from then on only the store knows whether the credential is stored */
  sent: boolean;
}

/**
 * What one issuance holds while it runs — its idempotency claim and each attempt's status indexes —
 * renewed until it ends (so neither a waiting retry nor the reclaimer takes them for dead), and the
 * one compensation that settles them (`settle`).
 */
export function createHoldings({ status, reclaimSoon }: HoldingsDeps, claim?: HeldClaim) {
  const alive = keepAlive(RENEW_EVERY_MS);
  if (claim) alive.also(claim.renew);
  const leftPending = () => reclaimSoon?.();
  let current: Attempt | undefined;

  /**
   * The compensation, all of it. The status indexes of the attempt that ends are bound once the
   * credential holding them is stored; given back when it surely is not (its insert never went out,
   * or the store holds something else under the id: a void mark, another attempt's credential); and
   * left pending when its insert (or an allocation) went out and no answer came: only the store knows
   * then, and the reclaimer keeps or frees them by what it holds (and relists a credential stored
   * without its list row). On failure the idempotency claim is dropped: the key is free again for a
   * corrected request — unless the credential was stored after all, then the claim completes and
   * replays it. Nothing else was written: a learner registered on the fly stays registered (the
   * request asked for it; a retry finds it by email). Failures here are the reclaimer's to mend; they
   * must not hide what happened to the credential.
   */
  const settle = async (outcome: Persisted | undefined, failed: boolean): Promise<void> => {
    const attempt = current;
    current = undefined;
    if (attempt) {
      const { refs, credentialId, allocating, sent } = attempt;
      if (allocating || (sent && outcome === undefined)) leftPending();
      const stored = outcome !== undefined && outcome !== 'voided' && outcome.created;
      if (stored) await status.bind(refs).catch(leftPending);
      else if (outcome !== undefined || !sent)
        await Promise.all(refs.map((ref) => status.release(ref, credentialId))).catch(leftPending);
    }
    if (failed) await claim?.drop().catch(() => undefined);
  };

  return {
    /** Allocate: one status-list index per purpose for an attempt under `credentialId`, held from then on. */
    async allocate(credentialId: string, { issuerId, purposes, identity }: StatusRequest) {
      const attempt: Attempt = (current = { credentialId, refs: [], allocating: true, sent: false });
      const entries: JsonObject[] = [];
      for (const purpose of purposes) {
        const { allocation, entry } = await status.allocate(issuerId, purpose, credentialId, identity);
        attempt.refs.push(allocation);
        entries.push({ ...entry });
      }
      attempt.allocating = false;
      alive.also(() => status.renew(attempt.refs));
      return { refs: [...attempt.refs], entries };
    },

    /** Persist: the attempt's insert goes out; what it comes to settles the attempt's indexes. */
    async persist(insert: () => Promise<Persisted>): Promise<Persisted> {
      if (current) current.sent = true;
      const outcome = await insert();
      await settle(outcome, false);
      return outcome;
    },

    /** Runs the issuance: on any failure it compensates, then fails; renewals stop either way. */
    async guard<T>(work: () => Promise<T>): Promise<T> {
      try {
        return await work();
      } catch (error) {
        await settle(undefined, true);
        throw error;
      } finally {
        alive.stop();
      }
    },
  };
}

export type Holdings = ReturnType<typeof createHoldings>;
