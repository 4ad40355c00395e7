/** Timing helpers shared by the bench scripts: a pool of clients, percentiles, one printed row. */

export interface Timed<T> {
  results: T[];
  ms: number[];
  wall: number;
}

/** Runs `work(0..count-1)` from `clients` concurrent clients; each call's latency and the wall time. */
export async function timed<T>(
  count: number,
  clients: number,
  work: (i: number) => Promise<T>,
): Promise<Timed<T>> {
  const ms: number[] = [];
  const results: T[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const t0 = performance.now();
      results[i] = await work(i);
      ms.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  return { results, ms, wall: performance.now() - started };
}

export const pct = (ms: number[], p: number): number =>
  [...ms].sort((a, b) => a - b)[Math.min(ms.length - 1, Math.floor(ms.length * p))] ?? NaN;

/** One line: count, rate, p50, p95, total wall time, and the target it is measured against. */
export function row(name: string, { ms, wall }: { ms: number[]; wall: number }, target = ''): void {
  const rate = ((ms.length / wall) * 1000).toFixed(1);
  const f = (v: number) => v.toFixed(1).padStart(7);
  console.log(
    `${name.padEnd(34)} ${String(ms.length).padStart(5)}  ${rate.padStart(8)}/s  p50 ${f(pct(ms, 0.5))} ms  p95 ${f(pct(ms, 0.95))} ms  total ${(wall / 1000).toFixed(2).padStart(6)} s${target ? `   target: ${target}` : ''}`,
  );
}
