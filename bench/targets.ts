/** The performance issue's targets, judged against a run's figures. */
import type { SizeResult } from './report.js';

export interface Verdict {
  target: string;
  status: 'met' | 'short' | 'not measured';
  detail: string;
}

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
