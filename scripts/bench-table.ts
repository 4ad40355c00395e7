/**
 * The table `npm run bench` prints: one line per measured row, each figure the median of the rounds
 * it was measured in (the machine is shared and noisy: single rounds wander). A row's ratio is taken
 * against the raw library row measured in the same round, then the median of those ratios is shown.
 */
import { median, mib, pct, rateOf, type Timed } from './bench-lib.js';

interface Round {
  rate: number;
  ratio: number;
  /** the raw row's CPU per operation ÷ this row's service CPU per request (its own process) */
  cpuRatio: number;
  p50: number;
  p95: number;
  trips: number;
  cpuNode: number;
  cpuStore: number;
  rss: number;
}

interface Line {
  name: string;
  /** what the ratio is against, and its target */
  against: string;
  target: string;
  rounds: Round[];
  /** store commands per request by kind, of the first round */
  tripsBy?: Record<string, number>;
}

export interface RowOptions {
  /** the raw row of the same round this row's rate is divided by */
  raw?: Timed<unknown>;
  /** its name in the table ("raw issue") */
  against?: string;
  /** what the issue asks of this row */
  target?: string;
  /** the service's RSS after the row, bytes */
  rss?: number;
  /** figures a job reports itself, instead of the client's latencies */
  rate?: number;
  /** store commands by kind during the row (BENCH_TRIPS=1 prints them per request) */
  tripsBy?: Record<string, number>;
}

export class BenchTable {
  private readonly lines = new Map<string, Line>();

  add(name: string, t: Timed<unknown>, options: RowOptions = {}): Timed<unknown> {
    const line = this.lines.get(name) ?? {
      name,
      against: options.against ?? '',
      target: options.target ?? '',
      rounds: [],
    };
    this.lines.set(name, line);
    const n = t.ms.length || 1;
    if (!line.tripsBy && options.tripsBy)
      line.tripsBy = Object.fromEntries(Object.entries(options.tripsBy).map(([k, v]) => [k, v / n]));
    const rate = options.rate ?? rateOf(t);
    line.rounds.push({
      rate,
      ratio: options.raw ? rate / rateOf(options.raw) : NaN,
      cpuRatio:
        options.raw?.cpu && t.cpu ? options.raw.cpu.node / options.raw.ms.length / (t.cpu.node / n) : NaN,
      p50: t.ms.length ? pct(t.ms, 0.5) : NaN,
      p95: t.ms.length ? pct(t.ms, 0.95) : NaN,
      trips: t.trips === undefined ? NaN : t.trips / n,
      cpuNode: t.cpu ? t.cpu.node / n : NaN,
      cpuStore: t.cpu ? t.cpu.store / n : NaN,
      rss: options.rss ?? NaN,
    });
    return t;
  }

  /** The median of a figure of a row (NaN when the row was not measured). */
  figure(name: string, key: keyof Round): number {
    return median(this.lines.get(name)?.rounds.map((r) => r[key]) ?? []);
  }

  print(title: string): void {
    const f = (v: number, digits = 1, width = 7) =>
      (Number.isFinite(v) ? v.toFixed(digits) : '–').padStart(width);
    console.log(`\n${title}`);
    console.log(
      `${'row'.padEnd(46)} ${'rate/s'.padStart(7)} ${'× raw'.padStart(6)} ${'× cpu'.padStart(6)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)} ${'trips'.padStart(6)} ${'cpu ms svc+store'.padStart(16)} ${'RSS MiB'.padStart(7)}  rounds  target`,
    );
    for (const line of this.lines.values()) {
      const m = (key: keyof Round) => median(line.rounds.map((r) => r[key]));
      const cpu = `${f(m('cpuNode'), 1, 6)} + ${f(m('cpuStore'), 1, 5)}`;
      const times = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '').padStart(6);
      const target = line.against ? `${line.target || '(none)'} vs ${line.against}` : line.target;
      console.log(
        `${line.name.padEnd(46)} ${f(m('rate'))} ${times(m('ratio'))} ${times(m('cpuRatio'))} ${f(m('p50'))} ${f(m('p95'))} ${f(m('trips'), 1, 6)} ${cpu.padStart(16)} ${(Number.isFinite(m('rss')) ? mib(m('rss')) : '–').padStart(7)}  ${String(line.rounds.length).padStart(6)}  ${target}`,
      );
    }
    if (process.env.BENCH_TRIPS !== '1') return;
    console.log(
      'Store commands per request by command and collection: count × and milliseconds (first round)',
    );
    for (const line of this.lines.values()) {
      const by = line.tripsBy ?? {};
      const kinds = Object.keys(by).filter((k) => !k.endsWith('\tms'));
      if (!kinds.length) continue;
      const ms = (k: string) => by[`${k}\tms`] ?? 0;
      const total = kinds.reduce((sum, k) => sum + ms(k), 0);
      console.log(
        `  ${line.name} (${total.toFixed(1)} ms): ${kinds
          .sort((a, b) => ms(b) - ms(a))
          .map((k) => `${k} ${(by[k] ?? 0).toFixed(1)}×/${ms(k).toFixed(1)}`)
          .join(', ')}`,
      );
    }
  }
}
