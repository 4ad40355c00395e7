import { randomUUID } from 'node:crypto';
import type { StatusPurpose } from '../../../core/status/index.js';
import type { JsonObject } from '../../../core/types.js';
import { AppError } from '../../../errors.js';
import type { StatusListIdentity } from '../../status/status.model.js';
import type { StatusService } from '../../status/status.service.js';
import type { StatusRef } from '../credential.model.js';
import type { HeldClaim } from '../idempotency.js';
import { keepAlive, RENEW_EVERY_MS, type KeepAlive } from '../keep-alive.js';
import type { Issued, Persisted } from './persist.js';

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

interface State {
  deps: HoldingsDeps;
  claim?: HeldClaim;
  alive: KeepAlive;
  current?: Attempt;
}

const interrupted = () =>
  new AppError('service-unavailable', 'The issuance was interrupted; retry the request', [], {
    'Retry-After': '1',
  });

/**
 * The compensation, all of it. The status indexes of the attempt that ends are bound once the
 * credential holding them is stored; given back when it surely is not (its insert never went out, or
 * the store holds something else under the id: a void mark, another attempt's credential); and left
 * pending when its insert (or an allocation) went out and no answer came: only the store knows then,
 * and the reclaimer keeps or frees them by what it holds (relisting a credential stored without its
 * list row). On failure the idempotency claim is dropped: the key is free again for a corrected
 * request — unless the credential was stored after all, then the claim completes and replays it.
 * Nothing else was written: a learner registered on the fly stays registered (the request asked for
 * it; a retry finds it by email). Failures here are the reclaimer's to mend; they must not hide what
 * happened to the credential.
 */
async function settle(state: State, outcome: Persisted | undefined, failed: boolean): Promise<void> {
  const { deps, current: attempt } = state;
  const leftPending = () => deps.reclaimSoon?.();
  state.current = undefined;
  if (attempt) {
    const { refs, credentialId, allocating, sent } = attempt;
    if (allocating || (sent && outcome === undefined)) leftPending();
    const stored = outcome !== undefined && outcome !== 'voided' && outcome.created;
    if (stored) await deps.status.bind(refs).catch(leftPending);
    else if (outcome !== undefined || !sent)
      await Promise.all(refs.map((ref) => deps.status.release(ref, credentialId))).catch(leftPending);
  }
  if (failed) await state.claim?.drop().catch(() => undefined);
}

/** Allocate: one status-list index per purpose, for an attempt under `credentialId`, held from then on. */
async function allocate(state: State, credentialId: string, { issuerId, purposes, identity }: StatusRequest) {
  const attempt: Attempt = { credentialId, refs: [], allocating: true, sent: false };
  state.current = attempt;
  const entries: JsonObject[] = [];
  for (const purpose of purposes) {
    const { allocation, entry } = await state.deps.status.allocate(issuerId, purpose, credentialId, identity);
    attempt.refs.push(allocation);
    entries.push({ ...entry });
  }
  attempt.allocating = false;
  state.alive.also(() => state.deps.status.renew(attempt.refs));
  return { refs: [...attempt.refs], entries };
}

/** Persist: the attempt's insert goes out; what it comes to settles the attempt's indexes. */
async function persisted(state: State, insert: () => Promise<Persisted>): Promise<Persisted> {
  if (state.current) state.current.sent = true;
  const outcome = await insert();
  await settle(state, outcome, false);
  return outcome;
}

/**
 * Runs `attempt` under the claim's credential id (a new one without a claim) — once more, under a
 * fresh id, when the reclaimer voided it (it took this request for dead) while the request still holds
 * the claim — and compensates on any failure. Renewals stop either way.
 */
async function run(state: State, attempt: (credentialId: string) => Promise<Persisted>): Promise<Issued> {
  try {
    const first = await attempt(state.claim?.credentialId ?? randomUUID());
    const again = first === 'voided' ? await state.claim?.reissue() : undefined;
    const outcome = again ? await attempt(again) : first;
    if (outcome === 'voided') throw interrupted();
    return outcome;
  } catch (error) {
    await settle(state, undefined, true);
    throw error;
  } finally {
    await state.alive.stop(); // no renewal of the claim may land after it is completed
  }
}

/**
 * What one issuance holds while it runs — its idempotency claim and each attempt's status indexes —
 * renewed until it ends (so neither a waiting retry nor the reclaimer takes them for dead), and the
 * one compensation that settles them (`settle`).
 */
export function createHoldings(deps: HoldingsDeps, claim?: HeldClaim) {
  const state: State = { deps, claim, alive: keepAlive(RENEW_EVERY_MS) };
  if (claim) state.alive.also(claim.renew);
  return {
    allocate: (credentialId: string, request: StatusRequest) => allocate(state, credentialId, request),
    persist: (insert: () => Promise<Persisted>) => persisted(state, insert),
    run: (attempt: (credentialId: string) => Promise<Persisted>) => run(state, attempt),
  };
}

export type Holdings = ReturnType<typeof createHoldings>;
