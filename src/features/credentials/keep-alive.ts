/** How often a running issuance renews its claim and its pending allocations (they expire after 15 s). */
export const RENEW_EVERY_MS = 5_000;

/**
 * Renews whatever an issuance holds, every `everyMs`, until stopped; a failed renewal is retried next
 * time. `stop()` answers once a renewal under way has ended: on FerretDB every update rewrites the
 * whole document it read, so a renewal still in flight when the claim is completed could write the
 * claim back as pending.
 */
export interface KeepAlive {
  also(renew: () => Promise<void>): void;
  stop(): Promise<void>;
}

export function keepAlive(everyMs: number): KeepAlive {
  const renewals: Array<() => Promise<void>> = [];
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = Promise.all(renewals.map((renew) => renew().catch(() => undefined)));
  }, everyMs);
  timer.unref();
  return {
    also: (renew) => void renewals.push(renew),
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
