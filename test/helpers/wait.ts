import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Polls `check` every 100 ms until it answers true; fails after `timeoutMs`, naming `what` and the
 * last error a check threw (a check that throws counts as "not yet": the store may be restarting).
 */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await delay(100);
  }
  assert.fail(`timed out waiting until ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}
