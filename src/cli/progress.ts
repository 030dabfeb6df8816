import type { ImportProgress } from '../importers/import-progress.js';

/** Where progress is drawn: standard error, normally. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** Millisecond clock; injectable for tests. */
  clock?: () => number;
  /** On a terminal, the least time between redraws. */
  redrawMs?: number;
  /** Elsewhere, the least time between two plain lines. */
  lineEveryMs?: number;
}

/**
 * Draws an import's progress: a bar with rate and time left, redrawn in place on a terminal;
 * elsewhere (a log file, CI) a plain line now and then, so that the output stays readable.
 */
export class ProgressReporter {
  private readonly clock: () => number;
  private readonly redrawMs: number;
  private readonly lineEveryMs: number;
  private phase: ImportProgress['phase'] | null = null;
  private phaseStarted = 0;
  private lastOutput = Number.NEGATIVE_INFINITY;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    options: ProgressOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.redrawMs = options.redrawMs ?? 100;
    this.lineEveryMs = options.lineEveryMs ?? 10_000;
  }

  /** The listener to hand the importer. */
  readonly update = (progress: ImportProgress): void => {
    const now = this.clock();
    const newPhase = progress.phase !== this.phase;
    if (newPhase) {
      this.phase = progress.phase;
      this.phaseStarted = now;
    }
    const finished = progress.done >= progress.total;
    const terminal = this.stream.isTTY === true;
    const every = terminal ? this.redrawMs : this.lineEveryMs;
    // The first and the last report of a phase always show; others at most every `every` ms.
    if (!newPhase && !finished && now - this.lastOutput < every) return;
    if (!terminal && newPhase && !finished && progress.done === 0 && progress.total === 0) return;
    this.lastOutput = now;
    const text = describe(progress, now - this.phaseStarted);
    if (terminal) {
      const width = Math.max(40, (this.stream.columns ?? 80) - 1);
      this.stream.write(`\r${fit(withBar(progress, text, width), width)}`);
      this.drawn = true;
      if (finished) this.endLine();
    } else {
      this.stream.write(`import: ${text}\n`);
    }
  };

  /** Ends the drawing, so that what is printed next starts on a line of its own. */
  finish(): void {
    if (this.drawn) this.endLine();
  }

  private endLine(): void {
    this.stream.write('\n');
    this.drawn = false;
  }
}

/** `writing 310,000 of 500,000 records (62%), 4,120 records/s, 46 s left`. */
export function describe(progress: ImportProgress, elapsedMs: number): string {
  const { done, total } = progress;
  const size = progress.phase === 'read' ? bytes : records;
  const verb = progress.phase === 'read' ? 'reading' : 'writing';
  const percent = total > 0 ? Math.floor((Math.min(done, total) / total) * 100) : 100;
  const parts = [`${verb} ${size(done, false)} of ${size(total, true)} (${percent}%)`];
  const seconds = elapsedMs / 1000;
  if (seconds >= 0.5 && done > 0) {
    const rate = done / seconds;
    parts.push(`${size(rate, true)}/s`);
    parts.push(
      done < total ? `${duration((total - done) / rate)} left` : `in ${duration(seconds)}`,
    );
  }
  return parts.join(', ');
}

function records(n: number, unit: boolean): string {
  const count = Math.round(n).toLocaleString('en-US');
  return unit ? `${count} records` : count;
}

function bytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 * 1024) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${Math.round(n)} B`;
}

function withBar(progress: ImportProgress, text: string, width: number): string {
  const cells = Math.max(10, Math.min(30, width - text.length - 3));
  const share = progress.total > 0 ? Math.min(1, progress.done / progress.total) : 1;
  const full = Math.round(share * cells);
  return `[${'#'.repeat(full)}${'.'.repeat(cells - full)}] ${text}`;
}

function fit(text: string, width: number): string {
  return text.length > width ? text.slice(0, width) : text.padEnd(width);
}

/** `46 s`, `3 min 20 s`, `1 h 05 min`. */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'unknown time';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  const minutes = Math.floor(s / 60) % 60;
  return `${Math.floor(s / 3600)} h ${String(minutes).padStart(2, '0')} min`;
}
