import { CLOCK_GRACE_MS, type WithLease } from '../../infra/leases.js';
import type { Logger } from '../../infra/logger.js';
import { PENDING_TTL_MS, type PendingAllocation } from '../status/status.repository.js';
import type { StatusService } from '../status/status.service.js';
import type { CredentialsRepository } from './credentials.repository.js';

export interface ReclaimerDeps {
  status: Pick<StatusService, 'pending' | 'bind' | 'release'>;
  repo: Pick<CredentialsRepository, 'stored' | 'voidId'>;
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
 * Gives back the status-list indexes of issuances that died before storing their credential. An
 * allocation stays pending while its issuance renews it; once it is past its time, the reclaimer
 * first voids the credential id (a unique insert into `credentials`: should that issuance only have
 * been frozen and wake up, it can no longer store a credential holding the index), then keeps the
 * index if the credential stored under that id holds it, and frees it otherwise. An id that a live
 * issuance (another attempt at the same idempotency key) still works on is left alone until it ends;
 * should a retry of the key be at work all the same, its store finds the id void and it issues again
 * under a new id (see credentials.service).
 */
export function createReclaimer({ status, repo, withLease, clock, logger }: ReclaimerDeps) {
  const settle = async (p: PendingAllocation): Promise<void> => {
    await repo.voidId(p.credentialId); // a no-op where a credential is stored already
    const stored = await repo.stored(p.credentialId);
    if (stored.kind === 'credential' && holds(stored.doc.statusRefs, p)) {
      await status.bind([p]);
      return;
    }
    await status.release(p, p.credentialId);
    logger.info('reclaimed the status index of an issuance that did not finish', {
      listId: p.listId,
      index: p.index,
      credentialId: p.credentialId,
    });
  };

  /** One pass; answers when the next one is due (the earliest time a pending allocation runs out). */
  const sweep = async (): Promise<number> => {
    const now = clock().getTime();
    const pending = await status.pending(BATCH);
    const live = new Set<string>();
    let next = now + PERIOD_MS;
    for (const p of pending) {
      const due = p.until.getTime() + SETTLE_AFTER_MS;
      if (due > now) {
        live.add(p.credentialId);
        next = Math.min(next, due);
      }
    }
    for (const p of pending) {
      if (p.until.getTime() + SETTLE_AFTER_MS > now || live.has(p.credentialId)) continue;
      await withLease(`reclaim:${p.listId}:${p.index}`, () => settle(p));
    }
    return pending.length === BATCH ? now : next;
  };

  return {
    sweep,
    /**
     * Sweeps now and whenever something pending runs out; `soon` asks for a pass once an allocation
     * left pending just now has run out; `stop` ends it (a pass under way finishes).
     */
    start(): { stop(): void; soon(): void } {
      let stopped = false;
      let running = false;
      let timer: NodeJS.Timeout | undefined;
      let dueAt = Infinity;
      let wanted = Infinity;
      /** the next pass at `at` (epoch ms), unless one is due sooner; during a pass, once it is over */
      const schedule = (at: number) => {
        const when = Math.min(Date.now() + PERIOD_MS, Math.max(Date.now() + 1_000, at));
        if (stopped) return;
        if (running) wanted = Math.min(wanted, when);
        if (running || when >= dueAt) return;
        clearTimeout(timer);
        dueAt = when;
        timer = setTimeout(run, when - Date.now());
        timer.unref();
      };
      const after = (at: number) => {
        running = false;
        const next = Math.min(at, wanted);
        wanted = Infinity;
        schedule(next);
      };
      const run = () => {
        running = true;
        dueAt = Infinity;
        sweep().then(
          (next) => after(Date.now() + (next - clock().getTime())),
          (error: Error) => {
            logger.warn('reclaiming pending status indexes failed; retrying', { error: error.name });
            after(Date.now() + 10_000);
          },
        );
      };
      run();
      return {
        stop: () => {
          stopped = true;
          clearTimeout(timer);
        },
        soon: () => schedule(Date.now() + PENDING_TTL_MS + SETTLE_AFTER_MS),
      };
    },
  };
}
