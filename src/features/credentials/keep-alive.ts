/** How often a running issuance renews its claim and its pending allocations (they expire after 15 s). */
export const RENEW_EVERY_MS = 5_000;

/** Renews whatever an issuance holds, every `everyMs`, until stopped; a failed renewal is retried next time. */
export interface KeepAlive {
  also(renew: () => Promise<void>): void;
  stop(): void;
}

export function keepAlive(everyMs: number): KeepAlive {
  const renewals: Array<() => Promise<void>> = [];
  const timer = setInterval(() => {
    for (const renew of renewals) void renew().catch(() => undefined);
  }, everyMs);
  timer.unref();
  return { also: (renew) => void renewals.push(renew), stop: () => clearInterval(timer) };
}
