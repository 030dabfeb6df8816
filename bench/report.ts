/**
 * The benchmark's results: their shape (written as JSON), the targets of the performance issue
 * judged against them, and the plain table printed at the end of a run.
 */
import type { fullPull, Latency, pollers, rangePull } from './scenarios.js';

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

export interface Verdict {
  target: string;
  status: 'met' | 'short' | 'not measured';
  detail: string;
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

/** Judges each target of the performance issue against the figures, or says why it cannot. */
export function judgeTargets(sizes: SizeResult[]): Verdict[] {
  const at = (n: number) => sizes.find((s) => s.size === n && s.store === 'sqlite');
  const out: Verdict[] = [];
  const hundred = at(100_000);
  const million = at(1_000_000);
  const notRun = (n: string) => ({
    status: 'not measured' as const,
    detail: `the ${n} size was not run`,
  });

  const full = hundred?.server?.full?.figures.perSecond;
  const base = hundred?.baseline?.full?.figures.perSecond;
  out.push({
    target: 'full 2.1 pull of 100,000 at >= 0.8x the baseline objects/s',
    ...(full && base
      ? judge(full / base, 0.8, 'at least', (r) => `${r.toFixed(2)}x baseline`)
      : notRun('100,000')),
  });

  const rss = million?.server?.full?.rssMB;
  out.push({
    target: '1,000,000: server RSS < 250 MB during a full pull',
    ...(rss != null ? judge(rss, 250, 'below', (v) => `${v.toFixed(0)} MB`) : notRun('1,000,000')),
  });
  const p50 = million?.server?.first?.figures.p50;
  out.push({
    target: '1,000,000: first page p50 < 20 ms',
    ...(p50 !== undefined
      ? judge(p50, 20, 'below', (v) => `${v.toFixed(1)} ms`)
      : notRun('1,000,000')),
  });
  out.push({
    target: '1,000,000: last 2.0 Range page <= 2x the first page',
    ...rangeTarget(million),
  });

  for (const size of sizes.filter((s) => s.store === 'sqlite')) {
    out.push({
      target: `import of ${size.size.toLocaleString('en-US')} at >= 50,000 indicators/s into SQLite`,
      ...(size.import.supported
        ? judge(
            size.import.perSecond,
            50_000,
            'at least',
            (v) => `${Math.round(v).toLocaleString('en-US')}/s`,
          )
        : { status: 'not measured' as const, detail: size.import.reason }),
    });
  }

  const polled = hundred?.server?.pollers?.figures;
  out.push({
    target: '50 pollers at 100,000: zero errors',
    ...(polled ? judge(polled.errors, 0, 'zero', (v) => `${v} errors`) : notRun('100,000')),
  });
  out.push({
    target: '50 pollers at 100,000: p99 < 200 ms for a 1,000-object page',
    ...(polled ? judge(polled.p99, 200, 'below', (v) => `${v.toFixed(0)} ms`) : notRun('100,000')),
  });
  return out;
}

function rangeTarget(million: SizeResult | undefined): Omit<Verdict, 'target'> {
  const range = million?.server?.range?.figures;
  if (!range) return { status: 'not measured', detail: 'the 1,000,000 size was not run' };
  if (!range.served) return { status: 'not measured', detail: 'TAXII 2.0 is not served (406)' };
  return judge(range.lastOverFirst, 2, 'at most', (r) => `last/first ${r.toFixed(2)}`);
}

type Bound = 'at least' | 'below' | 'at most' | 'zero';

function judge(value: number, bound: number, kind: Bound, show: (v: number) => string) {
  const met =
    kind === 'at least'
      ? value >= bound
      : kind === 'below'
        ? value < bound
        : kind === 'at most'
          ? value <= bound
          : value === 0;
  if (met) return { status: 'met' as const, detail: show(value) };
  if (kind === 'zero') return { status: 'short' as const, detail: show(value) };
  const by = Math.abs(value - bound) / bound;
  const side = kind === 'at least' ? 'below' : 'over';
  return {
    status: 'short' as const,
    detail: `${show(value)}, ${(by * 100).toFixed(0)}% ${side} the target`,
  };
}

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
