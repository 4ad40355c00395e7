import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../src/config.js';

const run = promisify(execFile);

/** The churn fixture's peak heap (MiB) in a process of its own, with HEAP_GROWING_PERCENT `percent`. */
async function peakHeap(percent: number): Promise<number> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', join(PROJECT_ROOT, 'test/fixtures/heap/churn.ts'), String(percent)],
    { cwd: PROJECT_ROOT, timeout: 60_000 },
  );
  return (JSON.parse(stdout) as { peakMiB: number }).peakMiB;
}

describe('limitHeapGrowth (HEAP_GROWING_PERCENT)', function () {
  this.timeout(120_000);

  it("keeps the heap near its live data where V8's own rule lets it run to twice as much", async () => {
    const own = await peakHeap(0);
    const limited = await peakHeap(30);
    // measured: 136 MiB and 66 MiB (≈40 MiB live)
    assert.ok(
      limited < own * 0.7,
      `peak with 30%: ${limited.toFixed(0)} MiB; with V8's rule: ${own.toFixed(0)} MiB`,
    );
    assert.ok(limited > 40, `the live set is kept (${limited.toFixed(0)} MiB)`);
  });
});
