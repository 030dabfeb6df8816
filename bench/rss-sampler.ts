/**
 * Peak resident memory of a child process during one scenario, from /proc/<pid>/status:
 * VmRSS sampled every few milliseconds, and VmHWM (the kernel's own peak) after resetting it
 * through /proc/<pid>/clear_refs where the kernel allows that. Also the CPU time the process
 * used meanwhile, from /proc/<pid>/stat: unlike wall time, it hardly grows when other work
 * on a shared machine competes for the cores.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const CLOCK_TICKS = clockTicks();

export interface Sampled {
  /** Peak resident memory in MB, or null when /proc is not there. */
  rssMB: number | null;
  /** User plus system CPU seconds, or null when /proc is not there. */
  cpuSeconds: number | null;
}

export class RssSampler {
  private peakKb = 0;
  private hwmReset = false;
  private timer: NodeJS.Timeout | undefined;
  private cpuAtStart: number | null = null;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 10,
  ) {}

  start(): void {
    try {
      writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
      this.hwmReset = true;
    } catch {
      this.hwmReset = false;
    }
    this.peakKb = this.read('VmRSS') ?? 0;
    this.cpuAtStart = this.cpuTicks();
    this.timer = setInterval(() => {
      this.peakKb = Math.max(this.peakKb, this.read('VmRSS') ?? 0);
    }, this.intervalMs);
  }

  /** Stops sampling and returns what was sampled. */
  stop(): Sampled {
    clearInterval(this.timer);
    const hwm = this.hwmReset ? (this.read('VmHWM') ?? 0) : 0;
    const peak = Math.max(this.peakKb, hwm, this.read('VmRSS') ?? 0);
    const cpu = this.cpuTicks();
    return {
      rssMB: peak === 0 ? null : Math.round(peak / 102.4) / 10,
      cpuSeconds:
        cpu === null || this.cpuAtStart === null ? null : (cpu - this.cpuAtStart) / CLOCK_TICKS,
    };
  }

  // Fields 14 and 15 of /proc/<pid>/stat, counted after the command name, which may hold spaces.
  private cpuTicks(): number | null {
    try {
      const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return null;
    }
  }

  private read(field: string): number | undefined {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
      return match ? Number(match[1]) : undefined;
    } catch {
      return undefined;
    }
  }
}

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}
