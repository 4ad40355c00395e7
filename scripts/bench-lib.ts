/**
 * Helpers shared by the bench scripts: a pool of clients with latencies, percentiles and medians,
 * CPU time and RSS of other processes (from /proc), and a small HTTP client.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface Timed<T> {
  results: T[];
  ms: number[];
  wall: number;
  /** CPU time spent meanwhile by this process and by the store's, when a store pid was given */
  cpu?: { node: number; store: number };
  /** commands the service sent to the store meanwhile, when counted */
  trips?: number;
}

/** CPU milliseconds (user + system) used so far by the process `pid` (Linux /proc; 0 once it is gone). */
export function cpuOf(pid: number): number {
  try {
    // fields 14 and 15 of /proc/<pid>/stat: utime and stime in clock ticks (100 per second on Linux)
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** Resident set size of the process `pid` in bytes (0 once it is gone). */
export function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return Number(match?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** `pid` and its descendants that are Node processes (a cluster's primary and workers; not the store). */
export function nodeTree(pid: number): number[] {
  const children = (p: number): number[] => {
    try {
      return readdirSync(`/proc/${p}/task`).flatMap((task) =>
        readFileSync(`/proc/${p}/task/${task}/children`, 'utf8')
          .trim()
          .split(/\s+/)
          .filter(Boolean)
          .map(Number),
      );
    } catch {
      return [];
    }
  };
  const isNode = (p: number) => {
    try {
      return readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'node';
    } catch {
      return false;
    }
  };
  const all = [pid];
  for (let i = 0; i < all.length; i += 1) all.push(...children(all[i] as number).filter(isNode));
  return all;
}

/** What rows report about the service besides latencies: its CPU, RSS and store commands. */
export interface Probe {
  /** CPU ms so far of the service's processes and of the store's */
  cpu(): { node: number; store: number };
  /** store commands the service has sent so far (undefined when not counted) */
  trips(): Promise<number | undefined>;
  /** the service's RSS now, bytes (all its processes) */
  rss(): number;
  /** store commands by command and collection between the last two `trips()` calls */
  tripsBy?(): Record<string, number>;
}

/** The bench process itself: a library call measured in process. */
export const selfProbe: Probe = {
  cpu: () => {
    const { user, system } = process.cpuUsage();
    return { node: (user + system) / 1000, store: 0 };
  },
  trips: async () => 0,
  rss: () => process.memoryUsage().rss,
};

/** Probes processes from outside: `service` and its Node descendants, and the store. */
export function processProbe(
  service: () => number,
  store: () => number | undefined,
  trips: () => Promise<number | undefined> = async () => undefined,
): Probe {
  const sum = (f: (pid: number) => number) => nodeTree(service()).reduce((n, pid) => n + f(pid), 0);
  return {
    cpu: () => ({ node: sum(cpuOf), store: cpuOf(store() ?? 0) }),
    trips,
    rss: () => sum(rssOf),
  };
}

/** Runs `work(0..count-1)` from `clients` concurrent clients; each call's latency and the wall time. */
export async function timed<T>(
  count: number,
  clients: number,
  work: (i: number) => Promise<T>,
  probe?: Probe,
): Promise<Timed<T>> {
  const ms: number[] = [];
  const results: T[] = [];
  let next = 0;
  const cpu0 = probe?.cpu();
  const trips0 = await probe?.trips();
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const t0 = performance.now();
      results[i] = await work(i);
      ms.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  const wall = performance.now() - started;
  const cpu1 = probe?.cpu();
  const trips1 = await probe?.trips();
  return {
    results,
    ms,
    wall,
    cpu: cpu0 && cpu1 ? { node: cpu1.node - cpu0.node, store: cpu1.store - cpu0.store } : undefined,
    trips: trips0 === undefined || trips1 === undefined ? undefined : trips1 - trips0,
  };
}

export const pct = (ms: number[], p: number): number =>
  [...ms].sort((a, b) => a - b)[Math.min(ms.length - 1, Math.floor(ms.length * p))] ?? NaN;

export const median = (values: number[]): number => {
  const known = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!known.length) return NaN;
  const mid = Math.floor(known.length / 2);
  return known.length % 2
    ? (known[mid] as number)
    : ((known[mid - 1] as number) + (known[mid] as number)) / 2;
};

export const rateOf = ({ ms, wall }: Timed<unknown>): number => (ms.length / wall) * 1000;
export const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);

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

type Json = Record<string, unknown>;

/** Requests to a service at `base`; a non-2xx answer other than `expect` throws. */
export function httpClient(base: string) {
  const send = async (path: string, init: RequestInit) => {
    const attempt = () => fetch(base + path, init);
    // a keep-alive socket the server closed (idle 5 s) just as the client reused it: once more on a
    // new one (were the request served after all, a bench credential is issued twice: harmless)
    return attempt().catch((error: Error) =>
      ['ECONNRESET', 'UND_ERR_SOCKET'].includes((error.cause as { code?: string } | undefined)?.code ?? '')
        ? attempt()
        : Promise.reject(error),
    );
  };
  const auth = (token?: string): Record<string, string> =>
    token ? { authorization: `Bearer ${token}` } : {};
  const checked = async (res: Response, what: string, expect: number[]) => {
    const text = await res.text();
    if (!expect.includes(res.status) && (res.status < 200 || res.status >= 300))
      throw new Error(`${what}: ${res.status} ${text.slice(0, 300)}`);
    return { status: res.status, text };
  };
  return {
    base,
    async post(path: string, body: unknown, token?: string, expect: number[] = []): Promise<Json> {
      const res = await send(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth(token) },
        body: JSON.stringify(body),
      });
      return JSON.parse((await checked(res, `POST ${path}`, expect)).text) as Json;
    },
    async postText(path: string, body: string, type: string, token?: string): Promise<Json> {
      const res = await send(path, {
        method: 'POST',
        headers: { 'content-type': type, ...auth(token) },
        body,
      });
      return JSON.parse((await checked(res, `POST ${path}`, [])).text) as Json;
    },
    async get(
      path: string,
      token?: string,
      expect: number[] = [],
    ): Promise<{ status: number; text: string }> {
      return checked(await send(path, { headers: auth(token) }), `GET ${path}`, expect);
    },
  };
}
export type HttpClient = ReturnType<typeof httpClient>;
