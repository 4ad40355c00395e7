/** Timing helpers shared by the bench scripts: a pool of clients, percentiles, CPU time, one printed row. */
import { readFileSync } from 'node:fs';

export interface Timed<T> {
  results: T[];
  ms: number[];
  wall: number;
  /** CPU time spent meanwhile by this process and by the store's, when a store pid was given */
  cpu?: { node: number; store: number };
  /** commands the service sent to the store meanwhile, when counted */
  trips?: number;
}

/** CPU milliseconds (user + system) used so far by this process and by the process `pid`. */
function cpuNow(pid?: number): { node: number; store: number } {
  const { user, system } = process.cpuUsage();
  let store = 0;
  if (pid) {
    // /proc/<pid>/stat fields 14 and 15: utime and stime in clock ticks (100 per second on Linux)
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    store = (Number(fields[11]) + Number(fields[12])) * 10;
  }
  return { node: (user + system) / 1000, store };
}

/** The store process whose CPU time rows report (the bench's own FerretDB). */
let storePid: number | undefined;
export const measureStoreCpu = (pid: number | undefined): void => void (storePid = pid);
/** How many commands the service has sent to the store so far (driver command monitoring). */
let storeCommands: (() => number) | undefined;
export const countStoreCommands = (count: () => number): void => void (storeCommands = count);

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
  const cpu0 = cpuNow(storePid);
  const trips0 = storeCommands?.() ?? 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const t0 = performance.now();
      results[i] = await work(i);
      ms.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  const cpu1 = cpuNow(storePid);
  return {
    results,
    ms,
    wall: performance.now() - started,
    cpu: { node: cpu1.node - cpu0.node, store: cpu1.store - cpu0.store },
    trips: storeCommands ? storeCommands() - trips0 : undefined,
  };
}

export const pct = (ms: number[], p: number): number =>
  [...ms].sort((a, b) => a - b)[Math.min(ms.length - 1, Math.floor(ms.length * p))] ?? NaN;

/**
 * One line: count, rate, p50, p95, total wall time, CPU time per request (this process + the store:
 * comparable across runs on a machine shared with other work, where wall times are not), and the
 * target it is measured against.
 */
export function row(name: string, { ms, wall, cpu, trips }: Timed<unknown>, target = ''): void {
  const rate = ((ms.length / wall) * 1000).toFixed(1);
  const f = (v: number) => v.toFixed(1).padStart(7);
  const perOp = cpu
    ? `  cpu/req node ${(cpu.node / ms.length).toFixed(1).padStart(5)} + store ${(cpu.store / ms.length).toFixed(1).padStart(5)} ms`
    : '';
  const perTrip =
    trips === undefined ? '' : `  store trips/req ${(trips / ms.length).toFixed(1).padStart(5)}`;
  console.log(
    `${name.padEnd(36)} ${String(ms.length).padStart(4)} ${rate.padStart(7)}/s  p50 ${f(pct(ms, 0.5))} ms  p95 ${f(pct(ms, 0.95))} ms  total ${(wall / 1000).toFixed(2).padStart(6)} s${perOp}${perTrip}${target ? `   target: ${target}` : ''}`,
  );
}
