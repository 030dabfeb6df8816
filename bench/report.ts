/**
 * The benchmark's results: their shape (written as JSON), the targets of the performance issue
 * judged against them, and the plain table printed at the end of a run.
 */
import type { fullPull, Latency, pollers, rangePull } from './scenarios.js';
import type { Verdict } from './targets.js';

export type PullFigures = Awaited<ReturnType<typeof fullPull>>;
export type LatencyFigures = Latency & { objects: number };
export type PollerFigures = Awaited<ReturnType<typeof pollers>>;
export type RangeFigures = Awaited<ReturnType<typeof rangePull>>;

export interface Measured<T> {
  figures: T;
  /** The server process's peak resident memory during the scenario, in MB. */
  rssMB: number | null;
  /** CPU seconds the server process used during the scenario. */
  cpuSeconds: number | null;
  /** Request durations from the product's own request log (the baseline keeps none). */
  serverLogged?: Latency;
}

export interface ServerFigures {
  full?: Measured<PullFigures>;
  first?: Measured<LatencyFigures>;
  incremental?: Measured<LatencyFigures>;
  manifest?: Measured<PullFigures>;
  pollers?: Measured<PollerFigures>;
  range?: Measured<RangeFigures>;
}

export interface ImportFigures {
  supported: true;
  location: string;
  seconds: number;
  /** CPU seconds the import used: a figure the machine's other load hardly changes. */
  cpuSeconds: number;
  added: number;
  updated: number;
  unchanged: number;
  rejected: number;
  perSecond: number;
  rssMB: number | null;
}

export interface SizeResult {
  size: number;
  store: 'sqlite' | 'postgres';
  generated: { records: number; bytes: number; seconds: number; files: number };
  import: ImportFigures | { supported: false; reason: string };
  storeBytes?: number;
  server?: ServerFigures;
  baseline?: ServerFigures;
}

export interface BenchResult {
  meta: Record<string, string | number>;
  sizes: SizeResult[];
  targets: Verdict[];
}

// The request times the XSOAR TAXII2 Server integration's README gives for its own feed.
export const XSOAR_TABLE: ReadonlyArray<[number, string]> = [
  [10_000, '5-10 s'],
  [50_000, '30-40 s'],
  [100_000, '50-90 s'],
];

/** The plain table: every figure beside the baseline's and their ratio. */
export function renderTable(result: BenchResult): string {
  const lines: string[] = [];
  const meta = result.meta;
  lines.push(
    `taxii2-server benchmark  ${meta['date']}  node ${meta['node']}  ${meta['cpus']} CPUs (${meta['cpu']})  commit ${meta['commit']}  seed "${meta['seed']}"`,
  );
  for (const size of result.sizes) {
    const against =
      size.store === 'sqlite' ? '' : ' (baseline: the SQLite file of the same indicators)';
    lines.push(
      '',
      `== ${size.size.toLocaleString('en-US')} indicators, ${size.store}${against} ==`,
    );
    lines.push(...sizeRows(size));
  }
  lines.push('', 'Targets');
  for (const t of result.targets) lines.push(`  ${t.status.padEnd(12)} ${t.target}: ${t.detail}`);
  return `${lines.join('\n')}\n`;
}

type Row = [string, string, string, string];

function sizeRows(size: SizeResult): string[] {
  const rows: Row[] = [['figure', 'taxii2-server', 'baseline', 'ratio']];
  const imp = size.import;
  if (!imp.supported) rows.push(['import', imp.reason, '', '']);
  else {
    rows.push(['import (indicators/s)', int(imp.perSecond), '', '']);
    rows.push([
      '  per CPU second',
      int((imp.added + imp.updated + imp.unchanged) / imp.cpuSeconds),
      '',
      '',
    ]);
    rows.push([
      'import time (s), peak RSS (MB)',
      `${imp.seconds.toFixed(2)} s, ${mb(imp.rssMB)}`,
      '',
      '',
    ]);
  }
  const s = size.server ?? {};
  const b = size.baseline ?? {};
  if (s.full || b.full) {
    rows.push(
      ratioRow(
        'full 2.1 pull, limit=1000 (objects/s)',
        s.full?.figures.perSecond,
        b.full?.figures.perSecond,
        int,
      ),
    );
    rows.push(ratioRow('  objects per server CPU second', perCpu(s.full), perCpu(b.full), int));
    rows.push(
      ratioRow('  full pull time (s)', s.full?.figures.seconds, b.full?.figures.seconds, (v) =>
        v.toFixed(2),
      ),
    );
    rows.push(ratioRow('  peak RSS (MB)', s.full?.rssMB, b.full?.rssMB, mb));
  }
  if (s.first || b.first) {
    rows.push(ratioRow('first page p50 (ms)', s.first?.figures.p50, b.first?.figures.p50, ms));
    rows.push(ratioRow('first page p99 (ms)', s.first?.figures.p99, b.first?.figures.p99, ms));
    rows.push(ratioRow('  peak RSS (MB)', s.first?.rssMB, b.first?.rssMB, mb));
  }
  if (s.incremental || b.incremental) {
    const objects = s.incremental?.figures.objects ?? b.incremental?.figures.objects ?? 0;
    rows.push(
      ratioRow(
        `incremental poll, ${objects} new, p50 (ms)`,
        s.incremental?.figures.p50,
        b.incremental?.figures.p50,
        ms,
      ),
    );
    rows.push(
      ratioRow(
        'incremental poll p99 (ms)',
        s.incremental?.figures.p99,
        b.incremental?.figures.p99,
        ms,
      ),
    );
    rows.push(ratioRow('  peak RSS (MB)', s.incremental?.rssMB, b.incremental?.rssMB, mb));
  }
  if (s.manifest || b.manifest) {
    rows.push(
      ratioRow(
        'manifest pull (records/s)',
        s.manifest?.figures.perSecond,
        b.manifest?.figures.perSecond,
        int,
      ),
    );
    rows.push(ratioRow('  peak RSS (MB)', s.manifest?.rssMB, b.manifest?.rssMB, mb));
  }
  if (s.pollers || b.pollers) {
    const n = s.pollers?.figures.concurrency ?? b.pollers?.figures.concurrency ?? 0;
    rows.push(
      ratioRow(
        `${n} concurrent pollers (req/s)`,
        s.pollers?.figures.perSecond,
        b.pollers?.figures.perSecond,
        int,
      ),
    );
    rows.push(ratioRow('  p50 (ms)', s.pollers?.figures.p50, b.pollers?.figures.p50, ms));
    rows.push(ratioRow('  p99 (ms)', s.pollers?.figures.p99, b.pollers?.figures.p99, ms));
    rows.push(ratioRow('  errors', s.pollers?.figures.errors, b.pollers?.figures.errors, String));
    const logged = s.pollers?.serverLogged;
    if (logged) {
      rows.push([
        '  in-server p50 / p99 (ms), request log',
        `${ms(logged.p50)} / ${ms(logged.p99)}`,
        '',
        '',
      ]);
    }
    rows.push(ratioRow('  peak RSS (MB)', s.pollers?.rssMB, b.pollers?.rssMB, mb));
  }
  if (s.range) {
    const range = s.range.figures;
    if (!range.served) rows.push(['2.0 Range pull', 'not served (406)', '', '']);
    else {
      const base = b.full?.figures.perSecond;
      rows.push(ratioRow('2.0 Range pull (objects/s)', range.perSecond, base, int));
      rows.push([
        '2.0 Range first/last page p50 (ms)',
        `${ms(range.firstPage.p50)} / ${ms(range.lastPage.p50)}`,
        '',
        `last/first ${range.lastOverFirst.toFixed(2)}`,
      ]);
      rows.push(['  peak RSS (MB)', mb(s.range.rssMB), '', '']);
    }
  }
  return [...table(rows), ...xsoarLines(size)];
}

// The XSOAR integration answers one request with the whole feed; a full pull is our equivalent.
function xsoarLines(size: SizeResult): string[] {
  const full = size.server?.full?.figures;
  if (!full || !XSOAR_TABLE.some(([n]) => n === size.size)) return [];
  const first = size.server?.first?.figures.p50;
  const theirs = XSOAR_TABLE.map(([n, t]) => `${n.toLocaleString('en-US')}: ${t}`).join(', ');
  return [
    `XSOAR TAXII2 Server README, request time: ${theirs}`,
    `this server, ${size.size.toLocaleString('en-US')}: full pull in ${full.seconds.toFixed(2)} s ` +
      `(${full.pages} requests of 1,000)${first === undefined ? '' : `, first page p50 ${ms(first)} ms`}`,
  ];
}

function ratioRow(
  label: string,
  ours: number | null | undefined,
  base: number | null | undefined,
  show: (v: number) => string,
): Row {
  const ratio = ours != null && base != null && base > 0 ? `${(ours / base).toFixed(2)}x` : '';
  return [label, ours == null ? '-' : show(ours), base == null ? '-' : show(base), ratio];
}

function table(rows: Row[]): string[] {
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

// Throughput per CPU second of the serving process: steadier than wall time on a busy machine.
function perCpu(m: Measured<PullFigures> | undefined): number | undefined {
  if (!m?.cpuSeconds) return undefined;
  return m.figures.objects / m.cpuSeconds;
}

function int(v: number): string {
  return Math.round(v).toLocaleString('en-US');
}

function ms(v: number): string {
  return v < 10 ? v.toFixed(2) : v.toFixed(1);
}

function mb(v: number | null | undefined): string {
  return v == null ? '-' : v.toFixed(0);
}
