import { CLOCK_GRACE_MS, type WithLease } from '../../infra/leases.js';
import type { Logger } from '../../infra/logger.js';
import { PENDING_TTL_MS, type PendingAllocation } from '../status/status.repository.js';
import type { StatusService } from '../status/status.service.js';
import type { CredentialsRepository } from './credentials.repository.js';

export interface ReclaimerDeps {
  status: Pick<StatusService, 'pending' | 'bind' | 'release'>;
  repo: Pick<CredentialsRepository, 'stored' | 'voidId' | 'relist'>;
  /** one lease per settled allocation, so two instances never settle the same one at once */
  withLease: WithLease;
  clock: () => Date;
  logger: Logger;
}

/** Pending allocations read per pass: a bound on the work of one pass (the rest waits for the next). */
const BATCH = 500;
/** A pass at least this often, whatever is pending (dead issuances of other instances included). */
const PERIOD_MS = 5 * 60_000;
/**
 * How long past its time a pending allocation is left alone: a retry of the dead issuance's
 * idempotency key takes its claim over as soon as the claim runs out (about when the allocation
 * does) and usually stores the credential within this margin, so its id is rarely voided under it.
 */
const SETTLE_AFTER_MS = CLOCK_GRACE_MS + 10_000;

const holds = (refs: Array<{ listId: string; index: number }>, p: PendingAllocation) =>
  refs.some((r) => r.listId === p.listId && r.index === p.index);

/**
 * Settles one allocation past its time: void the id first (a frozen issuance that wakes up can then
 * no longer store a credential holding the index), then keep the index for the credential stored
 * under that id if it holds it, else free it.
 */
async function settle({ status, repo, logger }: ReclaimerDeps, p: PendingAllocation): Promise<void> {
  await repo.voidId(p.credentialId); // a no-op where a credential is stored already
  const stored = await repo.stored(p.credentialId);
  if (stored.kind === 'credential' && holds(stored.doc.statusRefs, p)) {
    // its issuance died after the insert: the credential may not be listed yet
    await repo.relist(stored.doc);
    await status.bind([p]);
    return;
  }
  await status.release(p, p.credentialId);
  logger.info('reclaimed the status index of an issuance that did not finish', {
    listId: p.listId,
    index: p.index,
    credentialId: p.credentialId,
  });
}

/**
 * The credential ids that a live attempt still works on (an allocation of theirs is not yet due),
 * and when the next pass is due: the earliest time one of them runs out, a period from now at most.
 */
function liveAndNext(pending: PendingAllocation[], now: number): { live: Set<string>; next: number } {
  const live = new Set<string>();
  let next = now + PERIOD_MS;
  for (const p of pending) {
    const due = p.until.getTime() + SETTLE_AFTER_MS;
    if (due > now) {
      live.add(p.credentialId);
      next = Math.min(next, due);
    }
  }
  return { live, next };
}

/** One pass; answers when the next one is due (the earliest time a pending allocation runs out). */
async function sweepOnce(deps: ReclaimerDeps): Promise<number> {
  const now = deps.clock().getTime();
  const pending = await deps.status.pending(BATCH);
  const { live, next } = liveAndNext(pending, now);
  for (const p of pending) {
    if (p.until.getTime() + SETTLE_AFTER_MS > now || live.has(p.credentialId)) continue;
    await deps.withLease(`reclaim:${p.listId}:${p.index}`, () => settle(deps, p));
  }
  return pending.length === BATCH ? now : next;
}

/**
 * The passes started by `start`: one timer at most, never two passes at once. A pass asked for while
 * one runs (`wanted`) is scheduled once it is over, so no request for a pass is lost.
 */
interface Passes {
  sweep: () => Promise<number>;
  clock: () => Date;
  logger: Logger;
  stopped: boolean;
  running: boolean;
  timer: NodeJS.Timeout | undefined;
  /** when the timer fires (epoch ms); Infinity while none is set */
  dueAt: number;
  /** the earliest pass asked for during the running one */
  wanted: number;
}

/** Passes before the first one: none running, no timer, none asked for. */
const IDLE = { stopped: false, running: false, timer: undefined, dueAt: Infinity, wanted: Infinity };

/** The next pass at `at` (epoch ms), unless one is due sooner; during a pass, once it is over. */
function schedule(passes: Passes, at: number): void {
  const when = Math.min(Date.now() + PERIOD_MS, Math.max(Date.now() + 1_000, at));
  if (passes.stopped) return;
  if (passes.running) passes.wanted = Math.min(passes.wanted, when);
  if (passes.running || when >= passes.dueAt) return;
  clearTimeout(passes.timer);
  passes.dueAt = when;
  passes.timer = setTimeout(() => runPass(passes), when - Date.now());
  passes.timer.unref();
}

/** A pass is over: the next one at `at`, or sooner if one was asked for meanwhile. */
function passOver(passes: Passes, at: number): void {
  passes.running = false;
  const next = Math.min(at, passes.wanted);
  passes.wanted = Infinity;
  schedule(passes, next);
}

/** Runs a pass now; a failed pass is tried again after 10 s (the store may be back by then). */
function runPass(passes: Passes): void {
  passes.running = true;
  passes.dueAt = Infinity;
  passes.sweep().then(
    (next) => passOver(passes, Date.now() + (next - passes.clock().getTime())),
    (error: Error) => {
      passes.logger.warn('reclaiming pending status indexes failed; retrying', { error: error.name });
      passOver(passes, Date.now() + 10_000);
    },
  );
}

/**
 * Gives back the status-list indexes of issuances that died before storing their credential. An
 * allocation stays pending while its issuance renews it; once it is past its time, the reclaimer
 * first voids the credential id (a unique insert into `credentials`: should that issuance only have
 * been frozen and wake up, it can no longer store a credential holding the index), then keeps the
 * index if the credential stored under that id holds it, and frees it otherwise. An id that a live
 * issuance (another attempt at the same idempotency key) still works on is left alone until it ends;
 * should a retry of the key be at work all the same, its store finds the id void and it issues again
 * under a new id (see credentials.service).
 */
export function createReclaimer(deps: ReclaimerDeps) {
  const sweep = (): Promise<number> => sweepOnce(deps);
  return {
    sweep,
    /**
     * Sweeps now and whenever something pending runs out; `soon` asks for a pass once an allocation
     * left pending just now has run out; `stop` ends it (a pass under way finishes).
     */
    start(): { stop(): void; soon(): void } {
      const passes: Passes = { sweep, clock: deps.clock, logger: deps.logger, ...IDLE };
      runPass(passes);
      return {
        stop: () => {
          passes.stopped = true;
          clearTimeout(passes.timer);
        },
        soon: () => schedule(passes, Date.now() + PENDING_TTL_MS + SETTLE_AFTER_MS),
      };
    },
  };
}
